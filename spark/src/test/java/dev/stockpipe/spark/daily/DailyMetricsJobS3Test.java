package dev.stockpipe.spark.daily;

import static dev.stockpipe.spark.daily.Bars.bar;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.DailyMetrics;
import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.fixtures.Fixtures;
import dev.stockpipe.devstack.DevStack;
import dev.stockpipe.spark.RawLakeWriter;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DailyMetricsJob end to end against a real S3 server (S3Proxy child JVM) over s3a, on raw
 * objects laid out exactly as the lake-writer writes them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DailyMetricsJobS3Test {

    private static final String BUCKET = "daily-job-lake";
    private static DevStack stack;
    private static SparkSession spark;
    private static LakeLocation lake;
    private static Map<String, String> env;

    @BeforeAll
    static void start() {
        stack = DevStack.builder().withKafka(false).buckets(BUCKET).build().start();
        env = stack.connectionProperties();
        spark = SharedSpark.session();
        lake = SharedSpark.configureLake("s3a://" + BUCKET, env);
        RawLakeWriter raw = new RawLakeWriter(lake, spark.sparkContext().hadoopConfiguration());

        // trading date 2024-01-05 (EST): fixture bar + 5m bars, one object per UTC day as the lake-writer groups them
        List<HistoricalBar> jan5 = new ArrayList<>(List.of(
                bar("TEST", "2024-01-05T14:35:00.000Z", "5m", 100.5, 102.0, 100.0, 101.5, 2000),
                bar("TEST", "2024-01-05T14:30:00.000Z", "5m", 100.0, 101.0, 99.5, 100.5, 1000),
                bar("TEST", "2024-01-05T23:55:00.000Z", "5m", 101.5, 103.0, 101.0, 102.5, 300)));
        jan5.add(fixtureBar("daily-aapl.json"));
        raw.writeBars(0, 0, jan5);
        // after UTC midnight but still Jan 5 in New York: lands in the day=06 partition
        raw.writeBars(0, 4, List.of(bar("TEST", "2024-01-06T00:05:00.000Z", "5m", 102.5, 104.0, 102.0, 103.0, 400)));
        // a replayed object (same records at another offset range, e.g. after a rebalance): duplicates
        raw.writeBars(1, 0, List.of(bar("TEST", "2024-01-05T14:30:00.000Z", "5m", 100.0, 101.0, 99.5, 100.5, 1000)));
        // trading date 2024-01-08 (Monday)
        raw.writeBars(2, 0, List.of(
                bar("TEST", "2024-01-08T15:00:00.000Z", "1h", 110.0, 111.0, 108.0, 109.0, 5000),
                bar("AAPL", "2024-01-08T15:00:00.000Z", "1h", 182.0, 185.0, 181.0, 184.5, 7000)));
        // 2024-01-09: one good bar, one OHLC violation, one malformed line
        String key = lake.layout().rawHistoricalKey(Instant.parse("2024-01-09T15:00:00Z"), Topics.HISTORICAL, 0, 100);
        raw.write(key, List.of(
                JsonCodec.toJson(JsonCodec.toNode(bar("TEST", "2024-01-09T15:00:00.000Z", "1h", 10, 11, 9, 10, 1)))
                        .replace("\"high\":11.0", "\"high\":8.0"),
                JsonCodec.toJson(JsonCodec.toNode(bar("TEST", "2024-01-09T16:00:00.000Z", "1h", 10, 11, 9, 10.5, 2))),
                "{\"symbol\":\"TEST\",\"ts\":"));
    }

    private static HistoricalBar fixtureBar(String name) {
        var fixture = Fixtures.validBars().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        var parsed = RecordValidator.parseBar(fixture.bytes(), Instant.now());
        assertThat(parsed.isValid()).as(parsed.reasons().toString()).isTrue();
        return parsed.value();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    record Run(int exit, JsonNode summary, String stderr) {
    }

    private static Run run(String... args) {
        return run(env, args);
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DailyMetricsJob.run(args, env, SharedSpark.provider(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return new Run(exit, JsonCodec.readTree(lines[lines.length - 1].getBytes(StandardCharsets.UTF_8)),
                err.toString(StandardCharsets.UTF_8));
    }

    private static List<Row> output() {
        return spark.read().parquet(lake.path(lake.layout().processedHistoricalRoot()))
                .orderBy(Fields.SYMBOL, Fields.TRADE_DATE).collectAsList();
    }

    private static List<FileStatus> files(LocalDate date) throws Exception {
        Path dir = new Path(lake.path(lake.layout().processedHistoricalPrefix(date)));
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return Arrays.stream(fs.listStatus(dir)).filter(s -> s.getPath().getName().endsWith(".parquet")).toList();
    }

    @Test
    @Order(1)
    void computesTheDailyMetricsOfARangeFromRawS3Objects() throws Exception {
        Run r = run("--from", "2024-01-05", "--to", "2024-01-08", "--run-id", "it-1", "--lake", "s3a://" + BUCKET);

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.summary().get("status").asText()).isEqualTo("success");
        assertThat(r.summary().get("run_id").asText()).isEqualTo("it-1");
        assertThat(r.summary().get("rows_read").asLong()).isEqualTo(8);
        assertThat(r.summary().get("invalid_rows").asLong()).isZero();
        assertThat(r.summary().get("bars_used").asLong()).isEqualTo(7);
        assertThat(r.summary().get("rows_written").asLong()).isEqualTo(4);

        List<Row> rows = output();
        assertThat(rows).extracting(row -> row.getAs(Fields.SYMBOL) + "@" + row.getAs(Fields.TRADE_DATE))
                .containsExactly("AAPL@2024-01-05", "AAPL@2024-01-08", "TEST@2024-01-05", "TEST@2024-01-08");
        assertRow(rows.get(0), new DailyMetrics("AAPL", LocalDate.parse("2024-01-05"), 181.99, 182.76, 180.17, 181.18,
                62379700, DailyMetrics.pctChange(181.99, 181.18), 1));
        // 4 distinct 5m bars (one duplicate dropped), the last one after UTC midnight
        assertRow(rows.get(2), new DailyMetrics("TEST", LocalDate.parse("2024-01-05"), 100.0, 104.0, 99.5, 103.0,
                3700, 3.0, 4));
        assertRow(rows.get(3), new DailyMetrics("TEST", LocalDate.parse("2024-01-08"), 110.0, 111.0, 108.0, 109.0,
                5000, DailyMetrics.pctChange(110.0, 109.0), 1));
        assertThat(files(LocalDate.parse("2024-01-05"))).hasSize(1);
        assertThat(files(LocalDate.parse("2024-01-08"))).hasSize(1);
    }

    private static void assertRow(Row row, DailyMetrics e) {
        assertThat((String) row.getAs(Fields.SYMBOL)).isEqualTo(e.symbol());
        assertThat(row.<java.sql.Date>getAs(Fields.TRADE_DATE).toLocalDate()).isEqualTo(e.tradeDate());
        assertThat((double) row.getAs(Fields.DAILY_OPEN)).isEqualTo(e.dailyOpen());
        assertThat((double) row.getAs(Fields.DAILY_HIGH)).isEqualTo(e.dailyHigh());
        assertThat((double) row.getAs(Fields.DAILY_LOW)).isEqualTo(e.dailyLow());
        assertThat((double) row.getAs(Fields.DAILY_CLOSE)).isEqualTo(e.dailyClose());
        assertThat((long) row.getAs(Fields.DAILY_VOLUME)).isEqualTo(e.dailyVolume());
        assertThat((double) row.getAs(Fields.PCT_CHANGE)).isCloseTo(e.pctChange(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat((long) row.getAs(Fields.BAR_COUNT)).isEqualTo(e.barCount());
    }

    @Test
    @Order(2)
    void rerunningOneDateReplacesExactlyThatDate() throws Exception {
        List<Row> before = output();
        List<FileStatus> jan5Before = files(LocalDate.parse("2024-01-05"));
        List<FileStatus> jan8Before = files(LocalDate.parse("2024-01-08"));

        Run r = run("--date", "2024-01-05", "--run-id", "it-2", "--lake", "s3a://" + BUCKET);

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(output()).isEqualTo(before);
        List<FileStatus> jan5After = files(LocalDate.parse("2024-01-05"));
        assertThat(jan5After).hasSize(1);
        assertThat(jan5After.get(0).getPath()).isNotEqualTo(jan5Before.get(0).getPath()); // replaced, not appended
        assertThat(files(LocalDate.parse("2024-01-08"))).extracting(FileStatus::getPath)
                .containsExactlyElementsOf(jan8Before.stream().map(FileStatus::getPath).toList()); // untouched
    }

    @Test
    @Order(3)
    void failsAboveTheDataQualityThresholdAndWritesNothing() throws Exception {
        Run r = run("--date", "2024-01-09", "--max-invalid-ratio", "0.5", "--lake", "s3a://" + BUCKET);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.summary().get("status").asText()).isEqualTo("failed");
        assertThat(r.stderr()).contains("2 of 3 raw bars").contains(BarQuality.HIGH_BELOW_LOW).contains(BarQuality.MALFORMED);
        Path dir = new Path(lake.path(lake.layout().processedHistoricalPrefix(LocalDate.parse("2024-01-09"))));
        assertThat(dir.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(dir)).isFalse();
    }

    @Test
    @Order(4)
    void reportsInvalidRowsAndWritesTheRestAtOrBelowTheThreshold() {
        Run r = run("--date", "2024-01-09", "--max-invalid-ratio", "0.7", "--lake", "s3a://" + BUCKET);

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.summary().get("invalid_rows").asLong()).isEqualTo(2);
        assertThat(r.summary().get("invalid_by_reason").get(BarQuality.HIGH_BELOW_LOW).asLong()).isEqualTo(1);
        assertThat(r.summary().get("invalid_by_reason").get(BarQuality.MALFORMED).asLong()).isEqualTo(1);
        assertThat(output()).filteredOn(row -> row.<java.sql.Date>getAs(Fields.TRADE_DATE).toString().equals("2024-01-09"))
                .singleElement().satisfies(row -> assertThat((long) row.getAs(Fields.BAR_COUNT)).isEqualTo(1));
    }

    @Test
    @Order(5)
    void rerunOfARangeDeletesTheOutputOfDatesThatNoLongerProduceRows() throws Exception {
        RawLakeWriter raw = new RawLakeWriter(lake, spark.sparkContext().hadoopConfiguration());
        String jan10 = raw.writeBars(0, 200, List.of(bar("TEST", "2024-01-10T15:00:00.000Z", "1h", 20, 21, 19, 20.5, 10)));
        String jan11 = raw.writeBars(0, 300, List.of(bar("TEST", "2024-01-11T15:00:00.000Z", "1h", 30, 31, 29, 30.5, 20)));
        Run first = run("--from", "2024-01-10", "--to", "2024-01-11", "--lake", "s3a://" + BUCKET);
        assertThat(first.exit()).as(first.stderr()).isZero();
        assertThat(first.summary().get("dates_written")).extracting(JsonNode::asText)
                .containsExactly("2024-01-10", "2024-01-11");
        assertThat(first.summary().get("dates_deleted")).isEmpty();
        List<Row> others = output().stream().filter(row -> row.<java.sql.Date>getAs(Fields.TRADE_DATE)
                .toLocalDate().isBefore(LocalDate.parse("2024-01-10"))).toList();

        // the source is corrected: Jan 10's bar is gone, Jan 11 gains a malformed line
        Path jan10Object = new Path(lake.path(jan10));
        assertThat(jan10Object.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(jan10Object, false)).isTrue();
        raw.write(jan11, List.of(
                JsonCodec.toJson(JsonCodec.toNode(bar("TEST", "2024-01-11T15:00:00.000Z", "1h", 30, 31, 29, 30.5, 20))),
                "{\"symbol\":\"TEST\","));

        // a failed run (threshold) deletes nothing
        Run failed = run("--from", "2024-01-10", "--to", "2024-01-11", "--max-invalid-ratio", "0.1", "--lake", "s3a://" + BUCKET);
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(files(LocalDate.parse("2024-01-10"))).hasSize(1);

        Run rerun = run("--from", "2024-01-10", "--to", "2024-01-11", "--max-invalid-ratio", "0.6", "--lake", "s3a://" + BUCKET);
        assertThat(rerun.exit()).as(rerun.stderr()).isZero();
        assertThat(rerun.summary().get("dates_written")).extracting(JsonNode::asText).containsExactly("2024-01-11");
        assertThat(rerun.summary().get("dates_deleted")).extracting(JsonNode::asText).containsExactly("2024-01-10");
        Path jan10Output = new Path(lake.path(lake.layout().processedHistoricalPrefix(LocalDate.parse("2024-01-10"))));
        assertThat(jan10Output.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(jan10Output)).isFalse();
        assertThat(files(LocalDate.parse("2024-01-11"))).hasSize(1);
        // dates outside the range are untouched
        assertThat(output().stream().filter(row -> row.<java.sql.Date>getAs(Fields.TRADE_DATE)
                .toLocalDate().isBefore(LocalDate.parse("2024-01-10"))).toList()).isEqualTo(others);
    }

    @Test
    @Order(6)
    void aRangeWithoutRawDataFailsWithAClearMessage() {
        Run r = run("--date", "2023-06-01", "--lake", "s3a://" + BUCKET);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).contains("No raw historical data for trading dates 2023-06-01..2023-06-01");
        assertThat(run("--date", "2023-06-01", "--allow-empty", "--lake", "s3a://" + BUCKET).exit()).isZero();
    }

    @Test
    @Order(7)
    void usageMistakesExitWithTwo() {
        assertThat(run("--lake", "s3a://" + BUCKET).exit()).isEqualTo(2);
        assertThat(run("--date", "2024-01-05", "--max-invalid-ratio", "2", "--lake", "s3a://" + BUCKET).exit()).isEqualTo(2);
    }

    @Test
    @Order(8)
    void wrongCredentialsAMissingBucketAndAnUnreachableEndpointFailInOneSentence() throws Exception {
        // other bucket names than the test's own: s3a caches one client per bucket
        Map<String, String> badSecret = new java.util.HashMap<>(env);
        badSecret.put(dev.stockpipe.contracts.RuntimeEnv.S3_SECRET_ACCESS_KEY, "not-the-secret");
        Run denied = run(badSecret, "--date", "2024-01-05", "--lake", "s3a://creds-check-lake");
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.stderr()).contains("Cannot read the lake at s3a://creds-check-lake (endpoint " + env.get("S3_ENDPOINT")
                + "): the lake refused the credentials: check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY")
                .doesNotContain("\tat org.apache");

        Run noBucket = run("--date", "2024-01-05", "--lake", "s3a://no-such-bucket-here");
        assertThat(noBucket.exit()).isEqualTo(1);
        assertThat(noBucket.stderr()).contains("Cannot read the lake at s3a://no-such-bucket-here")
                .contains("the bucket does not exist: check LAKE_BUCKET");

        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> unreachable = new java.util.HashMap<>(env);
        unreachable.put(dev.stockpipe.contracts.RuntimeEnv.S3_ENDPOINT, "http://127.0.0.1:" + closedPort);
        Run down = run(unreachable, "--date", "2024-01-05", "--lake", "s3a://unreachable-lake");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.stderr()).contains("Cannot read the lake at s3a://unreachable-lake (endpoint http://127.0.0.1:"
                + closedPort + "): check S3_ENDPOINT and that the S3 server is up").doesNotContain("\tat org.apache");
    }
}
