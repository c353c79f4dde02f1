package dev.stockpipe.bench;

import java.time.Duration;
import java.util.List;

/**
 * The sizes of one benchmark run. {@code SHORT} is the default (a few minutes on 2 cores),
 * {@code FULL} adds the 10M-row and 5-minute runs, {@code TINY} exists for the smoke test and
 * proves only that every step runs and reports.
 */
enum Mode {
    TINY(1, Duration.ofSeconds(2), 20_000, Duration.ofSeconds(3), 300, List.of(20_000L), List.of(20_000L), List.of(2_000L),
            Duration.ofSeconds(1), Duration.ofSeconds(4), 1),
    SHORT(3, Duration.ofSeconds(6), 200_000, Duration.ofSeconds(10), 2_000, List.of(1_000_000L), List.of(1_000_000L), List.of(100_000L),
            Duration.ofSeconds(10), Duration.ofSeconds(60), 4),
    FULL(3, Duration.ofSeconds(20), 1_000_000, Duration.ofSeconds(30), 2_000, List.of(1_000_000L, 10_000_000L),
            List.of(1_000_000L, 10_000_000L), List.of(100_000L, 1_000_000L),
            Duration.ofSeconds(10), Duration.ofMinutes(5), 4);

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
    /** Rows per MERGE, one size after the other (the growth between the first and the last is reported). */
    final List<Long> mergeRows;
    /** Start of each end-to-end probe left out of the lag regression: the pipeline filling up to its steady lag. */
    final Duration endToEndWarmup;
    /** Length of each end-to-end probe after the warm-up: the hold a rate must be sustained for. */
    final Duration endToEndHold;
    /** Probes of the bisection for the highest sustained end-to-end rate. */
    final int endToEndProbes;

    Mode(int runs, Duration producerWindow, long perfRecordsMin, Duration latencyRound, int latencyRate, List<Long> dailyRows,
            List<Long> windowTicks, List<Long> mergeRows, Duration endToEndWarmup, Duration endToEndHold, int endToEndProbes) {
        this.runs = runs;
        this.producerWindow = producerWindow;
        this.perfRecordsMin = perfRecordsMin;
        this.latencyRound = latencyRound;
        this.latencyRate = latencyRate;
        this.dailyRows = dailyRows;
        this.windowTicks = windowTicks;
        this.mergeRows = mergeRows;
        this.endToEndWarmup = endToEndWarmup;
        this.endToEndHold = endToEndHold;
        this.endToEndProbes = endToEndProbes;
    }
}
