package dev.stockpipe.warehouse.dialect;

/**
 * Bulk-loads rows into the temporary stage table with the fastest path the warehouse offers
 * (DuckDB appender, PostgreSQL COPY, Snowflake array binding). Values are always bound or
 * streamed as data, never spliced into SQL text.
 */
public interface StageWriter extends AutoCloseable {

    void write(Object[] row) throws Exception;

    /** Sends what is buffered; returns the number of rows written in total. */
    long finish() throws Exception;

    @Override
    default void close() throws Exception {
    }
}
