package dev.stockpipe.containers;

import static dev.stockpipe.containers.Containers.image;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job images under the job contract, as containers against devstack: exit 0 on success, 1 on a
 * failure, 2 on a usage mistake, the one-line summary last on stdout and in the {@code --xcom-file}
 * (mounted where KubernetesPodOperator's sidecar reads it). The Spark image runs each job with
 * spark-submit in {@code local[*]}; the daily job's output feeds the loader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobImagesIT {

    private static final String XCOM = "/airflow/xcom";
    private static final String DAY = "2026-10-29";

    @TempDir
    Path work;

    private DevStack stack;
    private Map<String, String> lakeEnv;

    @BeforeAll
    void start() {
        stack = DevStack.builder().build().start();
        lakeEnv = stack.connectionProperties();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A job run: exit code, the summary it printed last, and the one it wrote to the xcom file. */
    private record Job(int exitCode, JsonNode printed, JsonNode xcom, String stderr) {
    }

    private Job job(String name, Map<String, String> env, long memoryMiB, String... args) throws IOException {
        Path xcom = Containers.sharedDir(work, "xcom-" + System.nanoTime());
        Path data = Containers.sharedDir(work, "data");
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("--xcom-file");
        argv.add(XCOM + "/return.json");
        Map<String, String> all = new HashMap<>(lakeEnv);
        all.put("SPARK_LOCAL_IP", "127.0.0.1");
        all.putAll(env);
        Containers.Result r = Containers.run(new Containers.Spec(image(name), argv, all, Map.of(xcom, XCOM, data, "/data"),
                Containers.mebibytes(memoryMiB)), Duration.ofMinutes(10));
        Path file = xcom.resolve("return.json");
        JsonNode xcomSummary = Files.isRegularFile(file) ? JsonCodec.readTree(Files.readAllBytes(file)) : null;
        JsonNode printed = r.lastStdoutLine().startsWith("{")
                ? JsonCodec.readTree(r.lastStdoutLine().getBytes(StandardCharsets.UTF_8)) : null;
        System.out.printf("[containers] %s %s -> exit %d%n", name, String.join(" ", args), r.exitCode());
        return new Job(r.exitCode(), printed, xcomSummary, r.stderr());
    }

    private static void assertContract(Job job, int exitCode, String status) {
        assertThat(job.exitCode()).as("exit code; stderr:\n%s", tail(job.stderr())).isEqualTo(exitCode);
        assertThat(job.xcom()).as("summary in the xcom file").isNotNull();
        assertThat(job.xcom().get("status").asText()).isEqualTo(status);
        assertThat(job.printed()).as("the same summary as the last stdout line").isEqualTo(job.xcom());
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Test
    @Order(1)
    void ingestJob() throws IOException {
        assertContract(job("ingest", Map.of(), 768, "historical", "--run-id", "c1"), 2, "usage_error");
        int closed = Containers.freePort();
        Job down = job("ingest", Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closed), 768,
                "historical", "--date", DAY, "--run-id", "c1", "--symbols", "AAPL");
        assertContract(down, 1, "failed");
        assertThat(down.xcom().get("error").asText()).contains("127.0.0.1:" + closed);
    }

    @Test
    @Order(2)
    void sparkJobsWithSparkSubmitInLocalMode() throws IOException {
        writeRawBarsAndTicks();
        assertContract(job("spark-jobs", Map.of(), 2048, "daily-metrics", "--run-id", "c1"), 2, "usage_error");
        assertContract(job("spark-jobs", Map.of(), 2048, "daily-metrics", "--date", "2023-06-01", "--run-id", "c1"), 1,
                "failed");

        Job daily = job("spark-jobs", Map.of(), 2048, "daily-metrics", "--date", DAY, "--run-id", "c1");
        assertContract(daily, 0, "success");
        assertThat(daily.xcom().get("rows_written").asLong()).isEqualTo(3);
        assertThat(daily.xcom().get("invalid_rows").asLong()).isZero();

        Job window = job("spark-jobs", Map.of(), 2048, "window-metrics", "--available-now", "--run-id", "c1");
        assertContract(window, 0, "success");
        assertThat(window.xcom().get("lines_read").asLong()).isEqualTo(61);
        assertThat(window.xcom().get("windows").get("15m").get("rows_written").asLong()).isPositive();
    }

    @Test
    @Order(3)
    void loaderIntoDuckDb() throws IOException {
        Map<String, String> duckdb = Map.of();
        assertContract(job("warehouse-loader", duckdb, 1536, "load", "--date", DAY), 2, "usage_error");
        Job missing = job("warehouse-loader", duckdb, 1536, "load", "--date", "2026-10-30", "--run-id", "c1",
                "--warehouse", "duckdb", "--duckdb-file", "/data/warehouse.duckdb");
        assertContract(missing, 1, "failed");
        assertThat(missing.xcom().get("error").asText()).contains("2026-10-30");

        Job load = job("warehouse-loader", duckdb, 1536, "load", "--date", DAY, "--run-id", "c1", "--warehouse", "duckdb",
                "--duckdb-file", "/data/warehouse.duckdb");
        assertContract(load, 0, "success");
        assertThat(load.xcom().get("inserted").asLong()).isEqualTo(3);
    }

    /** Three daily bars on {@value #DAY} and an hour of ticks plus one past it, landed as the lake-writer lands them. */
    private void writeRawBarsAndTicks() {
        Instant open = Instant.parse(DAY + "T13:30:00Z");
        List<String> bars = new ArrayList<>();
        for (String symbol : List.of("AAPL", "MSFT", "NVDA")) {
            bars.add(JsonCodec.toJson(JsonCodec.toNode(new HistoricalBar(symbol, open, BarInterval.ONE_DAY, 100, 110, 95, 105,
                    null, 1_000, HistoricalBar.SOURCE_SYNTHETIC, "c1"))));
        }
        List<String> ticks = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            ticks.add(JsonCodec.toJson(JsonCodec.toNode(new Tick("AAPL", open.plusSeconds(i * 60L), 100 + i / 10.0, 5, i,
                    Tick.SOURCE_SIMULATOR))));
        }
        try (LakeObjects lake = new LakeObjects(lakeEnv)) {
            lake.putRaw(LakeLayout.DEFAULT.rawHistoricalKey(open, Topics.HISTORICAL, 0, 0), bars);
            lake.putRaw(LakeLayout.DEFAULT.rawRealtimeKey(open, Topics.REALTIME, 0, 0), ticks.subList(0, 30));
            lake.putRaw(LakeLayout.DEFAULT.rawRealtimeKey(open.plusSeconds(1800), Topics.REALTIME, 0, 30),
                    ticks.subList(30, 61));
        }
    }
}
