package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.lakewriter.segment.DeadLetterSink;
import dev.stockpipe.lakewriter.segment.InboundRecord;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends invalid records, unchanged, to {@code stock.dlq} with headers naming their source and the
 * reasons. The source offset is acknowledged only after the DLQ write, so nothing is lost; a
 * replay may send a DLQ record twice (the DLQ is at-least-once).
 */
@ApplicationScoped
public class DeadLetterPublisher implements DeadLetterSink {

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetterPublisher(@Channel(Channels.DLQ_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 100_000)
            MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    @Override
    public CompletionStage<Void> send(InboundRecord record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_DLQ_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_DLQ_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_DLQ_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.DLQ)
                .withHeaders(headers)
                .build();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(value).addMetadata(metadata)))
                .onFailure().invoke(e -> Log.warnf("Could not write a DLQ record for %s-%d@%d, retrying: %s",
                        record.topic(), record.partition(), record.offset(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribeAsCompletionStage();
    }
}
