package dev.stockpipe.ingest.publish;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Topics;
import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One attempt of a backfill run as one Kafka transaction: its bars and its end-of-run markers
 * become visible to {@code read_committed} consumers together, or not at all.
 *
 * <p>Why: a broker outage can fail an attempt after part of its bars reached the topic, and a send
 * that times out may still have been written. Without a transaction those bars stay in the topic
 * and a rerun under the same run id adds a second copy, which the lake-writer would count into
 * the run's manifest. With it, a failed attempt is aborted — by {@link #close()}, by the broker
 * after {@code transaction.timeout.ms}, or at once by the rerun's producer, which has the same
 * {@code transactional.id} — and only the attempt that commits is seen.
 *
 * <p>Bars in flight are bounded; each acknowledgement is counted per partition for the markers'
 * {@code partition_records}. Not thread-safe: one run thread drives it.
 */
public final class RunTransaction implements AutoCloseable {

    /** Longest wait for the producer to stop after a failed attempt; what is still unsent is abandoned. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final Producer<String, byte[]> producer;
    private final int maxInFlight;
    private final Semaphore permits;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private AtomicLongArray perPartition = new AtomicLongArray(0);
    private long handedOver;
    private boolean committed;

    private RunTransaction(Producer<String, byte[]> producer, int maxInFlight) {
        this.producer = producer;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
    }

    /**
     * Initialises the producer's transactions (fencing an earlier attempt with the same
     * transactional id and aborting what it left open) and opens the attempt's transaction.
     * Closes the producer when that fails.
     */
    public static RunTransaction begin(Producer<String, byte[]> producer, int maxInFlight) {
        try {
            producer.initTransactions();
            producer.beginTransaction();
            return new RunTransaction(producer, maxInFlight);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Partitions of {@code stock.historical}; each gets one marker. */
    public int partitions() {
        int n = producer.partitionsFor(Topics.HISTORICAL).size();
        perPartition = new AtomicLongArray(n);
        return n;
    }

    /**
     * Hands one bar to the producer, waiting at most {@code maxWait} while {@code maxInFlight}
     * bars are unanswered; {@code onAck} runs on the producer's I/O thread when Kafka acknowledged it.
     */
    public void send(HistoricalBar bar, Duration maxWait, Runnable onAck) throws InterruptedException {
        acquire(1, maxWait);
        handedOver++;
        producer.send(new ProducerRecord<>(Topics.HISTORICAL, bar.symbol(), JsonCodec.toBytes(bar)), (md, e) -> {
            if (e == null) {
                perPartition.incrementAndGet(md.partition());
                onAck.run();
            } else {
                failure.compareAndSet(null, e);
            }
            permits.release();
        });
    }

    /** Sends the run's end-of-run marker to {@code partition}. */
    public void sendMarker(EndOfRun marker, int partition, Duration maxWait) throws InterruptedException {
        acquire(1, maxWait);
        handedOver++;
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_CONTROL, Topics.CONTROL_END_OF_RUN.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<String, byte[]>(Topics.HISTORICAL, partition, (String) null,
                JsonCodec.toBytes(marker), headers), (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
            permits.release();
        });
    }

    /** Waits until Kafka answered everything sent so far; throws the first refusal. */
    public void awaitAcks(Duration maxWait) throws InterruptedException {
        acquire(maxInFlight, maxWait);
        permits.release(maxInFlight);
    }

    /** Bars acknowledged per partition (index = partition). */
    public List<Long> barsPerPartition() {
        Long[] counts = new Long[perPartition.length()];
        for (int p = 0; p < counts.length; p++) {
            counts[p] = perPartition.get(p);
        }
        return List.of(counts);
    }

    /** Records handed to the producer in this attempt (bars and markers). */
    public long handedOver() {
        return handedOver;
    }

    /**
     * Commits the attempt. A commit that times out (broker away) is retried until {@code maxWait}
     * has passed; Kafka allows that and it never commits twice.
     */
    public void commit(Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            try {
                producer.commitTransaction();
                committed = true;
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() >= deadline) {
                    throw new CommitOutcomeUnknown(e);
                }
                Log.warnf("Kafka did not confirm the commit yet (%s); retrying", e.getMessage());
            }
        }
    }

    /** Aborts the transaction unless it committed (best effort: the broker aborts it on its own later), then closes the producer. */
    @Override
    public void close() {
        try {
            if (!committed) {
                producer.abortTransaction();
            }
        } catch (KafkaException | IllegalStateException e) {
            Log.infof("The attempt's transaction was not aborted now (%s); the broker aborts it after "
                    + "transaction.timeout.ms, or a rerun with the same run id aborts it at once", e.getMessage());
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private void acquire(int count, Duration maxWait) throws InterruptedException {
        throwIfFailed();
        if (!permits.tryAcquire(count, maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new AckTimeout(maxWait);
        }
        if (failure.get() != null) {
            permits.release(count);
            throwIfFailed();
        }
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new SendRefused(e);
        }
    }

    /** Kafka refused (or gave up on) a record of the attempt; the cause says why. */
    public static final class SendRefused extends KafkaException {
        SendRefused(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Kafka did not answer the attempt's records within the wait. */
    public static final class AckTimeout extends KafkaException {
        AckTimeout(Duration wait) {
            super("no answer within " + wait.toSeconds() + " s");
        }
    }

    /** The commit was sent but Kafka never confirmed it: the attempt may or may not be visible. */
    public static final class CommitOutcomeUnknown extends KafkaException {
        CommitOutcomeUnknown(TimeoutException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
