package dev.stockpipe.warehouse.cli;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.contracts.job.JobRunner;
import dev.stockpipe.contracts.job.JobRunner.JobFailure;
import dev.stockpipe.warehouse.config.WarehouseConfig;
import dev.stockpipe.warehouse.dialect.Dialect;
import dev.stockpipe.warehouse.lake.LakeClient;
import dev.stockpipe.warehouse.lake.PartitionFinder;
import dev.stockpipe.warehouse.lake.S3LakeClient;
import dev.stockpipe.warehouse.lake.S3Settings;
import dev.stockpipe.warehouse.load.LoadHooks;
import dev.stockpipe.warehouse.load.LoadJob;
import dev.stockpipe.warehouse.table.TableSpec;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code warehouse-loader load|load-realtime --date D | --from D --to D --run-id ID
 * [--warehouse duckdb|postgresql|snowflake] [--dry-run] [--xcom-file PATH]}: the job-contract
 * entry point. Settings other than the command line come from the environment.
 */
public final class LoaderMain {

    public static final String LOAD = "load";
    public static final String LOAD_REALTIME = "load-realtime";
    public static final String FLAG_DRY_RUN = "dry-run";
    public static final String OPT_WINDOW = "window";

    private static final Set<String> FLAGS = Set.of(FLAG_DRY_RUN);
    private static final Set<String> OPTIONS;

    static {
        Set<String> o = new HashSet<>(WarehouseConfig.OPTIONS);
        o.add(OPT_WINDOW);
        OPTIONS = Set.copyOf(o);
    }

    private LoaderMain() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.getenv(), System.out, System.err, LoadHooks.NONE, S3LakeClient::new));
    }

    /** Runs one command and returns its exit code; tests pass their own environment and hooks. */
    public static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err, LoadHooks hooks,
            Function<S3Settings, LakeClient> lakeFactory) {
        String command = argv.length > 0 && !argv[0].startsWith("--") ? argv[0] : "";
        String[] rest = command.isEmpty() ? argv : Arrays.copyOfRange(argv, 1, argv.length);
        String job = command.isEmpty() ? "warehouse-loader" : "warehouse-loader " + command;
        return JobRunner.run(job, rest, FLAGS, OPTIONS, args -> {
            if (!command.equals(LOAD) && !command.equals(LOAD_REALTIME)) {
                throw new JobArgs.UsageException("Give a command first: " + LOAD + " (daily metrics) or "
                        + LOAD_REALTIME + " (window metrics)" + (command.isEmpty() ? "" : ", not '" + command + "'"));
            }
            if (!args.positional().isEmpty()) {
                throw new JobArgs.UsageException("Unexpected argument(s) " + args.positional());
            }
            if (command.equals(LOAD) && args.option(OPT_WINDOW).isPresent()) {
                throw new JobArgs.UsageException("--" + OPT_WINDOW + " only applies to " + LOAD_REALTIME);
            }
            JobArgs.DateRange dates = args.dateRange();
            String runId = args.runId();
            boolean dryRun = args.flag(FLAG_DRY_RUN);
            List<WindowSize> windows = windows(args);
            Dialect dialect;
            S3Settings s3;
            try {
                dialect = WarehouseConfig.dialect(args, env);
                s3 = S3Settings.fromEnv(env);
            } catch (IllegalArgumentException e) {
                throw new JobFailure(e.getMessage());
            }
            try (LakeClient lake = lakeFactory.apply(s3)) {
                PartitionFinder finder = new PartitionFinder(lake, LakeLayout.DEFAULT);
                PartitionFinder.Plan plan;
                try {
                    plan = command.equals(LOAD) ? finder.daily(dates.days()) : finder.realtime(dates.days(), windows);
                } catch (java.io.IOException e) {
                    throw new JobFailure(e.getMessage(), e.getCause());
                }
                TableSpec table = command.equals(LOAD) ? TableSpec.DAILY : TableSpec.REALTIME;
                return new LoadJob(lake, dialect, hooks, Clock.systemUTC()).run(table, dates, plan, runId, dryRun);
            }
        }, out, err);
    }

    private static List<WindowSize> windows(JobArgs args) {
        String w = args.option(OPT_WINDOW).orElse("all");
        if (w.equals("all")) {
            return List.of(WindowSize.values());
        }
        return WindowSize.fromCode(w).map(List::of).orElseThrow(() -> new JobArgs.UsageException(
                "--" + OPT_WINDOW + " must be 15m, 1h or all, got '" + w + "'"));
    }
}
