package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.lakewriter.segment.OffsetCommitter;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits offsets of landed segments with {@code commitSync} on the consumer's polling thread
 * (the only thread allowed to touch the Kafka consumer).
 *
 * <p>Requests go into a queue that two parties drain: a task posted to the polling thread, and
 * the rebalance listener while it waits for revoked partitions to land. The listener itself runs
 * on the polling thread, so a commit that only a posted task could execute would wait for the
 * listener to return, and the listener would wait for the commit: draining the same queue from
 * both sides breaks that cycle.
 */
@ApplicationScoped
public class PollingThreadCommitter implements OffsetCommitter {

    private record Request(TopicPartition partition, long nextOffset, CompletableFuture<Void> done) {
    }

    private final KafkaClientService clients;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();

    public PollingThreadCommitter(KafkaClientService clients) {
        this.clients = clients;
    }

    @Override
    public CompletionStage<Void> commit(TopicPartition partition, long nextOffset) {
        Request request = new Request(partition, nextOffset, new CompletableFuture<>());
        queue.add(request);
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(Channels.RAW_IN);
        if (consumer == null) {
            queue.remove(request);
            request.done().completeExceptionally(new IllegalStateException("The " + Channels.RAW_IN + " consumer is not running"));
            return request.done();
        }
        consumer.runOnPollingThread((java.util.function.Consumer<Consumer<Object, Object>>) this::drain)
                .subscribe().with(ignored -> { }, failure -> failAll(failure));
        return request.done();
    }

    /** Commits every queued request; call on the polling thread only. */
    void drain(Consumer<?, ?> consumer) {
        Request request;
        while ((request = queue.poll()) != null) {
            execute(consumer, request);
        }
    }

    /**
     * Serves commit requests from inside the rebalance listener (polling thread) until
     * {@code until} completes or the deadline passes.
     */
    void drainUntil(Consumer<?, ?> consumer, Future<?> until, long deadlineNanos) throws InterruptedException {
        while (!until.isDone()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Request request = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)), TimeUnit.NANOSECONDS);
            if (request != null) {
                execute(consumer, request);
            }
        }
    }

    private static void execute(Consumer<?, ?> consumer, Request request) {
        try {
            consumer.commitSync(Map.of(request.partition(), new OffsetAndMetadata(request.nextOffset())));
            request.done().complete(null);
        } catch (RuntimeException e) {
            request.done().completeExceptionally(e);
        }
    }

    /** The polling thread is gone (shutdown): nothing queued can be committed any more. */
    private void failAll(Throwable failure) {
        Log.debugf("Could not run commits on the polling thread: %s", failure.toString());
        Request request;
        while ((request = queue.poll()) != null) {
            request.done().completeExceptionally(failure);
        }
    }
}
