package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunIdsTest {

    @Test
    void sanitizesAirflowRunIdsIntoKeySafeIds() {
        String id = RunIds.sanitize("scheduled__2024-01-05T21:30:00+00:00");
        assertThat(id).isEqualTo("scheduled__2024-01-05T21_30_00_00_00");
        assertThat(RunIds.isValid(id)).isTrue();
        assertThat(RunIds.sanitize("x".repeat(200))).hasSize(128);
    }

    @Test
    void rejectsPathTricks() {
        assertThat(RunIds.isValid("..")).isFalse();
        assertThat(RunIds.isValid("a/b")).isFalse();
        assertThat(RunIds.isValid("")).isFalse();
        assertThat(RunIds.isValid(null)).isFalse();
    }
}
