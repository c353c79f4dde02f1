package dev.stockpipe.spark.window;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
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
}
