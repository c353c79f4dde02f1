package dev.stockpipe.ingest.publish;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes bars and end-of-run markers to {@code stock.historical} through a Mutiny emitter and
 * hands back Kafka's {@link RecordMetadata} for each, so a run knows which partition every bar
 * landed in. The emitter buffer is unbounded on purpose: callers bound the bars in flight.
 */
@ApplicationScoped
public class HistoricalPublisher {

    private final MutinyEmitter<byte[]> emitter;
    private final KafkaClientService clients;
    private final IngestMetrics metrics;

    public HistoricalPublisher(@Channel(Channels.HISTORICAL_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<byte[]> emitter, KafkaClientService clients, IngestMetrics metrics) {
        this.emitter = emitter;
        this.clients = clients;
        this.metrics = metrics;
    }

    /** Partitions of {@code stock.historical}; fails when the broker does not answer within the producer's max.block.ms. */
    public Uni<Integer> partitionCount() {
        return clients.<String, byte[]>getProducer(Channels.HISTORICAL_OUT)
                .partitionsFor(Topics.HISTORICAL)
                .map(list -> list.size());
    }

    /** Completes with the record's metadata once Kafka acknowledged it (acks=all). */
    public Uni<RecordMetadata> send(HistoricalBar bar) {
        OutgoingMessageMetadata<RecordMetadata> result = new OutgoingMessageMetadata<>();
        Message<byte[]> message = Message.of(JsonCodec.toBytes(bar))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Topics.HISTORICAL)
                        .withKey(bar.symbol())
                        .build())
                .addMetadata(result);
        return emitter.sendMessage(message)
                .map(ignored -> result.getResult())
                .invoke(metrics::barSent)
                .onFailure().invoke(metrics::historicalFailure);
    }

    /** Sends the run's end-of-run marker to one partition. */
    public Uni<RecordMetadata> sendMarker(EndOfRun marker, int partition) {
        OutgoingMessageMetadata<RecordMetadata> result = new OutgoingMessageMetadata<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_CONTROL, Topics.CONTROL_END_OF_RUN.getBytes(StandardCharsets.UTF_8));
        Message<byte[]> message = Message.of(JsonCodec.toBytes(marker))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Topics.HISTORICAL)
                        .withPartition(partition)
                        .withHeaders(headers)
                        .build())
                .addMetadata(result);
        return emitter.sendMessage(message)
                .map(ignored -> result.getResult())
                .invoke(metrics::markerSent)
                .onFailure().invoke(metrics::historicalFailure);
    }

    /** Blocking variant of {@link #partitionCount()} for worker threads. */
    public int awaitPartitionCount(Duration timeout) {
        return partitionCount().await().atMost(timeout);
    }
}
