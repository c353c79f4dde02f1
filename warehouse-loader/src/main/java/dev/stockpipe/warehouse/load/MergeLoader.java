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
import java.util.concurrent.Callable;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load: create the target if missing, bulk-load a temporary stage, run one MERGE, commit
 * once. Where the warehouse can lock other writers out, the counts come from the target's size
 * around the MERGE; elsewhere, and in a dry run, a query compares stage and target first. Everything after the DDL is one transaction, so any failure
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

    /** Loads through the connection {@code connection} opens (or hands over); closes it at the end. */
    public MergeCounts load(Callable<Connection> connection, StageFeeder feeder, String runId, Instant loadedAt,
            boolean dryRun) throws Exception {
        try (Connection c = connect(connection)) {
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
                StageFeeder.Fed fed;
                try (StageWriter writer = dialect.stageWriter(c, table)) {
                    fed = feeder.feed(writer, loadedAt, runId);
                    staged = writer.finish();
                    if (fed.staged() != staged) {
                        throw new SQLException("read " + fed.rows() + " rows (" + fed.staged() + " to stage) but staged "
                                + staged);
                    }
                }
                MergeStatements sql = new MergeStatements(dialect, table, fed.deduplicated());
                if (!dryRun && dialect.lockTargetForWrites(c, table)) {
                    long distinct = fed.distinctKeys().isPresent() ? fed.distinctKeys().getAsLong()
                            : count(c, sql.countStageKeys());
                    return mergeCountingAround(c, sql, fed.rows(), distinct);
                }
                long classifyStart = System.nanoTime();
                MergeCounts counts = withRowsRead(targetExists ? classify(c, sql) : allNew(c, sql), fed.rows());
                logStaged(counts, "compared with the target in " + millisSince(classifyStart) + " ms");
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
                commit(c);
                return counts;
            } catch (Exception e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /**
     * With other writers locked out, the target's row count before and after the MERGE tells
     * inserts from updates, so the stage is joined with the target once (by the MERGE) instead
     * of twice.
     */
    private MergeCounts mergeCountingAround(Connection c, MergeStatements sql, long rowsRead, long distinct)
            throws Exception {
        long before = count(c, sql.countTarget());
        LOG.info("Staged {} rows into {} ({} duplicate-key rows); {} already in the target", rowsRead, table.name(),
                rowsRead - distinct, before);
        hooks.afterStage(c);
        long merged = merge(c, sql);
        long inserted = count(c, sql.countTarget()) - before;
        if (merged < inserted || inserted < 0 || merged > distinct) {
            throw new SQLException("MERGE reported " + merged + " rows written, " + inserted + " of them new, for "
                    + distinct + " distinct keys; the counts do not add up, so the load was rolled back");
        }
        MergeCounts counts = new MergeCounts(rowsRead, distinct, inserted, merged - inserted, distinct - merged);
        logStaged(counts, "counted around the MERGE");
        commit(c);
        return counts;
    }

    /** A deduplicated stage holds fewer rows than were read; the summary reports the rows read. */
    private static MergeCounts withRowsRead(MergeCounts c, long rowsRead) {
        return new MergeCounts(rowsRead, c.distinctKeys(), c.inserted(), c.updated(), c.unchanged());
    }

    private void logStaged(MergeCounts counts, String how) {
        LOG.info("Staged {} rows into {} ({} duplicate-key rows); {} new, {} changed, {} unchanged ({})",
                counts.rowsRead(), table.name(), counts.duplicateRows(), counts.inserted(), counts.updated(),
                counts.unchanged(), how);
    }

    private void commit(Connection c) throws Exception {
        hooks.beforeCommit(c);
        long commitStart = System.nanoTime();
        c.commit();
        LOG.info("Committed in {} ms", millisSince(commitStart));
    }

    private Connection connect(Callable<Connection> connection) {
        try {
            return connection.call();
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
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql.merge())) {
            long merged = ps.executeLargeUpdate();
            LOG.info("MERGE wrote {} rows in {} ms", merged, millisSince(start));
            return merged;
        }
    }

    private static long count(Connection c, String query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
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
