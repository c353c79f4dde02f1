package dev.stockpipe.bench;

import dev.stockpipe.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 1: the tick simulator's maximum sustained rate into Kafka (backpressure
 * {@code slow-down}, so the achieved rate is what the producer path sustains, nothing dropped),
 * beside {@code kafka-producer-perf-test} with the same record size and producer settings on the
 * same broker. Runs alternate (simulator, perf test, simulator, …) so machine noise hits both.
 */
final class ProducerBench {

    static final String NAME = "1 simulator → Kafka";
    /** Topic of the perf-test records, so they never reach the lake-writer. */
    static final String PERF_TOPIC = "bench.producer-perf";
    /** The simulator's upper rate limit: asking for it makes the producer path the bottleneck. */
    private static final int MAX_RATE = 1_000_000;
    /** Time the simulator runs before the window opens (JIT, producer batches filling). */
    private static final long WARM_UP_MILLIS = 2_000;
    /** The producer settings of ingest's real-time channel (ingest-quarkus README). */
    static final Map<String, String> INGEST_REALTIME_PRODUCER = Map.of("acks", "all", "enable.idempotence", "true",
            "compression.type", "lz4", "linger.ms", "5", "batch.size", "131072");

    private final BenchContext ctx;
    private final Service ingest;

    ProducerBench(BenchContext ctx, Service ingest) {
        this.ctx = ctx;
        this.ingest = ingest;
    }

    List<Row> run() {
        List<Double> sim = new ArrayList<>();
        List<Double> perf = new ArrayList<>();
        int recordSize = 0;
        for (int i = 0; i < ctx.mode.runs; i++) {
            sim.add(simulatorRun());
            Progress.say("  simulator run %d: %,.0f ticks/s", i + 1, sim.get(i));
            if (recordSize == 0) {
                KafkaTools.Consumed probe = ctx.kafkaTools.consume("record-size-probe", Topics.REALTIME,
                        Math.min(20_000, (long) ingest.metric("ingest_ticks_sent_total")), "bench-size-probe");
                recordSize = (int) Math.round(probe.bytesPerMessage());
                Progress.say("  record size of stock.realtime: %d bytes (kafka-consumer-perf-test over %,d records)", recordSize,
                        probe.messages());
            }
            long records = Math.max(ctx.mode.perfRecordsMin, (long) (Stats.median(sim) * ctx.mode.producerWindow.toSeconds()));
            perf.add(ctx.kafkaTools.produce("producer-perf-" + (i + 1), PERF_TOPIC, records, recordSize, INGEST_REALTIME_PRODUCER));
            Progress.say("  kafka-producer-perf-test run %d: %,.0f records/s (%,d records)", i + 1, perf.get(i), records);
        }
        double dropped = ingest.metric("ingest_ticks_dropped_total");
        if (dropped != 0) {
            throw new BenchFailure("the simulator dropped " + (long) dropped + " ticks under slow-down backpressure; "
                    + "its rate would not be what Kafka acknowledged of what it generated");
        }
        ctx.simulatorMax = Stats.median(sim);
        double ratio = Stats.median(sim) / Stats.median(perf);
        return List.of(new Row(NAME, "records/s", "simulator (ingest service, slow-down backpressure)", sim,
                "kafka-producer-perf-test, " + recordSize + "-byte records, same producer settings", perf,
                "simulator / perf-test", ratio, "≥ 0.8", ratio >= 0.8,
                "window " + ctx.mode.producerWindow.toSeconds() + " s per simulator run after 2 s warm-up; perf test sends null keys "
                        + "(sticky partitioner), the simulator keys by symbol", null));
    }

    /** One simulator run: the ticks Kafka acknowledged per second over the measured window. */
    private double simulatorRun() {
        Http.post(ingest.url("/simulator/start?rate=" + MAX_RATE));
        try {
            Http.pause(WARM_UP_MILLIS);
            double c0 = ingest.metric("ingest_ticks_sent_total");
            long t0 = System.nanoTime();
            Http.pause(ctx.mode.producerWindow.toMillis());
            double c1 = ingest.metric("ingest_ticks_sent_total");
            long t1 = System.nanoTime();
            return (c1 - c0) / ((t1 - t0) / 1e9);
        } finally {
            Http.post(ingest.url("/simulator/stop"));
        }
    }
}
