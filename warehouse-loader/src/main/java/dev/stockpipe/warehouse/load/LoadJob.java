package dev.stockpipe.warehouse.load;

import dev.stockpipe.contracts.job.JobArgs.DateRange;
import dev.stockpipe.contracts.job.JobRunner.JobFailure;
import dev.stockpipe.warehouse.dialect.Dialect;
import dev.stockpipe.warehouse.dialect.StageWriter;
import dev.stockpipe.warehouse.lake.LakeClient;
import dev.stockpipe.warehouse.lake.PartitionFinder;
import dev.stockpipe.warehouse.source.BadRowException;
import dev.stockpipe.warehouse.source.ParquetSource;
import dev.stockpipe.warehouse.source.SourceFile;
import dev.stockpipe.warehouse.table.TableSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole load run: find the partitions for the dates (trading-day rule), download their Parquet
 * objects to a temporary directory, stream them through the stage into one MERGE, and report the
 * job summary. The embedded DuckDB and the warehouse connection open while the objects download;
 * the load transaction starts only after the downloads, so it never waits on the network to the
 * lake.
 */
public final class LoadJob {

    private static final Logger LOG = LoggerFactory.getLogger(LoadJob.class);

    private final LakeClient lake;
    private final Dialect dialect;
    private final LoadHooks hooks;
    private final Clock clock;

    public LoadJob(LakeClient lake, Dialect dialect, LoadHooks hooks, Clock clock) {
        this.lake = lake;
        this.dialect = dialect;
        this.hooks = hooks;
        this.clock = clock;
    }

