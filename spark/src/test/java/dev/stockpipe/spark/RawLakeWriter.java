package dev.stockpipe.spark;

import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.spark.lake.LakeLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lands raw objects the way the lake-writer does: gzipped JSON lines encoded by
 * {@link JsonCodec#toNode}, under the key {@code LakeLayout} derives from the first record's
 * time, topic, partition and first offset.
 */
public final class RawLakeWriter {

    private final LakeLocation lake;
    private final Configuration conf;

    public RawLakeWriter(LakeLocation lake, Configuration conf) {
        this.lake = lake;
        this.conf = conf;
    }

    /** One historical object; all bars must fall on the first bar's UTC day (as the lake-writer groups them). */
    public String writeBars(int partition, long firstOffset, List<HistoricalBar> bars) {
        String key = lake.layout().rawHistoricalKey(bars.get(0).ts(), Topics.HISTORICAL, partition, firstOffset);
        write(key, bars.stream().map(b -> JsonCodec.toJson(JsonCodec.toNode(b))).toList());
        return key;
    }

    /** One realtime object; all ticks must fall in the first tick's UTC hour. */
    public String writeTicks(int partition, long firstOffset, List<Tick> ticks) {
        String key = lake.layout().rawRealtimeKey(ticks.get(0).ts(), Topics.REALTIME, partition, firstOffset);
        write(key, ticks.stream().map(t -> JsonCodec.toJson(JsonCodec.toNode(t))).toList());
        return key;
    }

    /** Raw lines (valid or not) under an explicit key. */
    public void write(String key, List<String> lines) {
        Path path = new Path(lake.path(key));
        try {
            FileSystem fs = path.getFileSystem(conf);
            try (OutputStream out = new GZIPOutputStream(fs.create(path, true))) {
                for (String line : lines) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
