package dev.stockpipe.spark.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.spark.RawLakeWriter;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
import dev.stockpipe.spark.lake.RawJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window job counts every raw line it cannot use, by reason with an example: used + unusable = lines. */
class UnusableTickLinesTest {

    @TempDir
    static Path dir;

    @Test
    void usedPlusInvalidIsEveryLineOfTheObjects() {
        LakeLocation lake = LakeLocation.parse(dir.resolve("lake").toString(), LakeLayout.DEFAULT);
        RawLakeWriter raw = new RawLakeWriter(lake, SharedSpark.session().sparkContext().hadoopConfiguration());
        String tick = "{\"symbol\":\"NVDA\",\"ts\":\"2026-10-29T13:30:00Z\",\"price\":10.5,\"volume\":100,\"seq\":1,\"source\":\"simulator\"}";
        List<String> lines = List.of(
                tick,
                tick.replace("13:30:00Z", "13:31:00.5+00:00").replace("\"seq\":1", "\"seq\":2"),
                tick.replace("13:30:00Z", "09:32:00-04:00").replace("\"seq\":1", "\"seq\":3"),
                "{\"symbol\":\"NVDA\",\"ts\":",
                tick.replace("2026-10-29T13:30:00Z", "2026-10-29T13:30:00z"),
                tick.replace("\"price\":10.5", "\"price\":\"ten\""),
                tick.replace("\"price\":10.5", "\"price\":-1.0"),
                tick.replace(",\"seq\":1", ""));
        raw.write("raw/realtime/year=2026/month=10/day=29/hour=13/stock.realtime+0+00000000000000000000.jsonl.gz", lines);

        JsonNode s = WindowChecks.run(Map.of(), "--available-now", "--lake", lake.root(), "--query-prefix", "unusable");

        assertThat(s.get("lines_read").asLong()).isEqualTo(lines.size());
        assertThat(s.get("rows_read").asLong() + s.get("invalid_rows").asLong()).isEqualTo(lines.size());
        assertThat(s.get("rows_read").asLong()).isEqualTo(3);
        JsonNode reasons = s.get("invalid_by_reason");
        assertThat(reasons.get(RawJson.MALFORMED_JSON).asLong()).isEqualTo(1);
        assertThat(reasons.get(RawJson.UNPARSEABLE_TS).asLong()).isEqualTo(1);
        assertThat(reasons.get(RawJson.WRONG_TYPE).asLong()).isEqualTo(1);
        assertThat(reasons.get(RawJson.NON_POSITIVE_PRICE).asLong()).isEqualTo(1);
        assertThat(reasons.get(RawJson.MISSING_FIELD).asLong()).isEqualTo(1);
        JsonNode examples = s.get("invalid_examples");
        assertThat(examples.get(RawJson.UNPARSEABLE_TS).asText()).isEqualTo("ts='2026-10-29T13:30:00z'");
        assertThat(examples.get(RawJson.WRONG_TYPE).asText()).isEqualTo("price=ten");
        assertThat(examples.get(RawJson.MISSING_FIELD).asText()).isEqualTo("seq");
    }
}
