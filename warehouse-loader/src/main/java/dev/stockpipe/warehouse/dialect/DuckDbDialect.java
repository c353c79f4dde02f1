package dev.stockpipe.warehouse.dialect;

import dev.stockpipe.warehouse.table.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

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
        Connection c = DirectDriver.duckDb("jdbc:duckdb:" + file.toAbsolutePath());
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

    /** The stage takes the loader's CSV file through DuckDB's own CSV reader. */
    @Override
    public StageWriter stageWriter(Connection c, TableSpec table) {
        return StageWriter.csvFile(csv -> {
            try (PreparedStatement ps = c.prepareStatement("COPY temp.main." + stageName(table)
                    + " FROM $1 (FORMAT csv, HEADER false, ALLOW_QUOTED_NULLS false)")) {
                ps.setString(1, csv.toString());
                return ps.executeLargeUpdate();
            }
        });
    }
}
