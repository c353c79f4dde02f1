package dev.stockpipe.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.fixtures.TimestampVectors;
import dev.stockpipe.spark.RawLakeWriter;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.daily.BarQuality;
import dev.stockpipe.spark.daily.RawBars;
import dev.stockpipe.spark.window.RawTicks;
import dev.stockpipe.spark.window.TickQuality;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's raw readers, daily (batch) and window (stream), accept exactly the timestamps the
 * contracts' rule accepts — the shared vectors — read the same instant from each, and name the field
 * and the value of every line they cannot use.
 */
class RawJsonTest {

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static LakeLocation lake;
    private static RawLakeWriter raw;

    @BeforeAll
    static void session() {
        spark = SharedSpark.session();
        lake = LakeLocation.parse(dir.resolve("lake").toString(), LakeLayout.DEFAULT);
        raw = new RawLakeWriter(lake, spark.sparkContext().hadoopConfiguration());
    }

    /** Symbol of the i-th vector: upper-case and valid, so only ts decides. */
    private static String symbol(char kind, int i) {
        return kind + String.format("%02d", i);
    }

    private static String bar(String symbol, String tsJson) {
        return "{\"symbol\":\"" + symbol + "\",\"ts\":" + tsJson + ",\"interval\":\"1m\",\"open\":10.0,\"high\":11.0,"
                + "\"low\":9.0,\"close\":10.5,\"adj_close\":null,\"volume\":100,\"source\":\"csv\",\"run_id\":\"r-1\"}";
    }

    private static String tick(String symbol, String tsJson) {
        return "{\"symbol\":\"" + symbol + "\",\"ts\":" + tsJson + ",\"price\":10.5,\"volume\":100,\"seq\":1,"
                + "\"source\":\"simulator\"}";
    }

    private static String quoted(String text) {
        return dev.stockpipe.contracts.JsonCodec.toJson(dev.stockpipe.contracts.JsonCodec.mapper().getNodeFactory().textNode(text));
    }

    private static List<String> vectorLines(java.util.function.BiFunction<String, String, String> line) {
        List<String> lines = new ArrayList<>();
        List<TimestampVectors.Accepted> accepted = TimestampVectors.accepted();
        for (int i = 0; i < accepted.size(); i++) {
            lines.add(line.apply(symbol('A', i), quoted(accepted.get(i).text())));
        }
        List<TimestampVectors.Rejected> rejected = TimestampVectors.rejected();
        for (int i = 0; i < rejected.size(); i++) {
            lines.add(line.apply(symbol('R', i), quoted(rejected.get(i).text())));
        }
        return lines;
    }

