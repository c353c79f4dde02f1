package dev.stockpipe.lakewriter.segment;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Topics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The buffers of one topic-partition since its last rotation. Records are placed by event time
 * (UTC day for bars, UTC hour for ticks); each time partition becomes one object named after the
 * first offset it holds. All buffers of a topic-partition rotate together, so a replay from the
 * committed offset rebuilds exactly the same object names.
 */
final class OpenSegment {

    private final String topic;
    private final int partition;
    private final long startOffset;
    private final long openedAtNanos;
    private final LakeLayout layout;
    private final Map<String, ObjectBuffer> buffers = new LinkedHashMap<>();
    private final List<EndOfRun> markers = new ArrayList<>();
    private final List<Supplier<CompletionStage<Void>>> acks = new ArrayList<>();
    private final List<CompletionStage<Void>> dlqSends = new ArrayList<>();
    private long nextOffset;
    private long bytes;
    private int records;
    private int rejected;
    private final boolean historical;
    private long lastBucket;
    private String lastPrefix;

    private static final long SECONDS_PER_HOUR = 3_600;
    private static final long SECONDS_PER_DAY = 86_400;

    OpenSegment(LakeLayout layout, String topic, int partition, long startOffset, long nowNanos) {
        this.layout = layout;
        this.topic = topic;
        this.historical = Topics.HISTORICAL.equals(topic);
        this.partition = partition;
        this.startOffset = startOffset;
        this.nextOffset = startOffset;
        this.openedAtNanos = nowNanos;
    }

    void addValid(long offset, Classified.Valid valid) {
        String prefix = timePartition(valid.ts());
        ObjectBuffer buffer = buffers.computeIfAbsent(prefix,
                p -> new ObjectBuffer(p + LakeLayout.objectName(topic, partition, offset), offset));
        buffer.append(valid.line(), valid.runId());
        bytes += valid.line().length + 1;
        records++;
        nextOffset = offset + 1;
    }

    void addRejected(long offset, CompletionStage<Void> dlqSend) {
        dlqSends.add(dlqSend);
        rejected++;
        nextOffset = offset + 1;
    }

    void addMarker(long offset, EndOfRun marker) {
        markers.add(marker);
        nextOffset = offset + 1;
    }

    void addAck(Supplier<CompletionStage<Void>> ack) {
        acks.add(ack);
    }

    /** The prefix of the record's UTC day (bars) or hour (ticks); consecutive records mostly share it, so it is reused. */
    private String timePartition(Instant ts) {
        long bucket = Math.floorDiv(ts.getEpochSecond(), historical ? SECONDS_PER_DAY : SECONDS_PER_HOUR);
        if (lastPrefix == null || bucket != lastBucket) {
            ZonedDateTime utc = ts.atZone(ZoneOffset.UTC);
            lastPrefix = historical
                    ? layout.rawHistoricalPrefix(utc.toLocalDate())
                    : layout.rawRealtimePrefix(utc.toLocalDate(), utc.getHour());
            lastBucket = bucket;
        }
        return lastPrefix;
    }

    long bytes() {
        return bytes;
    }

    int records() {
        return records;
    }

    boolean hasMarker() {
        return !markers.isEmpty();
    }

    boolean isEmpty() {
        return nextOffset == startOffset;
    }

    long ageNanos(long nowNanos) {
        return nowNanos - openedAtNanos;
    }

    SealedSegment seal() {
        return new SealedSegment(topic, partition, startOffset, nextOffset, List.copyOf(buffers.values()),
                List.copyOf(markers), List.copyOf(acks), List.copyOf(dlqSends), bytes, records, rejected);
    }
}
