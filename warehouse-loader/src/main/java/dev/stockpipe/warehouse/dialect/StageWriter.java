package dev.stockpipe.warehouse.dialect;

import java.nio.file.Path;

/**
 * Bulk-loads rows into the temporary stage table with the fastest path the warehouse offers
 * (DuckDB appender, PostgreSQL COPY, Snowflake array binding). Values are always bound or
 * streamed as data, never spliced into SQL text.
 */
public interface StageWriter extends AutoCloseable {

    void write(Object[] row) throws Exception;

    /**
     * Whether {@link #copyCsv} works: the warehouse bulk-loads a whole file in one call, which
     * spares a Java object per value.
     */
    default boolean acceptsCsv() {
        return false;
    }

    /**
     * Loads a file of rows of {@code TableSpec#targetColumns()} written as CSV (no header, text
     * quoted when needed, an unquoted empty field for NULL, UTC timestamps); returns its rows.
     */
    default long copyCsv(Path csv) throws Exception {
        throw new UnsupportedOperationException("this warehouse loads its stage row by row");
    }

    /** Sends what is buffered; returns the number of rows written in total. */
    long finish() throws Exception;

    @Override
    default void close() throws Exception {
    }
}
