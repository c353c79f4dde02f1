package dev.stockpipe.warehouse.source;

/**
 * Receives the validated rows of the source, one {@code Object[]} per row in the table's column
 * order: {@code String}, {@code LocalDate}, {@code Double} (null only for nullable columns),
 * {@code Long} or {@code Instant}, by the column's type.
 */
@FunctionalInterface
public interface RowSink {
    void accept(Object[] row) throws Exception;
}
