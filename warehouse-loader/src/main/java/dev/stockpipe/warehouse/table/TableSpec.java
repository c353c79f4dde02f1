package dev.stockpipe.warehouse.table;

import dev.stockpipe.contracts.Fields;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A warehouse table the loader MERGEs into: its data columns (in source order), the key the MERGE
 * matches on, and the order that picks one row when the input repeats a key. The lineage columns
 * {@code loaded_at} and {@code run_id} are added to every table.
 *
 * @param preferOrder ORDER BY terms (column plus direction) that rank duplicate rows of one key;
 *                    every data column appears, so the winner does not depend on input order
 */
public record TableSpec(String name, List<Column> columns, List<String> keys, List<String> preferOrder,
        String lakeDescription) {

    /** Lineage: when the row was last written and by which run. */
    public static final Column LOADED_AT = Column.required(Fields.LOADED_AT, ColumnType.TIMESTAMP);
    public static final Column RUN_ID = Column.required(Fields.RUN_ID, ColumnType.TEXT);

    public TableSpec {
        Identifiers.require(name, "table");
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
        preferOrder = List.copyOf(preferOrder);
        List<String> names = columns.stream().map(Column::name).toList();
        for (String k : keys) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("key column " + k + " is not a column of " + name);
            }
        }
    }

    /** {@code DAILY_STOCK_METRICS}: one row per (symbol, trade_date). */
    public static final TableSpec DAILY = new TableSpec("DAILY_STOCK_METRICS",
            List.of(Column.required(Fields.SYMBOL, ColumnType.TEXT),
                    Column.required(Fields.TRADE_DATE, ColumnType.DATE),
                    Column.required(Fields.DAILY_OPEN, ColumnType.DOUBLE),
                    Column.required(Fields.DAILY_HIGH, ColumnType.DOUBLE),
                    Column.required(Fields.DAILY_LOW, ColumnType.DOUBLE),
                    Column.required(Fields.DAILY_CLOSE, ColumnType.DOUBLE),
                    Column.required(Fields.DAILY_VOLUME, ColumnType.BIGINT),
                    Column.required(Fields.PCT_CHANGE, ColumnType.DOUBLE),
                    Column.required(Fields.BAR_COUNT, ColumnType.BIGINT)),
            List.of(Fields.SYMBOL, Fields.TRADE_DATE),
            // the row built from more bars is the more complete day; the rest only break ties
            List.of(Fields.BAR_COUNT + " DESC", Fields.DAILY_VOLUME + " DESC", Fields.DAILY_OPEN + " ASC",
                    Fields.DAILY_HIGH + " ASC", Fields.DAILY_LOW + " ASC", Fields.DAILY_CLOSE + " ASC",
                    Fields.PCT_CHANGE + " ASC"),
            "daily metrics");

    /** {@code REALTIME_WINDOW_METRICS}: one row per (symbol, window_size, window_start). */
    public static final TableSpec REALTIME = new TableSpec("REALTIME_WINDOW_METRICS",
            List.of(Column.required(Fields.SYMBOL, ColumnType.TEXT),
                    Column.required(Fields.WINDOW_SIZE, ColumnType.TEXT),
                    Column.required(Fields.WINDOW_START, ColumnType.TIMESTAMP),
                    Column.required(Fields.WINDOW_END, ColumnType.TIMESTAMP),
                    Column.required(Fields.MOVING_AVG, ColumnType.DOUBLE),
                    Column.optional(Fields.VOLATILITY, ColumnType.DOUBLE),
                    Column.required(Fields.VOLUME, ColumnType.BIGINT),
                    Column.required(Fields.TICK_COUNT, ColumnType.BIGINT)),
            List.of(Fields.SYMBOL, Fields.WINDOW_SIZE, Fields.WINDOW_START),
            // a later micro-batch of the same window has seen more ticks
            List.of(Fields.TICK_COUNT + " DESC", Fields.VOLUME + " DESC", Fields.WINDOW_END + " ASC",
                    Fields.MOVING_AVG + " ASC", Fields.VOLATILITY + " ASC NULLS LAST"),
            "window metrics");

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Data columns that are not part of the key: the ones a MERGE compares and updates. */
    public List<Column> valueColumns() {
        return columns.stream().filter(c -> !keys.contains(c.name())).toList();
    }

    /** Data columns followed by the lineage columns: the target table's full column list. */
    public List<Column> targetColumns() {
        return Stream.concat(columns.stream(), Stream.of(LOADED_AT, RUN_ID)).toList();
    }

    /** The table name in an optional schema, both already validated identifiers. */
    public String qualified(Optional<String> schema) {
        return schema.map(s -> Identifiers.require(s, "schema") + "." + name).orElse(name);
    }
}
