package dev.stockpipe.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStack;
import dev.stockpipe.ingest.support.KafkaReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job mode exactly as operators run it: {@code bin/ingest historical …} on the packaged
 * fast-jar, as a child process, against the devstack broker (runs after {@code package}, by
 * failsafe).
 */
class HistoricalJobJarIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static DevStack stack;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        stack = DevStack.builder().partitions(3).build().start();
    }

    @AfterAll
    static void stopBroker() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void backfillExitsZeroPrintsTheSummaryLastAndWritesTheXcomFile() throws Exception {
        Path xcom = tmp.resolve("xcom/return.json");
        Result r = run(stack.kafkaBootstrapServers(), "historical", "--from", "2024-01-02", "--to", "2024-01-05",
                "--source", "synthetic", "--symbols", "aapl,MSFT", "--interval", "1d", "--run-id", "jar-it-1",
                "--xcom-file", xcom.toString());

        assertThat(r.exit).as(r.stderr).isZero();
        JsonNode summary = r.summary();
        assertThat(summary.path("status").asText()).isEqualTo("success");
        assertThat(summary.path("run_id").asText()).isEqualTo("jar-it-1");
        assertThat(summary.path("bars_sent").asLong()).isEqualTo(8); // 2 symbols x 4 weekdays
        assertThat(summary.path("partitions").asInt()).isEqualTo(3);
        assertThat(summary.path("markers_sent").asInt()).isEqualTo(3);
        assertThat(Files.readString(xcom)).isEqualTo(r.lastLine());

        try (KafkaReader reader = new KafkaReader(stack.kafkaBootstrapServers(), Topics.HISTORICAL)) {
            var records = reader.readUntil(rs -> BackfillIT.markersOf(rs, "jar-it-1").size() == 3, Duration.ofSeconds(60));
            long bars = records.stream().filter(rec -> !BackfillIT.isMarker(rec))
                    .filter(rec -> JsonCodec.readTree(rec.value()).path("run_id").asText().equals("jar-it-1")).count();
            assertThat(bars).isEqualTo(8);
        }
    }

    @Test
    void anUnreachableBrokerFailsTheJobWithExitCodeOne() throws Exception {
        Result r = run("127.0.0.1:" + freePort(), "-Dkafka.max.block.ms=3000", "historical", "--date", "2024-01-02",
                "--symbols", "AAPL", "--run-id", "jar-it-2");

        assertThat(r.exit).as(r.stderr).isEqualTo(1);
        assertThat(r.summary().path("status").asText()).isEqualTo("failed");
        assertThat(r.summary().path("error").asText()).contains("did not answer within 3 s while starting the run's transaction",
                "KAFKA_BOOTSTRAP_SERVERS");
        // one sentence (then its cause), no stack trace
        assertThat(r.stderr).contains("ingest-historical failed: Kafka at 127.0.0.1:").doesNotContain("\tat ");
        assertThat(r.stderr.lines().filter(l -> l.startsWith("ingest-historical failed: "))).singleElement().asString()
                .doesNotContain("\n");
        System.out.println("JOB-UNREACHABLE stderr:\n" + r.stderr);
    }

    @Test
    void aMissingCsvFolderIsAUsageErrorBeforeKafkaIsTouched() throws Exception {
        Result r = run(stack.kafkaBootstrapServers(), "-Dingest.csv.path=" + tmp.resolve("no-such-folder"), "historical",
                "--date", "2024-01-02", "--source", "csv", "--symbols", "AAPL");

        assertThat(r.exit).as(r.stderr).isEqualTo(2);
        assertThat(r.summary().path("status").asText()).isEqualTo("usage_error");
        assertThat(r.stderr).contains("ingest-historical: --source 'csv' cannot be used: CSV path").doesNotContain("\tat ");
    }

    @Test
    void aReversedRangeIsAUsageError() throws Exception {
        Result r = run(stack.kafkaBootstrapServers(), "historical", "--from", "2024-01-05", "--to", "2024-01-02");

        assertThat(r.exit).as(r.stderr).isEqualTo(2);
        assertThat(r.summary().path("status").asText()).isEqualTo("usage_error");
        assertThat(r.stderr).contains("--to 2024-01-02 is before --from 2024-01-05");
    }

    /** Runs bin/ingest; arguments starting with -D go to the JVM through INGEST_JAVA_OPTS. */
    private Result run(String bootstrap, String... args) throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/ingest").toString()));
        for (String a : args) {
            (a.startsWith("-D") ? jvm : command).add(a);
        }
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS, bootstrap);
        env.put("INGEST_JAVA_OPTS", String.join(" ", jvm));
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/ingest did not finish within 3 minutes");
        }
        return new Result(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    record Result(int exit, List<String> stdout, String stderr) {
        String lastLine() {
            assertThat(stdout).as("stdout (stderr: %s)", stderr).isNotEmpty();
            return stdout.get(stdout.size() - 1);
        }

        JsonNode summary() {
            return JsonCodec.readTree(lastLine().getBytes(StandardCharsets.UTF_8));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