    /** Loads the partitions of {@code plan} into {@code table}; returns the summary fields. */
    public Map<String, Object> run(TableSpec table, DateRange dates, PartitionFinder.Plan plan, String runId,
            boolean dryRun) throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("warehouse", dialect.name());
        summary.put("table", table.name());
        summary.put("from", dates.from().toString());
        summary.put("to", dates.to().toString());
        summary.put("dry_run", dryRun);
        summary.put("non_trading_days", plan.nonTradingDaysWithoutData().stream().map(LocalDate::toString).toList());
        if (!plan.tradingDaysWithoutData().isEmpty()) {
            throw new JobFailure("No processed " + table.lakeDescription() + " for trading day(s) "
                    + plan.tradingDaysWithoutData() + " under " + lake.describe(commonRoot(plan))
                    + "; run the spark job for those dates first (nothing was loaded)");
        }
        List<String> keys = plan.parquetKeys();
        summary.put("files", keys.size());
        if (keys.isEmpty()) {
            String message = "Nothing to load: " + plan.nonTradingDaysWithoutData()
                    + " are not trading days and have no processed " + table.lakeDescription();
            LOG.info(message);
            summary.put("rows_read", 0L);
            summary.put("duplicate_rows", 0L);
            summary.put("inserted", 0L);
            summary.put("updated", 0L);
            summary.put("unchanged", 0L);
            summary.put("message", message);
            return summary;
        }
        Path workDir = Files.createTempDirectory("stockpipe-loader-");
        // DuckDB loads its native library (about 0.4 s), the warehouse driver its classes and logs in:
        // both overlap the downloads
        try (BackgroundOpen<ParquetSource> reader = BackgroundOpen.start("duckdb-open", ParquetSource::new);
                BackgroundOpen<Connection> warehouse = BackgroundOpen.start("warehouse-connect", dialect::open)) {
            List<SourceFile> files = download(keys, workDir);
            MergeCounts counts;
            try (ParquetSource source = opened(reader)) {
                counts = merge(table, files, source, warehouse::take, workDir, runId, dryRun);
            }
            summary.put("rows_read", counts.rowsRead());
            summary.put("duplicate_rows", counts.duplicateRows());
            summary.put("inserted", counts.inserted());
            summary.put("updated", counts.updated());
            summary.put("unchanged", counts.unchanged());
            return summary;
        } finally {
            deleteRecursively(workDir);
        }
    }

    private static ParquetSource opened(BackgroundOpen<ParquetSource> reader) {
        try {
            return reader.take();
        } catch (Exception e) {
            throw new JobFailure("Could not start the embedded DuckDB that reads the Parquet files (nothing was loaded)", e);
        }
    }

    /** Concurrent GETs: with many small date partitions the round trips, not the bytes, dominate. */
    static final int DOWNLOAD_THREADS = 8;

    private List<SourceFile> download(List<String> keys, Path workDir) throws IOException {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(DOWNLOAD_THREADS, keys.size())), r -> {
            Thread t = new Thread(r, "lake-download");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SourceFile>> pending = new ArrayList<>();
            int n = 0;
            for (String key : keys) {
                // a flat, generated name: lake keys never reach the file system or SQL text
                Path local = workDir.resolve(String.format("part-%06d.parquet", n++));
                pending.add(pool.submit(() -> {
                    lake.download(key, local);
                    return new SourceFile(key, local);
                }));
            }
            List<SourceFile> files = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                try {
                    files.add(pending.get(i).get());
                } catch (ExecutionException e) {
                    throw new JobFailure("Could not fetch " + lake.describe(keys.get(i)) + " from the lake; check S3_ENDPOINT, "
                            + "the credentials and the bucket, then rerun (nothing was loaded)", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JobFailure("Interrupted while fetching Parquet objects from the lake (nothing was loaded)", e);
                }
            }
            LOG.info("Fetched {} Parquet object(s) from the lake in {} ms", files.size(), (System.nanoTime() - start) / 1_000_000);
            return files;
        } finally {
            pool.shutdownNow();
        }
    }

    private MergeCounts merge(TableSpec table, List<SourceFile> files, ParquetSource source,
            Callable<Connection> connection, Path workDir, String runId, boolean dryRun) throws Exception {
        MergeLoader loader = new MergeLoader(dialect, table, hooks);
        try {
            StageFeeder feeder = (stage, loadedAt, lineageRunId) -> {
                if (stage.acceptsCsv()) {
                    Path csv = workDir.resolve("stage.csv");
                    Optional<CsvPipe> pipe = stage.streamsCsv() ? CsvPipe.create(csv) : Optional.empty();
                    long start = System.nanoTime();
                    ParquetSource.Exported exported;
                    long copied;
                    if (pipe.isPresent()) {
                        exported = exportThroughPipe(source, files, table, loadedAt, lineageRunId, pipe.get(), stage);
                        copied = pipe.get().awaitCopied();
                        LOG.info("Read {} rows from {} Parquet file(s) and bulk-loaded {} into the stage through a pipe in {} ms",
                                exported.rows(), files.size(), copied, (System.nanoTime() - start) / 1_000_000);
                    } else {
                        exported = source.exportCsv(files, table, loadedAt, lineageRunId, csv);
                        long exportedAt = System.nanoTime();
                        copied = stage.copyCsv(csv);
                        LOG.info("Read {} rows from {} Parquet file(s) in {} ms; bulk-loaded {} into the stage in {} ms",
                                exported.rows(), files.size(), (exportedAt - start) / 1_000_000, copied,
                                (System.nanoTime() - exportedAt) / 1_000_000);
                    }
                    if (copied != exported.distinctKeys()) {
                        throw new SQLException("wrote " + exported.distinctKeys() + " rows to the stage file but the warehouse loaded "
                                + copied);
                    }
                    return new StageFeeder.Fed(exported.rows(), OptionalLong.of(exported.distinctKeys()), true);
                }
                int width = table.columns().size();
                long rows = 0;
                for (SourceFile f : files) {
                    rows += source.read(f, table, row -> {
                        Object[] withLineage = Arrays.copyOf(row, width + 2);
                        withLineage[width] = loadedAt;
                        withLineage[width + 1] = lineageRunId;
                        stage.write(withLineage);
                    });
                }
                return new StageFeeder.Fed(rows, OptionalLong.empty(), false);
            };
            return loader.load(connection, feeder, runId, clock.instant(), dryRun);
        } catch (BadRowException e) {
            throw new JobFailure(e.getMessage() + " (the warehouse was left unchanged)", e.getCause());
        } catch (WarehouseUnavailableException e) {
            throw new JobFailure(e.getMessage(), e.getCause());
        } catch (SQLException e) {
            throw new JobFailure("The load into " + dialect.name() + " table " + table.name()
                    + " failed and was rolled back, so the table is unchanged; fix the cause below and rerun", e);
        }
    }

    /**
     * DuckDB writes the checked CSV into the pipe while the warehouse's COPY reads it. The COPY
     * starts only once every row passed the checks; whatever fails, it has ended before this
     * returns or throws, so the connection is free for the rollback.
     */
    private static ParquetSource.Exported exportThroughPipe(ParquetSource source, List<SourceFile> files, TableSpec table,
            java.time.Instant loadedAt, String runId, CsvPipe pipe, StageWriter stage) throws Exception {
        try {
            return source.exportCsv(files, table, loadedAt, runId, pipe.path(), () -> pipe.startReading(stage));
        } catch (Exception e) {
            if (pipe.started()) {
                try {
                    pipe.writerFinished();
                    pipe.awaitCopied();
                } catch (Exception copyFailure) {
                    e.addSuppressed(copyFailure);
                }
            }
            throw e;
        }
    }

    private static String commonRoot(PartitionFinder.Plan plan) {
        List<String> p = plan.searchedPrefixes();
        return p.size() == 1 ? p.get(0) : p.get(0) + " … " + p.get(p.size() - 1);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove the temporary directory {}: {}", dir, e.getMessage());
        }
    }
}
