package dev.stockpipe.ingest.job;

import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.contracts.job.JobRunner;
import dev.stockpipe.ingest.backfill.BackfillException;
import dev.stockpipe.ingest.backfill.BackfillInput;
import dev.stockpipe.ingest.backfill.BackfillProgress;
import dev.stockpipe.ingest.backfill.BackfillRequest;
import dev.stockpipe.ingest.backfill.BackfillResult;
import dev.stockpipe.ingest.backfill.BackfillRequestCheck;
import dev.stockpipe.ingest.backfill.BackfillRequests;
import dev.stockpipe.ingest.backfill.BackfillService;
import dev.stockpipe.ingest.backfill.BadInput;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.util.LinkedHashMap;
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
    private final BackfillRequests requests;

    public HistoricalJob(BackfillService backfills, BackfillRequests requests) {
        this.backfills = backfills;
        this.requests = requests;
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

    /** The checked request; any mistake is a usage error (exit 2) naming the option. */
    BackfillRequest request(JobArgs args) {
        JobArgs.DateRange range = args.dateRange();
        BackfillInput input = new BackfillInput(args.option(SOURCE).orElse(null),
                args.option(SYMBOLS).map(BackfillRequestCheck::splitList).orElse(null),
                range.from().toString(), range.to().toString(), args.option(INTERVAL).orElse(null),
                args.option(JobArgs.RUN_ID).orElse(null));
        try {
            return requests.check(input, BadInput.Caller.COMMAND_LINE, "ingest");
        } catch (BadInput e) {
            boolean dateField = e.field() == BadInput.Field.FROM || e.field() == BadInput.Field.TO;
            if (dateField && args.option(JobArgs.DATE).isPresent()) {
                // the user typed --date D, which stands for --from D --to D: name what they typed
                throw new JobArgs.UsageException("--" + JobArgs.DATE + e.getMessage().substring(e.field().option().length()));
            }
            throw new JobArgs.UsageException(e.getMessage());
        }
    }
}
