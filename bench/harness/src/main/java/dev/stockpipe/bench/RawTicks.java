package dev.stockpipe.bench;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes a raw realtime zone of ticks on a local path, exactly as the lake-writer lays it out
 * ({@code LakeLayout} keys per UTC hour, topic partition and first offset, gzipped JSON lines from
 * {@code JsonCodec}): the input both WindowMetricsStream and its Spark scan read. Every symbol
 * ticks once a second over a fixed span of hours, lines in event-time order within a file as a
 * partition's offsets are; size grows with the number of symbols, so the file count stays the same.
 */
final class RawTicks {

    static final int HOURS = 8;
    static final int PARTITIONS = 3;
    static final int TICKS_PER_SYMBOL_HOUR = 3600;
    /** 13:00 UTC on a Monday: the hours stay inside one UTC day. */
    static final Instant FIRST_HOUR = Instant.parse("2024-03-04T13:00:00Z");

    /** The generated data set: where, how many ticks and symbols, how many bytes of JSON before gzip, how many files. */
    record DataSet(Path lakeDir, long rows, int symbols, long bytes, int files) {
    }

    private RawTicks() {
    }

    static DataSet write(Path lakeDir, long targetRows) throws IOException {
        int symbols = (int) Math.max(1, Math.round(targetRows / (double) (HOURS * TICKS_PER_SYMBOL_HOUR)));
        SplittableRandom random = new SplittableRandom(7);
        double[] price = new double[symbols];
        Arrays.fill(price, 100.0);
        long[] seq = new long[symbols];
        long[] offset = new long[PARTITIONS];
        long rows = 0;
        long bytes = 0;
        int files = 0;
        for (int hour = 0; hour < HOURS; hour++) {
            Instant hourStart = FIRST_HOUR.plusSeconds(3600L * hour);
            for (int partition = 0; partition < Math.min(PARTITIONS, symbols); partition++) {
                Path out = lakeDir.resolve(LakeLayout.DEFAULT.rawRealtimeKey(hourStart, Topics.REALTIME, partition, offset[partition]));
                Files.createDirectories(out.getParent());
                files++;
                try (OutputStream os = new RawBars.FastGzip(Files.newOutputStream(out))) {
                    for (int second = 0; second < TICKS_PER_SYMBOL_HOUR; second++) {
                        for (int s = partition; s < symbols; s += PARTITIONS) {
                            price[s] = Math.max(1.0, price[s] * (1 + random.nextGaussian() * 0.0005));
                            Tick tick = new Tick(String.format("S%05d", s), hourStart.plusMillis(1000L * second + (s * 37L) % 1000),
                                    Math.round(price[s] * 10_000.0) / 10_000.0, 1 + random.nextInt(1_000), ++seq[s], Tick.SOURCE_SIMULATOR);
                            byte[] line = JsonCodec.toBytes(tick);
                            os.write(line);
                            os.write('\n');
                            rows++;
                            offset[partition]++;
                            bytes += line.length + 1;
                        }
                    }
                }
            }
        }
        return new DataSet(lakeDir, rows, symbols, bytes, files);
    }
}
