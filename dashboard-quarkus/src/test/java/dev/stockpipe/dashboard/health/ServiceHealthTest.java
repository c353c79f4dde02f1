package dev.stockpipe.dashboard.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.dashboard.view.ServiceStatus;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ServiceHealthTest {

    @Test
    void parsesTheServiceListInOrder() {
        List<ServiceTarget> targets = ServiceTarget.parseList(Optional.of(" ingest=http://localhost:8081 , lake-writer=http://lw:8082/"));
        assertThat(targets).extracting(ServiceTarget::name).containsExactly("ingest", "lake-writer");
        assertThat(targets.get(1).readyUrl()).hasToString("http://lw:8082/q/health/ready");
        assertThat(ServiceTarget.parseList(Optional.empty())).isEmpty();
        assertThat(ServiceTarget.parseList(Optional.of(" "))).isEmpty();
    }

    @Test
    void rejectsAMistakenEntryNamingIt() {
        assertThatThrownBy(() -> ServiceTarget.parseList(Optional.of("ingest:8081"))).hasMessageContaining("'ingest:8081'");
        assertThatThrownBy(() -> ServiceTarget.parseList(Optional.of("ingest=localhost:8081"))).hasMessageContaining("http");
        assertThatThrownBy(() -> ServiceTarget.parseList(Optional.of("a=http://x:1,a=http://y:2"))).hasMessageContaining("twice");
    }

    @Test
    void readinessAnswersBecomeUpDownOrUnreachable() {
        ServiceTarget t = new ServiceTarget("lake-writer", java.net.URI.create("http://lw:8082"));
        assertThat(Readiness.answered(t, 200, "{}").status()).isEqualTo("UP");
        ServiceStatus down = Readiness.answered(t, 503,
                "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"lake\",\"status\":\"DOWN\"},{\"name\":\"kafka\",\"status\":\"UP\"}]}");
        assertThat(down.status()).isEqualTo("DOWN");
        assertThat(down.reason()).isEqualTo("HTTP 503, checks down: lake");
        ServiceStatus unreachable = Readiness.failed(t, new RuntimeException(new ConnectException("Connection refused")));
        assertThat(unreachable.status()).isEqualTo("unreachable");
        assertThat(unreachable.reason()).isEqualTo("ConnectException: Connection refused");
        assertThat(Readiness.failed(t, new RuntimeException("x".repeat(500))).reason()).hasSize(Readiness.MAX_REASON_CHARS);
    }

    @Test
    void lagIsEndMinusCommittedAndUnknownWithoutCommits() {
        TopicPartition p0 = new TopicPartition("stock.realtime", 0);
        TopicPartition p1 = new TopicPartition("stock.realtime", 1);
        Map<TopicPartition, Long> ends = Map.of(p0, 1000L, p1, 500L);

        LagReport report = LagReport.measured("lake-writer", ends, Map.of(p0, new OffsetAndMetadata(900), p1, new OffsetAndMetadata(500)),
                Map.of(p0, 990L));
        assertThat(report.kafkaUp()).isTrue();
        assertThat(report.lakeWriterLag()).isEqualTo(100);
        assertThat(report.dashboardLag()).isEqualTo(10);

        LagReport none = LagReport.measured("lake-writer", ends, Map.of(), Map.of());
        assertThat(none.lakeWriterLag()).isNull();
        assertThat(none.lakeWriterNote()).contains("committed nothing");
        assertThat(none.dashboardLag()).isNull();
        assertThat(LagReport.down("TimeoutException: x").kafkaUp()).isFalse();
    }
}
