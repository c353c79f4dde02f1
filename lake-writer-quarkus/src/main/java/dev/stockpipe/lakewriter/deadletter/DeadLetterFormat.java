package dev.stockpipe.lakewriter.deadletter;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.lakewriter.segment.InboundRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the DLQ copy of an invalid record: the value unchanged with headers naming its source and
 * reason, or, when that copy would be larger than a DLQ record may be, a bounded copy (the first
 * bytes of the value, its original size, reason {@code too_large}). A DLQ write that can never
 * succeed would otherwise hold its partition forever: every later record of it waits for it.
 */
public final class DeadLetterFormat {

    /** Reason code of a record whose DLQ copy had to be truncated. */
    public static final String TOO_LARGE = Violation.TOO_LARGE;
    /** Size in bytes of the original value, on bounded copies only. */
    public static final String HEADER_ORIGINAL_SIZE = Topics.HEADER_DLQ_ORIGINAL_SIZE;

    /** Record batch header (61) + largest per-record overhead (21) + header count varint. */
    static final int RECORD_OVERHEAD = 61 + 21 + 5;
    /** Two varint lengths per header. */
    static final int HEADER_OVERHEAD = 10;
    /** The reason of a bounded copy is cut to this many UTF-8 bytes, so the copy's size is known. */
    static final int MAX_BOUNDED_REASON_BYTES = 1024;

    private final int maxRecordBytes;
    private final int truncatedPayloadBytes;

    public DeadLetterFormat(int maxRecordBytes, int truncatedPayloadBytes) {
        if (truncatedPayloadBytes + MAX_BOUNDED_REASON_BYTES + 512 > maxRecordBytes) {
            throw new IllegalArgumentException("lake.dlq.truncated-payload-bytes=" + truncatedPayloadBytes
                    + " leaves no room for the headers under lake.dlq.max-record-bytes=" + maxRecordBytes
                    + ": keep it at least 2 KiB below that limit.");
        }
        this.maxRecordBytes = maxRecordBytes;
        this.truncatedPayloadBytes = truncatedPayloadBytes;
    }

    /** The record as it is, unless it would exceed the DLQ record limit: then its bounded form. */
    public DeadLetter of(InboundRecord record, String reason) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        Headers headers = sourceHeaders(record, reason);
        int size = estimate(value, headers);
        if (size <= maxRecordBytes) {
            return new DeadLetter(record, value, headers, reason, false, size);
        }
        return bounded(record, reason, "its DLQ copy of " + size + " bytes exceeds lake.dlq.max-record-bytes=" + maxRecordBytes);
    }

    /** The bounded copy; {@code why} says what refused the whole one. */
    public DeadLetter bounded(InboundRecord record, String reason, String why) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        byte[] kept = value.length <= truncatedPayloadBytes ? value : Arrays.copyOf(value, truncatedPayloadBytes);
        String tooLarge = TOO_LARGE + ": the " + value.length + "-byte value does not fit a DLQ record (" + why
                + "); the first " + kept.length + " bytes are kept and " + HEADER_ORIGINAL_SIZE
                + " holds its size; it was rejected for " + reason;
        String cutReason = cut(tooLarge, MAX_BOUNDED_REASON_BYTES);
        Headers headers = sourceHeaders(record, cutReason);
        headers.add(HEADER_ORIGINAL_SIZE, bytes(Integer.toString(value.length)));
        return new DeadLetter(record, kept, headers, cutReason, true, estimate(kept, headers));
    }

    /**
     * Whether the bounded form of this copy would be smaller: only when its value is longer than what a
     * bounded copy keeps. A small record refused as too large is refused by a misconfigured topic, and
     * is retried as it is until the topic accepts it.
     */
    public boolean canShrink(DeadLetter letter) {
        return !letter.bounded() && letter.value().length > truncatedPayloadBytes;
    }

    /** An upper bound of the record's size as the producer checks it against {@code max.request.size}. */
    static int estimate(byte[] value, Headers headers) {
        long size = RECORD_OVERHEAD + (long) value.length;
        for (Header h : headers) {
            size += HEADER_OVERHEAD + h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private static Headers sourceHeaders(InboundRecord record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_DLQ_TOPIC, bytes(record.topic()));
        headers.add(Topics.HEADER_DLQ_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(Topics.HEADER_DLQ_OFFSET, bytes(Long.toString(record.offset())));
        headers.add(Topics.HEADER_DLQ_REASON, bytes(reason));
        return headers;
    }

    /** The longest prefix of {@code text} whose UTF-8 encoding fits {@code maxBytes}. */
    static String cut(String text, int maxBytes) {
        if (text.length() * 3 <= maxBytes || bytes(text).length <= maxBytes) {
            return text;
        }
        int end = Math.min(text.length(), maxBytes);
        while (end > 0 && bytes(text.substring(0, end)).length > maxBytes) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
