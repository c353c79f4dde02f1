package dev.stockpipe.ingest.job;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.RunIds;
import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.contracts.job.JobRunner;
import dev.stockpipe.ingest.backfill.BackfillException;
import dev.stockpipe.ingest.backfill.BackfillProgress;
import dev.stockpipe.ingest.backfill.BackfillRequest;
import dev.stockpipe.ingest.backfill.BackfillResult;
import dev.stockpipe.ingest.backfill.BackfillService;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.source.BarSources;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code historical --from D --to D | --date D [--source S] [--symbols A,B] [--interval 1d]
 * [--run-id ID] [--xcom-file PATH]}: one backfill under the job contract.
 */
@ApplicationScoped
public class HistoricalJob {

    public static final String NAME = "ingest-historical";
    static final String SOURCE = "source";
    static final String SYMBOLS = "symbols";
    static final String INTERVAL = "interval";
    static final Set<String> OPTIONS = Set.of(SOURCE, SYMBOLS, INTERVAL);

    private final BackfillService backfills;
    private final BarSources sources;
    private final IngestConfig config;

    public HistoricalJob(BackfillService backfills, BarSources sources, IngestConfig config) {
        this.backfills = backfills;
        this.sources = sources;
        this.config = config;
    }

    /** Runs the job and returns its exit code; the summary is the last line on {@code out}. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        return JobRunner.run(NAME, args, Set.of(), OPTIONS, this::execute, out, err);
    }

    private Map<String, Object> execute(JobArgs args) {
        BackfillRequest request = request(args);
        try {
            BackfillResult r = backfills.run(request, new BackfillProgress(request.runId(), request));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("run_id", r.runId());
            summary.put("source", request.source());
            summary.put("interval", request.interval().code());
            summary.put("from", request.from().toString());
            summary.put("to", request.to().toString());
            summary.put("symbols", request.symbols());
            summary.put("bars_sent", r.barsSent());
            summary.put("bars_per_symbol", r.barsPerSymbol());
            summary.put("partitions", r.partitions());
            summary.put("markers_sent", r.markersSent());
            summary.put("rows_skipped", r.skipped().size());
            return summary;
        } catch (BackfillException e) {
            throw new JobRunner.JobFailure(e.getMessage(), e.getCause());
        }
    }

    BackfillRequest request(JobArgs args) {
        JobArgs.DateRange range = args.dateRange();
        String source = args.option(SOURCE).orElse(config.historical().source()).toLowerCase(Locale.ROOT);
        if (!sources.has(source)) {
            throw new JobArgs.UsageException("--source must be one of yahoo, csv, synthetic; got '" + source + "'");
        }
        List<String> symbols = args.option(SYMBOLS)
                .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                        .map(x -> x.toUpperCase(Locale.ROOT)).distinct().toList())
                .orElse(config.symbols());
        if (symbols.isEmpty()) {
            throw new JobArgs.UsageException("--symbols needs at least one symbol, e.g. --symbols AAPL,MSFT");
        }
        BarInterval interval;
        try {
            interval = BarInterval.parse(args.option(INTERVAL).orElse(config.historical().interval()));
        } catch (IllegalArgumentException e) {
            throw new JobArgs.UsageException(e.getMessage());
        }
        String runId = args.runIdOr(RunIds.sanitize("ingest-" + source + "-" + Instant.now()));
        return new BackfillRequest(source, symbols, range.from(), range.to(), interval, runId);
    }
}
