package dev.stockpipe.lakewriter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The writer's own meters under {@code /q/metrics}. Consumer lag comes from the Kafka client
 * metrics Quarkus binds automatically ({@code kafka_consumer_fetch_manager_records_lag*}).
 */
public final class LakeMetrics {

    private final MeterRegistry registry;
    /** Counters looked up per record are cached: a registry lookup per record costs measurable CPU. */
    private final Map<String, Counter> keyMismatches = new ConcurrentHashMap<>();

    public LakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void pendingBytesGauge(AtomicLong pending) {
        Gauge.builder("lake.pending.bytes", pending, AtomicLong::get)
                .description("Uncompressed bytes buffered or uploading, not yet landed")
                .register(registry);
    }

    public void landed(String topic, long records, long compressedBytes) {
        counter("lake.records.landed", topic, "Valid records written to the raw zone").increment(records);
        counter("lake.objects.written", topic, "Raw objects written").increment();
        counter("lake.bytes.written", topic, "Compressed bytes written to the raw zone").increment(compressedBytes);
    }

    public void rejected(String topic) {
        counter("lake.dlq.records", topic, "Invalid records sent to the DLQ").increment();
    }

    /** DLQ records sent in bounded form (reason {@code too_large}). */
    public void deadLetterTruncated(String topic) {
        counter("lake.dlq.truncated", topic, "Invalid records too large for the DLQ, sent truncated with reason too_large")
                .increment();
    }

    /** One failed attempt to write a DLQ record; the error tag names the exception. */
    public void deadLetterSendFailure(String topic, Throwable error) {
        Counter.builder("lake.dlq.send.failures").tag("topic", topic).tag("error", error.getClass().getSimpleName())
                .description("Failed attempts to write a DLQ record (each holds back its source partition until it succeeds)")
                .register(registry).increment();
    }

    public void deadLettersFailingGauge(IntSupplier failing) {
        Gauge.builder("lake.dlq.sends.failing", failing, f -> f.getAsInt())
                .description("DLQ records being retried now; each holds back its source partition")
                .strongReference(true) // the supplier is a lambda nobody else holds
                .register(registry);
    }

    /**
     * A valid record whose key is missing ({@code kind=null}) or is not its symbol ({@code kind=other}).
     * It lands all the same: the key only chose the partition; the value is what the lake holds.
     */
    public void keyMismatch(String topic, String kind) {
        keyMismatches.computeIfAbsent(topic + "/" + kind, k -> Counter.builder("lake.records.key.mismatch")
                .tag("topic", topic).tag("kind", kind)
                .description("Valid records landed whose Kafka key is missing or differs from their symbol")
                .register(registry)).increment();
    }

    public void manifestWritten() {
        registry.counter("lake.manifests.written").increment();
    }

    public void uploadLatency(Duration duration) {
        Timer.builder("lake.upload.latency").description("Duration of one successful object PUT")
                .publishPercentiles(0.5, 0.99).register(registry).record(duration);
    }

    public void uploadFailure() {
        registry.counter("lake.upload.failures").increment();
    }

    private Counter counter(String name, String topic, String description) {
        return Counter.builder(name).tag("topic", topic).description(description).register(registry);
    }
}
