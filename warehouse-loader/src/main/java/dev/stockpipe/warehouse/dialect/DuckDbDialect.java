package dev.stockpipe.warehouse.dialect;

import dev.stockpipe.warehouse.table.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Embedded DuckDB in a file under the data directory: the zero-setup default warehouse. */
public final class DuckDbDialect implements Dialect {

    private final Path file;
    private final Optional<String> schema;

    public DuckDbDialect(Path file, Optional<String> schema) {
        this.file = file;
        this.schema = schema;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    public Path file() {
        return file;
    }

    @Override
    public Connection open() throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the directory of the DuckDB file " + file, e);
        }
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
        ensureSchema(c);
        return c;
    }

    @Override
    public Optional<String> schema() {
        return schema;
    }


    /** A read-write DuckDB file is locked by the one process that opened it: no other writer can exist. */
    @Override
    public boolean lockTargetForWrites(Connection c, TableSpec table) {
        return true;
    }

    /** A whole file goes in through DuckDB's CSV reader; single rows through its appender (no SQL per row). */
    @Override
    public StageWriter stageWriter(Connection c, TableSpec table) throws SQLException {
        DuckDBAppender appender = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", stageName(table));
        return new StageWriter() {
            private long rows;

            @Override
            public boolean acceptsCsv() {
                return true;
            }

            @Override
            public long copyCsv(Path csv) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement("COPY temp.main." + stageName(table)
                        + " FROM $1 (FORMAT csv, HEADER false, ALLOW_QUOTED_NULLS false)")) {
                    ps.setString(1, csv.toString());
                    long copied = ps.executeLargeUpdate();
                    rows += copied;
                    return copied;
                }
            }

            @Override
            public void write(Object[] row) throws SQLException {
                appender.beginRow();
                for (Object v : row) {
                    if (v == null) {
                        appender.appendNull();
                    } else if (v instanceof String s) {
                        appender.append(s);
                    } else if (v instanceof Double d) {
                        appender.append(d.doubleValue());
                    } else if (v instanceof Long l) {
                        appender.append(l.longValue());
                    } else if (v instanceof LocalDate d) {
                        appender.append(d);
                    } else if (v instanceof Instant i) {
                        appender.append(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
                    } else {
                        throw new IllegalArgumentException("unsupported stage value " + v.getClass());
                    }
                }
                appender.endRow();
                rows++;
            }

            @Override
            public long finish() throws SQLException {
                appender.flush();
                return rows;
            }

            @Override
            public void close() throws SQLException {
                appender.close();
            }
        };
    }
}
