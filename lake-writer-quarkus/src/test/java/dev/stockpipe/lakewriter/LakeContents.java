package dev.stockpipe.lakewriter;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import java.time.LocalDate;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads back what the writer landed: every object under a prefix, gunzipped, line by line. */
final class LakeContents {

    record Line(String key, JsonNode json) {

        /** Identity of a tick: symbol and sequence number. */
        String tickId() {
            return json.get(Fields.SYMBOL).asText() + "#" + json.get(Fields.SEQ).asLong();
        }
    }

    private LakeContents() {
    }

    /** Prefix of every realtime hour of one UTC day (the layout defines only per-hour prefixes). */
    static String realtimeDay(LocalDate day) {
        String hour = LakeLayout.DEFAULT.rawRealtimePrefix(day, 0);
        return hour.substring(0, hour.lastIndexOf("hour="));
    }

    static List<String> keys(S3Client s3, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).forEach(keys::add);
        return keys;
    }

    static List<Line> lines(S3Client s3, String bucket, String prefix) {
        List<Line> lines = new ArrayList<>();
        for (String key : keys(s3, bucket, prefix)) {
            lines.addAll(linesOf(s3, bucket, key));
        }
        return lines;
    }

    static List<Line> linesOf(S3Client s3, String bucket, String key) {
        List<Line> lines = new ArrayList<>();
        byte[] gz = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        for (String text : gunzip(gz).split("\n")) {
            if (!text.isEmpty()) {
                lines.add(new Line(key, JsonCodec.readTree(text.getBytes(StandardCharsets.UTF_8))));
            }
        }
        return lines;
    }

    /** How often each tick id occurs under the prefix. */
    static Map<String, Integer> tickCounts(S3Client s3, String bucket, String prefix) {
        Map<String, Integer> counts = new HashMap<>();
        for (Line line : lines(s3, bucket, prefix)) {
            counts.merge(line.tickId(), 1, Integer::sum);
        }
        return counts;
    }

    static String gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
