package dev.stockpipe.warehouse.lake;

import java.time.LocalDate;
import java.util.List;

/** The Parquet objects of one processed partition (a date, and for window metrics a window size). */
public record Partition(LocalDate date, String prefix, List<String> parquetKeys) {

    public boolean isEmpty() {
        return parquetKeys.isEmpty();
    }
}
