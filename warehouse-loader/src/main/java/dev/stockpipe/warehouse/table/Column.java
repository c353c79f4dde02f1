package dev.stockpipe.warehouse.table;

/**
 * One column of a warehouse table: its name (a {@code Fields} constant), type and whether a
 * source row may leave it empty.
 */
public record Column(String name, ColumnType type, boolean nullable) {

    public Column {
        Identifiers.require(name, "column");
    }

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, true);
    }
}