    /** symbol → (ts, issue, example) */
    private static Map<String, Row> bySymbol(Dataset<Row> flagged) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : flagged.select("symbol", "ts", RawJson.ISSUE, RawJson.EXAMPLE).collectAsList()) {
            rows.put(r.getString(0), r);
        }
        return rows;
    }

    private static void assertVectors(Map<String, Row> rows, String what) {
        SoftAssertions softly = new SoftAssertions();
        List<TimestampVectors.Accepted> accepted = TimestampVectors.accepted();
        for (int i = 0; i < accepted.size(); i++) {
            TimestampVectors.Accepted v = accepted.get(i);
            Row r = rows.get(symbol('A', i));
            softly.assertThat(r).as("%s %s", what, v.text()).isNotNull();
            if (r != null) {
                softly.assertThat(r.isNullAt(2)).as("%s %s accepted, issue %s", what, v.text(), r.get(2)).isTrue();
                softly.assertThat(r.isNullAt(1) ? null : ((Timestamp) r.get(1)).toInstant())
                        .as("%s %s (%s)", what, v.text(), v.description()).isEqualTo(v.utc());
            }
        }
        List<TimestampVectors.Rejected> rejected = TimestampVectors.rejected();
        for (int i = 0; i < rejected.size(); i++) {
            TimestampVectors.Rejected v = rejected.get(i);
            Row r = rows.get(symbol('R', i));
            softly.assertThat(r).as("%s '%s'", what, v.text()).isNotNull();
            if (r != null) {
                softly.assertThat(r.getString(2)).as("%s '%s' (%s)", what, v.text(), v.description())
                        .isEqualTo(RawJson.UNPARSEABLE_TS);
                softly.assertThat(r.getString(3)).as("example of '%s'", v.text()).isEqualTo("ts='" + v.text() + "'");
            }
        }
        softly.assertAll();
    }

    @Test
    void theDailyReaderAcceptsExactlyTheSharedTimestampVectors() {
        String key = "raw/historical/year=2026/month=10/day=29/stock.historical+0+00000000000000000000.jsonl.gz";
        raw.write(key, vectorLines(RawJsonTest::bar));

        Dataset<Row> bars = RawBars.read(spark, lake.path(lake.layout().rawHistoricalRoot()),
                List.of(lake.path(lake.layout().rawHistoricalPrefix(LocalDate.parse("2026-10-29")))));

        assertVectors(bySymbol(BarQuality.flag(bars)), "bar");
    }

    @Test
    void theWindowReaderAcceptsExactlyTheSharedTimestampVectors() throws TimeoutException, StreamingQueryException {
        String key = "raw/realtime/year=2026/month=10/day=29/hour=13/stock.realtime+0+00000000000000000000.jsonl.gz";
        raw.write(key, vectorLines(RawJsonTest::tick));

        StreamingQuery q = TickQuality.flag(RawTicks.files(spark, lake.path(lake.layout().rawRealtimeRoot()), 100))
                .writeStream().format("memory").queryName("raw_json_ticks").trigger(Trigger.AvailableNow()).start();
        q.awaitTermination();

        assertVectors(bySymbol(spark.table("raw_json_ticks")), "tick");
    }

    @Test
    void everyUnusableLineIsNamedWithItsFieldAndValue() {
        String key = "raw/historical/year=2026/month=10/day=30/stock.historical+0+00000000000000000000.jsonl.gz";
        String good = bar("GOOD", "\"2026-10-30T13:30:00Z\"");
        raw.write(key, List.of(
                good,
                "not json at all",
                "{\"symbol\":\"TRUNC\",\"ts\":\"2026-10-30T13:30:00Z\",\"open\":1",
                good.replace("GOOD", "WT").replace("\"open\":10.0", "\"open\":\"abc\""),
                bar("NOOFF", "\"2026-10-30T13:30:00\""),
                bar("NUM", "12345"),
                good.replace("GOOD", "NOCLOSE").replace(",\"close\":10.5", ""),
                good.replace("GOOD", "brk.b"),
                good.replace("GOOD", "NEG").replace("\"low\":9.0", "\"low\":-1.0")));

        Dataset<Row> flagged = BarQuality.flag(RawBars.read(spark, lake.path(lake.layout().rawHistoricalRoot()),
                List.of(lake.path(lake.layout().rawHistoricalPrefix(LocalDate.parse("2026-10-30"))))));
        List<Row> all = flagged.select(RawJson.ISSUE, RawJson.EXAMPLE, "symbol").collectAsList();

        assertThat(all).as("one row per line").hasSize(9);
        assertThat(all).extracting(r -> r.getString(0) + " | " + r.getString(1)).containsExactlyInAnyOrder(
                "null | null",
                "malformed_json | not json at all",
                "malformed_json | {\"symbol\":\"TRUNC\",\"ts\":\"2026-10-30T13:30:00Z\",\"open\":1",
                "wrong_type | open=abc",
                "unparseable_ts | ts='2026-10-30T13:30:00'",
                "unparseable_ts | ts='12345'",
                "missing_field | close",
                "invalid_symbol | symbol='brk.b'",
                BarQuality.NON_POSITIVE_PRICE + " | low=-1.0");
    }
}
