package dev.stockpipe.warehouse.dialect;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bulk-loads rows into the temporary stage table with the fastest path the warehouse offers:
 * a whole CSV file ({@link #csvFile}: PostgreSQL COPY, DuckDB COPY) or rows one by one
 * (Snowflake array binding). Values are always bound or streamed as data, never spliced into
 * SQL text.
 */
public interface StageWriter extends AutoCloseable {

    void write(Object[] row) throws Exception;

    /**
     * Whether {@link #copyCsv(Path)} works: the warehouse bulk-loads a whole file in one call, which
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

    /**
     * Whether {@link #copyCsv(InputStream)} works: the warehouse reads the CSV once, front to
     * back, so it can take it from a pipe while it is being written.
     */
    default boolean streamsCsv() {
        return false;
    }

    /** Loads CSV rows (as for {@link #copyCsv(Path)}) from a stream, to its end; returns the rows. */
    default long copyCsv(InputStream csv) throws Exception {
        throw new UnsupportedOperationException("this warehouse loads its stage from files");
    }

    /** Sends what is buffered; returns the number of rows written in total. */
    long finish() throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** Loads one CSV file into the stage in a single call; returns the rows loaded. */
    @FunctionalInterface
    interface CsvCopy {
        long copy(Path csv) throws Exception;
    }

    /** Loads a CSV stream into the stage in a single call; returns the rows loaded. */
    @FunctionalInterface
    interface CsvStreamCopy {
        long copy(InputStream csv) throws Exception;
    }

    /** A writer for a warehouse that reads its stage CSV as a stream: a file or a pipe. */
    static StageWriter csvStream(CsvStreamCopy copy) {
        StageWriter files = csvFile(csv -> {
            try (InputStream in = Files.newInputStream(csv)) {
                return copy.copy(in);
            }
        });
        return new StageWriter() {
            private long streamed;

            @Override
            public boolean acceptsCsv() {
                return true;
            }

            @Override
            public long copyCsv(Path csv) throws Exception {
                return files.copyCsv(csv);
            }

            @Override
            public boolean streamsCsv() {
                return true;
            }

            @Override
            public long copyCsv(InputStream csv) throws Exception {
                long copied = copy.copy(csv);
                streamed += copied;
                return copied;
            }

            @Override
            public void write(Object[] row) {
                throw new IllegalStateException("this stage is loaded from CSV (copyCsv), not row by row");
            }

            @Override
            public long finish() throws Exception {
                return files.finish() + streamed;
            }
        };
    }

    /**
     * A writer for a warehouse that takes its stage as whole CSV files only: {@link #acceptsCsv()}
     * is true, so the loader never offers it single rows.
     */
    static StageWriter csvFile(CsvCopy copy) {
        return new StageWriter() {
            private long rows;

            @Override
            public boolean acceptsCsv() {
                return true;
            }

            @Override
            public long copyCsv(Path csv) throws Exception {
                long copied = copy.copy(csv);
                rows += copied;
                return copied;
            }

            @Override
            public void write(Object[] row) {
                throw new IllegalStateException("this stage is loaded from CSV files (copyCsv), not row by row");
            }

            @Override
            public long finish() {
                return rows;
            }
        };
    }
}
