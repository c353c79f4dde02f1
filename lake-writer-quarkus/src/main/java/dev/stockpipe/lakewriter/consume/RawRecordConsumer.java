package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.lakewriter.segment.InboundRecord;
import dev.stockpipe.lakewriter.segment.SegmentWriter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Hands each poll batch to the segment writer, one slice per topic-partition. Only the last
 * record of each slice is acknowledged, after its segment landed: that is the record the
 * throttled commit strategy tracks for a batch. The returned Uni completes when the writer has
 * room, so a slow or absent lake pauses consumption instead of filling memory.
 */
@ApplicationScoped
public class RawRecordConsumer {

    private final SegmentWriter writer;

    public RawRecordConsumer(SegmentWriter writer) {
        this.writer = writer;
    }

    @Incoming(Channels.RAW_IN)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        Map<TopicPartition, List<KafkaRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
        List<KafkaRecord<String, byte[]>> current = null;
        String currentTopic = null;
        int currentPartition = -1;
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            // a poll returns each partition's records together: look the slice up only when the partition changes
            if (current == null || record.getPartition() != currentPartition || !record.getTopic().equals(currentTopic)) {
                currentTopic = record.getTopic();
                currentPartition = record.getPartition();
                current = byPartition.computeIfAbsent(new TopicPartition(currentTopic, currentPartition), tp -> new ArrayList<>());
            }
            current.add(record);
        }
        List<CompletableFuture<Void>> room = new ArrayList<>();
        for (List<KafkaRecord<String, byte[]>> records : byPartition.values()) {
            List<InboundRecord> slice = new ArrayList<>(records.size());
            for (KafkaRecord<String, byte[]> r : records) {
                slice.add(new InboundRecord(r.getTopic(), r.getPartition(), offset(r), r.getKey(), r.getPayload(), control(r)));
            }
            KafkaRecord<String, byte[]> last = records.get(records.size() - 1);
            room.add(writer.accept(slice, last::ack).toCompletableFuture());
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(room.toArray(CompletableFuture[]::new)));
    }

    private static long offset(KafkaRecord<String, byte[]> record) {
        return ((IncomingKafkaRecord<?, ?>) record).getOffset();
    }

    private static String control(KafkaRecord<String, byte[]> record) {
        Header header = record.getHeaders().lastHeader(Topics.HEADER_CONTROL);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
