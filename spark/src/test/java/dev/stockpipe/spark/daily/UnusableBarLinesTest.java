package dev.stockpipe.spark.daily;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.spark.RawLakeWriter;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
import dev.stockpipe.spark.lake.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily job counts every raw line it cannot use: rows read + invalid rows = lines in the
 * objects, each reason with one example, and a failure names the field and shows the value.
 */
class UnusableBarLinesTest {

    @TempDir
    static Path dir;

    private static final String BAR = "{\"symbol\":\"AAPL\",\"ts\":\"2026-10-29T13:30:00Z\",\"interval\":\"1m\",\"open\":10.0,"
            + "\"high\":11.0,\"low\":9.0,\"close\":10.5,\"adj_close\":null,\"volume\":100,\"source\":\"csv\",\"run_id\":\"r-1\"}";

    private record Run(int exit, JsonNode summary, String stderr) {
    }

    private static Run run(LakeLocation lake, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--date", "2026-10-29", "--lake", lake.root()),
                java.util.Arrays.stream(extra)).toArray(String[]::new);
        int exit = DailyMetricsJob.run(args, Map.of(), SharedSpark.provider(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return new Run(exit, JsonCodec.readTree(lines[lines.length - 1].getBytes(StandardCharsets.UTF_8)),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rowsReadPlusInvalidRowsIsEveryLineAndEachReasonHasAnExample() {
        LakeLocation lake = LakeLocation.parse(dir.resolve("lake").toString(), LakeLayout.DEFAULT);
        RawLakeWriter raw = new RawLakeWriter(lake, SharedSpark.session().sparkContext().hadoopConfiguration());
        List<String> lines = List.of(
                BAR,
                BAR.replace("13:30:00Z", "13:31:00.123456789+00:00"),
                BAR.replace("2026-10-29T13:30:00Z", "2026-10-29T09:32:00-04:00"),
                BAR.replace("13:30:00Z", "13:33:00.1Z"),
                BAR.replace("2026-10-29T13:30:00Z", "2026-10-29 13:34:00Z"),
                BAR.replace("\"open\":10.0", "\"open\":\"abc\""),
                "{\"symbol\":\"AAPL\",\"ts\":\"2026-10-29T13:30:00Z\",\"open\":1");
        raw.write("raw/historical/year=2026/month=10/day=29/stock.historical+0+00000000000000000000.jsonl.gz", lines);

        Run failed = run(lake);
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.stderr()).contains("3 of 7 raw bars")
                .contains("unparseable_ts=1 (e.g. ts='2026-10-29 13:34:00Z')")
                .contains("wrong_type=1 (e.g. open=abc)")
                .contains("malformed_json=1");

        Run ok = run(lake, "--max-invalid-ratio", "0.5");
        assertThat(ok.exit()).as(ok.stderr()).isZero();
        JsonNode s = ok.summary();
        assertThat(s.get("lines_read").asLong()).isEqualTo(lines.size());
        assertThat(s.get("rows_read").asLong() + s.get("invalid_rows").asLong()).isEqualTo(lines.size());
        assertThat(s.get("rows_read").asLong()).isEqualTo(4);
        assertThat(s.get("bars_used").asLong()).isEqualTo(4);
        assertThat(s.get("invalid_by_reason").get(RawJson.UNPARSEABLE_TS).asLong()).isEqualTo(1);
        assertThat(s.get("invalid_examples").get(RawJson.UNPARSEABLE_TS).asText()).isEqualTo("ts='2026-10-29 13:34:00Z'");
        assertThat(s.get("invalid_examples").get(RawJson.WRONG_TYPE).asText()).isEqualTo("open=abc");
        assertThat(s.get("invalid_by_reason").has("malformed_json")).isTrue();
        assertThat(s.get("invalid_by_reason").size()).isEqualTo(3);
    }
}
