package dev.stockpipe.spark.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WindowMetricsStream in available-now mode over two increments of raw files on a local lake:
 * the window values equal an independent computation over the same ticks, a restart from the
 * checkpoint adds no duplicates, and ticks behind the watermark are not counted. The same
 * scenario runs on s3a in {@link WindowMetricsStreamDevStackTest}.
 */
class WindowMetricsStreamTest {

    @TempDir
    static Path dir;

    @Test
    void twoIncrementsRestartAndLateTicks() {
        LakeLocation lake = LakeLocation.parse(dir.resolve("lake").toString(), LakeLayout.DEFAULT);
        new RawFileIncrements(SharedSpark.session(), lake, Map.of(), 1).runAndCheck();
    }

    @Test
    void aLakeWrittenByThePerSizeQueriesOfAnEarlierVersionIsNotWrittenTwice() throws IOException {
        LakeLocation lake = LakeLocation.parse(dir.resolve("legacy-lake").toString(), LakeLayout.DEFAULT);
        Files.createDirectories(Path.of(URI.create(lake.path(lake.layout().checkpointPrefix("window-metrics-1h")))).resolve("offsets"));

        JsonNode failure = WindowChecks.runExpectingFailure(Map.of(), "--available-now", "--lake", lake.root());

        assertThat(failure.get("error").asText())
                .contains("per-size queries of an earlier version", "window-metrics-1h", "window-metrics-windows-15m-1h",
                        "delete processed/realtime/");
        assertThat(Path.of(URI.create(lake.path(lake.layout().checkpointPrefix("window-metrics-windows-15m-1h"))))).doesNotExist();
    }
}
