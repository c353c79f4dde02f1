package dev.stockpipe.warehouse.load;

import dev.stockpipe.warehouse.dialect.Dialect;
import dev.stockpipe.warehouse.dialect.StageWriter;
import dev.stockpipe.warehouse.table.TableSpec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load: create the target if missing, bulk-load a temporary stage, count what the MERGE will
 * do, run one MERGE, commit once. Everything after the DDL is one transaction, so any failure
 * (bad row, lost connection, a concurrent writer changing the counts) rolls back and leaves the
 * target as it was. A dry run does the same work and rolls back.
 */
public final class MergeLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MergeLoader.class);

    private final Dialect dialect;
    private final TableSpec table;
    private final LoadHooks hooks;

    public MergeLoader(Dialect dialect, TableSpec table, LoadHooks hooks) {
        this.dialect = dialect;
        this.table = table;
        this.hooks = hooks;
    }

    public MergeCounts load(StageFeeder feeder, String runId, Instant loadedAt, boolean dryRun) throws Exception {
        MergeStatements sql = new MergeStatements(dialect, table);
        try (Connection c = connect()) {
            boolean targetExists;
            if (dialect.ddlCommitsImplicitly()) {
                targetExists = prepareTables(c, dryRun);
                c.setAutoCommit(false);
            } else {
                c.setAutoCommit(false);
                targetExists = prepareTables(c, dryRun);
            }
            try {
                long staged;
                try (StageWriter writer = dialect.stageWriter(c, table)) {
                    int width = table.columns().size();
                    long read = feeder.feed(row -> {
                        Object[] withLineage = java.util.Arrays.copyOf(row, width + 2);
                        withLineage[width] = loadedAt;
                        withLineage[width + 1] = runId;
                        writer.write(withLineage);
                    });
                    staged = writer.finish();
                    if (read != staged) {
                        throw new SQLException("read " + read + " rows but staged " + staged);
                    }
                }
                MergeCounts counts = targetExists ? classify(c, sql) : allNew(c, sql);
                LOG.info("Staged {} rows into {} ({} duplicate-key rows); {} new, {} changed, {} unchanged",
                        counts.rowsStaged(), table.name(), counts.duplicateRows(), counts.inserted(), counts.updated(),
                        counts.unchanged());
                hooks.afterStage(c);
                if (dryRun) {
                    c.rollback();
                    return counts;
                }
                long merged = merge(c, sql);
                long expected = counts.inserted() + counts.updated();
                if (merged >= 0 && merged != expected) {
                    throw new SQLException("MERGE changed " + merged + " rows where " + expected
                            + " were expected; another writer changed " + table.name() + " during the load");
                }
                hooks.beforeCommit(c);
                c.commit();
                return counts;
            } catch (Exception e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    private Connection connect() {
        try {
            return dialect.open();
        } catch (Exception e) {
            throw new WarehouseUnavailableException("Could not connect to the " + dialect.name()
                    + " warehouse; check its address and credentials (see the cause) and rerun (nothing was loaded)", e);
        }
    }

    /** Creates the target (unless a dry run) and the stage; returns whether the target exists. */
    private boolean prepareTables(Connection c, boolean dryRun) throws SQLException {
        boolean exists;
        if (dryRun) {
            exists = targetExists(c);
        } else {
            dialect.createTargetIfMissing(c, table);
            exists = true;
        }
        dialect.createStage(c, table);
        return exists;
    }

    private boolean targetExists(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String schema = dialect.schema().orElse(null);
        for (String name : new String[] {table.name(), table.name().toLowerCase(Locale.ROOT)}) {
            String schemaPattern = schema == null ? null
                    : name.equals(table.name()) ? schema : schema.toLowerCase(Locale.ROOT);
            try (ResultSet rs = md.getTables(null, schemaPattern, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private MergeCounts classify(Connection c, MergeStatements sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.classify()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long staged = rs.getLong(1);
            long distinct = rs.getLong(2);
            long inserted = rs.getLong(3);
            long updated = rs.getLong(4);
            return new MergeCounts(staged, distinct, inserted, updated, distinct - inserted - updated);
        }
    }

    private MergeCounts allNew(Connection c, MergeStatements sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.countStage()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long distinct = rs.getLong(2);
            return new MergeCounts(rs.getLong(1), distinct, distinct, 0, 0);
        }
    }

    private long merge(Connection c, MergeStatements sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.merge())) {
            return ps.executeLargeUpdate();
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
