package dev.stockpipe.dashboard.view;

import java.util.List;

/**
 * The health block of every message.
 *
 * @param kafka              {@code UP}, {@code DOWN} or {@code unknown} (before the first check)
 * @param kafkaReason        why Kafka is DOWN
 * @param lakeWriterLag      records of stock.realtime the lake-writer group has not committed; null when unknown
 * @param lakeWriterLagNote  why the lag is unknown, or which group it is
 * @param dashboardLag       records of stock.realtime this dashboard has not read yet; null when unknown
 * @param lastWindowEnd      the newest window_end seen on stock.metrics.windows
 * @param invalidTicks       records of stock.realtime that could not be read (counted, not shown)
 * @param invalidWindows     records of stock.metrics.windows that could not be read
 */
public record HealthView(double ticksPerSecond, String kafka, String kafkaReason, Long lakeWriterLag,
        String lakeWriterLagNote, Long dashboardLag, String lastWindowEnd, long invalidTicks, long invalidWindows,
        List<ServiceStatus> services) {
}
