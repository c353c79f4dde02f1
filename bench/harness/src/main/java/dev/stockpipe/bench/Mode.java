package dev.stockpipe.bench;

import java.time.Duration;
import java.util.List;

/**
 * The sizes of one benchmark run. {@code SHORT} is the default (a few minutes on 2 cores),
 * {@code FULL} adds the 10M-row and 5-minute runs, {@code TINY} exists for the smoke test and
 * proves only that every step runs and reports.
 */
enum Mode {
    TINY(1, Duration.ofSeconds(2), 20_000, Duration.ofSeconds(3), 300, List.of(20_000L), List.of(20_000L), 2_000,
            List.of(Duration.ofSeconds(4)), false),
    SHORT(3, Duration.ofSeconds(6), 200_000, Duration.ofSeconds(10), 2_000, List.of(1_000_000L), List.of(1_000_000L), 100_000,
            List.of(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20)), false),
    FULL(3, Duration.ofSeconds(20), 1_000_000, Duration.ofSeconds(30), 2_000, List.of(1_000_000L, 10_000_000L),
            List.of(1_000_000L, 10_000_000L), 1_000_000,
            List.of(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60)), true);

    /** Repetitions of every measured side (the report gives the median). */
    final int runs;
    /** Measured window of one simulator run. */
    final Duration producerWindow;
    /** Lower bound of records per kafka-producer-perf-test run. */
    final long perfRecordsMin;
    /** Length of one latency round (simulator on, lake-writer landing). */
    final Duration latencyRound;
    /** Simulator rate during the latency rounds, ticks/s. */
    final int latencyRate;
    /** Raw rows for DailyMetricsJob vs its Spark scan and DuckDB. */
    final List<Long> dailyRows;
    /** Raw ticks for WindowMetricsStream vs its Spark scan. */
    final List<Long> windowTicks;
    /** Rows per MERGE. */
    final long mergeRows;
    /** End-to-end rate steps (rates are fractions of the simulator maximum). */
    final List<Duration> endToEndSteps;
    /** Whether the best end-to-end step is then held for five minutes. */
    final boolean endToEndConfirm;

    Mode(int runs, Duration producerWindow, long perfRecordsMin, Duration latencyRound, int latencyRate, List<Long> dailyRows,
            List<Long> windowTicks, long mergeRows, List<Duration> endToEndSteps, boolean endToEndConfirm) {
        this.runs = runs;
        this.producerWindow = producerWindow;
        this.perfRecordsMin = perfRecordsMin;
        this.latencyRound = latencyRound;
        this.latencyRate = latencyRate;
        this.dailyRows = dailyRows;
        this.windowTicks = windowTicks;
        this.mergeRows = mergeRows;
        this.endToEndSteps = endToEndSteps;
        this.endToEndConfirm = endToEndConfirm;
    }

    /** Fraction of the simulator's maximum rate at end-to-end step {@code i}. */
    double endToEndFraction(int i) {
        return (i + 1.0) / (endToEndSteps.size() + 1.0);
    }
}
