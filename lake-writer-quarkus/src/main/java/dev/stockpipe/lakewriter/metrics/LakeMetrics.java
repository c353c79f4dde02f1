package dev.stockpipe.lakewriter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer's own meters under {@code /q/metrics}. Consumer lag comes from the Kafka client
 * metrics Quarkus binds automatically ({@code kafka_consumer_fetch_manager_records_lag*}).
 */
public final class LakeMetrics {

    private final MeterRegistry registry;

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
