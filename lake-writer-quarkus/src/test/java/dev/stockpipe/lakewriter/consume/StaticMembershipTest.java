package dev.stockpipe.lakewriter.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaticMembershipTest {

    @Test
    void aConfiguredIdWins() {
        assertThat(StaticMembership.derive(Optional.of(" writer-a "), "pod-1", () -> "host")).contains("writer-a");
    }

    @Test
    void withoutOneTheIdComesFromHostnameThePodNameInKubernetes() {
        assertThat(StaticMembership.derive(Optional.empty(), "lake-writer-7d9f-x2k4q", () -> "host"))
                .contains("lake-writer-lake-writer-7d9f-x2k4q");
    }

    @Test
    void withoutHostnameTheLocalHostNameIsUsed() {
        assertThat(StaticMembership.derive(Optional.empty(), null, () -> "build-box.example.org"))
                .contains("lake-writer-build-box.example.org");
        assertThat(StaticMembership.derive(Optional.of("  "), "", () -> "box")).contains("lake-writer-box");
    }

    @Test
    void charactersKafkaRejectsAreReplaced() {
        assertThat(StaticMembership.derive(Optional.of("writer a/1:b"), null, () -> null)).contains("writer-a-1-b");
    }

    @Test
    void noHostNameAtAllMeansNoStaticId() {
        assertThat(StaticMembership.derive(Optional.empty(), null, () -> null)).isEmpty();
    }
}
