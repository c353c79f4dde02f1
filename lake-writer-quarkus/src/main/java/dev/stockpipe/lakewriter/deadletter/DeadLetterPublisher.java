package dev.stockpipe.lakewriter.deadletter;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import dev.stockpipe.lakewriter.consume.Channels;
import dev.stockpipe.lakewriter.metrics.LakeMetrics;
import dev.stockpipe.lakewriter.segment.DeadLetterSink;
import dev.stockpipe.lakewriter.segment.InboundRecord;
import dev.stockpipe.lakewriter.segment.PartitionContext;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends invalid records to {@code stock.dlq} with headers naming their source and the reason. The
 * source offset is committed only after the DLQ write was acknowledged, so nothing is lost; a replay
 * may send a DLQ record twice (the DLQ is at-least-once).
 *
 * <p>A write is retried until it succeeds or the partition is taken away: a copy the producer or
 * broker refuses as too large is re-sent at once in bounded form ({@link DeadLetterFormat}); any other
 * failure is counted, reported by readiness ({@link DeadLetterStatus}) and retried with backoff.
 */
@ApplicationScoped
public class DeadLetterPublisher implements DeadLetterSink {

    private final MutinyEmitter<byte[]> emitter;
    private final DeadLetterFormat format;
    private final DeadLetterStatus status;
    private final LakeMetrics metrics;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public DeadLetterPublisher(@Channel(Channels.DLQ_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 100_000)
            MutinyEmitter<byte[]> emitter, LakeWriterConfig config, DeadLetterStatus status, LakeMetrics metrics) {
        this.emitter = emitter;
        this.format = new DeadLetterFormat(config.dlq().maxRecordBytes(), config.dlq().truncatedPayloadBytes());
        this.status = status;
        this.metrics = metrics;
        this.initialBackoff = config.dlq().initialBackoff();
        this.maxBackoff = config.dlq().maxBackoff();
        metrics.deadLettersFailingGauge(status::failingCount);
    }

    @Override
    public CompletionStage<Void> send(InboundRecord record, String reason, PartitionContext context) {
        DeadLetter letter = format.of(record, reason);
        if (letter.bounded()) {
            announceBounded(letter);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(letter, context, done, 1, initialBackoff.toMillis());
        return done;
    }

    private void attempt(DeadLetter letter, PartitionContext context, CompletableFuture<Void> done, int attempt, long backoffMillis) {
        if (context.fenced()) {
            status.cleared(letter.sourceId());
            done.completeExceptionally(new CancellationException("Gave up the DLQ write of " + letter.sourceId()
                    + ": this instance no longer owns the partition"));
            return;
        }
        Message<byte[]> message = Message.of(letter.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.DLQ).withHeaders(letter.headers()).build());
        emitter.sendMessage(message).subscribe().with(ignored -> {
            status.cleared(letter.sourceId());
            if (attempt > 1) {
                Log.infof("Wrote the DLQ record of %s after %d attempts", letter.sourceId(), attempt);
            }
            done.complete(null);
        }, failure -> retry(letter, context, done, attempt, backoffMillis, unwrap(failure)));
    }

    private void retry(DeadLetter letter, PartitionContext context, CompletableFuture<Void> done, int attempt,
            long backoffMillis, Throwable failure) {
        metrics.deadLetterSendFailure(letter.source().topic(), failure);
        if (failure instanceof RecordTooLargeException && format.canShrink(letter)) {
            DeadLetter bounded = format.bounded(letter.source(), letter.reason(), "refused as too large: " + failure.getMessage());
            announceBounded(bounded);
            attempt(bounded, context, done, attempt + 1, backoffMillis);
            return;
        }
        status.failed(letter.sourceId(), failure);
        if (attempt == 1 || attempt % 10 == 0) {
            Log.warnf("Could not write the DLQ record of %s (%d bytes, attempt %d); partition %s-%d waits for it and"
                    + " readiness is DOWN until it succeeds: check that %s exists, accepts records of that size and that"
                    + " the broker is reachable. Retrying every <= %d ms. Cause: %s", letter.sourceId(),
                    letter.estimatedBytes(), attempt, letter.source().topic(), letter.source().partition(), Topics.DLQ,
                    maxBackoff.toMillis(), failure.toString());
        }
        CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS).execute(() ->
                attempt(letter, context, done, attempt + 1, Math.min(backoffMillis * 2, maxBackoff.toMillis())));
    }

    private void announceBounded(DeadLetter letter) {
        metrics.deadLetterTruncated(letter.source().topic());
        Log.warnf("Record %s is too large to copy to the DLQ whole; sending its first %d bytes with reason %s",
                letter.sourceId(), letter.value().length, DeadLetterFormat.TOO_LARGE);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
