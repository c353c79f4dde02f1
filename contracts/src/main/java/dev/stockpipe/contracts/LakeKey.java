package dev.stockpipe.contracts;

import java.time.LocalDate;

/** A lake object key parsed back into its parts by {@link LakeLayout#parse(String)}. */
public sealed interface LakeKey {

    enum Stream { HISTORICAL, REALTIME }

    /** A raw-zone object; {@code utcHour} is null for historical objects (day partitions). */
    record RawObject(Stream stream, LocalDate utcDay, Integer utcHour, String topic, int partition, long firstOffset)
            implements LakeKey {
    }

    record Manifest(String runId) implements LakeKey {
    }

    record ProcessedHistorical(LocalDate tradeDate, String fileName) implements LakeKey {
    }

    record ProcessedRealtime(WindowSize window, LocalDate date, String fileName) implements LakeKey {
    }
}
