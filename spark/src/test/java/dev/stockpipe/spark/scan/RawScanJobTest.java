package dev.stockpipe.spark.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.spark.RawLakeWriter;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks' Spark baseline counts every line the jobs would read — bars only in the UTC days
 * covering the trading dates (the daily job's directories), ticks under the whole realtime root —
 * unusable lines included, since it applies no rule.
 */
class RawScanJobTest {

    @TempDir
    static Path dir;

    private static final String BAR = "{\"symbol\":\"AAPL\",\"ts\":\"2026-10-29T13:30:00Z\",\"interval\":\"1m\",\"open\":10.0,"
            + "\"high\":11.0,\"low\":9.0,\"close\":10.5,\"adj_close\":null,\"volume\":100,\"source\":\"csv\",\"run_id\":\"r-1\"}";
    private static final String TICK = "{\"symbol\":\"AAPL\",\"ts\":\"2026-10-29T13:30:00.000Z\",\"price\":10.0,\"volume\":5,"
            + "\"seq\":1,\"source\":\"simulator\"}";

    private static JsonNode scan(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RawScanJob.run(args, Map.of(), SharedSpark.provider(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonCodec.readTree(lines[lines.length - 1].getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countsTheLinesOfTheDaysTheDailyJobReadsAndEveryTick() {
        LakeLocation lake = LakeLocation.parse(dir.resolve("lake").toString(), LakeLayout.DEFAULT);
        RawLakeWriter raw = new RawLakeWriter(lake, SharedSpark.session().sparkContext().hadoopConfiguration());
        raw.write("raw/historical/year=2026/month=10/day=29/stock.historical+0+00000000000000000000.jsonl.gz",
                List.of(BAR, BAR, "{not json"));
        raw.write("raw/historical/year=2026/month=10/day=30/stock.historical+0+00000000000000000003.jsonl.gz", List.of(BAR));
        raw.write("raw/historical/year=2026/month=11/day=05/stock.historical+0+00000000000000000004.jsonl.gz", List.of(BAR));
        raw.write("raw/realtime/year=2026/month=10/day=29/hour=13/stock.realtime+0+00000000000000000000.jsonl.gz",
                List.of(TICK, TICK));
        raw.write("raw/realtime/year=2026/month=10/day=29/hour=14/stock.realtime+1+00000000000000000000.jsonl.gz",
                Stream.of(TICK, TICK, "{not json").toList());

        JsonNode bars = scan("--data", "bars", "--date", "2026-10-29", "--lake", lake.root());
        assertThat(bars.get("raw_days_read").asInt()).isEqualTo(2);
        assertThat(bars.get("lines_read").asLong()).isEqualTo(4);

        JsonNode ticks = scan("--data", "ticks", "--lake", lake.root());
        assertThat(ticks.get("lines_read").asLong()).isEqualTo(5);
        assertThat(ticks.get("fields").asText()).isEqualTo("all");

        JsonNode bare = scan("--data", "ticks", "--fields", "none", "--lake", lake.root());
        assertThat(bare.get("lines_read").asLong()).isEqualTo(5);
        assertThat(bare.get("fields").asText()).isEqualTo("none");
        assertThat(bare.has("row_hash_sum")).isFalse();
    }

    @Test
    void withAllFieldsEveryColumnIsConvertedIntoTheRowHash() {
        // two lakes whose ticks differ in one field only: the last one of the line, and the ts text
        JsonNode first = null;
        for (String variant : List.of(TICK, TICK.replace("simulator", "replay"), TICK.replace(".000Z", ".001Z"))) {
            LakeLocation lake = LakeLocation.parse(dir.resolve("hash-" + variant.hashCode()).toString(), LakeLayout.DEFAULT);
            new RawLakeWriter(lake, SharedSpark.session().sparkContext().hadoopConfiguration())
                    .write("raw/realtime/year=2026/month=10/day=29/hour=13/stock.realtime+0+00000000000000000000.jsonl.gz",
                            List.of(variant));
            JsonNode summary = scan("--data", "ticks", "--lake", lake.root());
            if (first == null) {
                first = summary;
            } else {
                assertThat(summary.get("row_hash_sum").asLong()).as(variant).isNotEqualTo(first.get("row_hash_sum").asLong());
            }
        }
    }
}
