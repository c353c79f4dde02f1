package dev.stockpipe.local;

import dev.stockpipe.contracts.job.JobArgs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./pipeline demo}: runs the whole pipeline on embedded defaults and prints the results.
 * Exit 0 on success, 1 on failure (with the failed step and its log), 2 on a usage mistake.
 */
public final class PipelineMain {

    private PipelineMain() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            JobArgs args = JobArgs.parse(argv, DemoOptions.FLAGS, DemoOptions.OPTIONS);
            List<String> positional = args.positional();
            if (positional.size() != 1 || !positional.get(0).equals("demo")) {
                throw new JobArgs.UsageException("usage: demo [--source synthetic|yahoo] [--symbols A,B] [--days N] "
                        + "[--tick-seconds N] [--tick-rate N] [--time-scale X] [--keep-running] [--data-dir DIR] [--dashboard-port N]");
            }
            options = DemoOptions.parse(args, Path.of(System.getProperty("stockpipe.home", ".")));
        } catch (JobArgs.UsageException e) {
            err.println("pipeline: " + e.getMessage());
            return 2;
        }
        Demo demo = new Demo(options, out);
        Thread cleanup = new Thread(demo::close, "pipeline-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Demo.DemoResult result = demo.run();
            WarehouseReport.print(result.warehouseFile(), out);
            printWhere(result, options, out);
            if (options.keepRunning()) {
                demo.keepTicking();
                demo.awaitInterrupt();
            }
            return 0;
        } catch (PipelineFailure e) {
            err.println();
            err.println("pipeline demo FAILED: " + e.getMessage());
            err.println("logs of every step: " + options.logDir());
            return 1;
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and closes the demo itself
            }
        }
    }

    private static void printWhere(Demo.DemoResult r, DemoOptions options, PrintStream out) {
        out.println();
        out.println("Done: run " + r.runId() + ", " + r.barsSent() + " bars (" + r.from() + " .. " + r.to() + "), " + r.ticksSent() + " ticks.");
        out.println("Lake (S3 bucket '" + r.bucket() + "', stored on disk): " + options.dataDir().resolve("devstack"));
        out.println("Warehouse (DuckDB): " + r.warehouseFile());
        out.println("Dashboard: " + r.dashboardUrl() + (options.keepRunning() ? "" : " (stopped with the run; --keep-running keeps it up)"));
        out.println("Logs: " + options.logDir());
        out.println("Try it yourself (the duckdb CLI, or any DuckDB client):");
        out.println("  duckdb -readonly " + r.warehouseFile() + " \"" + WarehouseReport.EXAMPLE_QUERY.replace("\n", " ").replaceAll(" +", " ") + "\"");
        if (options.keepRunning()) {
            out.println("Services: ingest " + r.ingestUrl() + " (/q/openapi, /simulator), lake-writer " + r.lakeWriterUrl()
                    + " (/q/health, /q/metrics), S3 " + r.s3Endpoint() + "; connection settings in "
                    + options.dataDir().resolve("devstack.env"));
        }
    }
}
