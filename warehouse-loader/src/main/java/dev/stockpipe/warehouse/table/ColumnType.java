package dev.stockpipe.warehouse.table;

/**
 * The few column types the warehouse tables use. Each dialect maps them to its own type names;
 * timestamps are always UTC without a zone, so the three warehouses hold the same values.
 */
public enum ColumnType {
    TEXT,
    DATE,
    DOUBLE,
    BIGINT,
    TIMESTAMP
}
