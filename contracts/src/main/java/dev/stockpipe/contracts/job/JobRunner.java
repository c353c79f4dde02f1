package dev.stockpipe.contracts.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockpipe.contracts.JsonCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one batch step under the job contract: the last stdout line is a one-line JSON summary
 * (also written to {@code --xcom-file} when given), exit 0 only on success, 2 for usage
 * mistakes, 1 for any other failure — with one clear sentence on stderr, then the cause.
 */
public final class JobRunner {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    /** The body of a job: returns the job-specific summary fields. */
    @FunctionalInterface
    public interface JobBody {
        Map<String, Object> run(JobArgs args) throws Exception;
    }

    /** A failure whose message is already the sentence a user needs; no stack trace is printed. */
    public static final class JobFailure extends RuntimeException {
        public JobFailure(String message) {
            super(message);
        }

        public JobFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private JobRunner() {
    }

    /**
     * Parses {@code argv}, runs {@code body}, prints the summary and returns the exit code
     * (callers pass it to {@code System.exit}; tests inspect it).
     */
    public static int run(String job, String[] argv, java.util.Set<String> flags, java.util.Set<String> options,
            JobBody body, PrintStream out, PrintStream err) {
        Instant started = Instant.now();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job", job);
        Optional<Path> xcom = Optional.empty();
        int exit;
        try {
            JobArgs args = JobArgs.parse(argv, flags, options);
            xcom = args.xcomFile();
            args.option(JobArgs.RUN_ID).ifPresent(id -> summary.put("run_id", id));
            Map<String, Object> fields = body.run(args);
            summary.put("status", "success");
            summary.putAll(fields);
            exit = EXIT_OK;
        } catch (JobArgs.UsageException e) {
            err.println(job + ": " + e.getMessage());
            summary.put("status", "usage_error");
            summary.put("error", e.getMessage());
            exit = EXIT_USAGE;
        } catch (JobFailure e) {
            err.println(job + " failed: " + e.getMessage());
            if (e.getCause() != null) {
                err.println("  cause: " + e.getCause());
            }
            summary.put("status", "failed");
            summary.put("error", e.getMessage());
            exit = EXIT_FAILED;
        } catch (Exception e) {
            err.println(job + " failed unexpectedly: " + e);
            e.printStackTrace(err);
            summary.put("status", "failed");
            summary.put("error", String.valueOf(e));
            exit = EXIT_FAILED;
        }
        summary.put("elapsed_ms", Duration.between(started, Instant.now()).toMillis());
        String line = toJsonLine(summary);
        if (xcom.isPresent()) {
            try {
                Path file = xcom.get();
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, line, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println(job + ": could not write the summary to --xcom-file " + xcom.get() + ": " + e.getMessage());
                exit = exit == EXIT_OK ? EXIT_FAILED : exit;
            }
        }
        out.flush();
        out.println(line);
        out.flush();
        return exit;
    }

    /** Serialises a summary map (strings, numbers, booleans, nested maps/lists) as one JSON line. */
    public static String toJsonLine(Map<String, Object> summary) {
        ObjectNode node = JsonCodec.mapper().valueToTree(summary);
        return JsonCodec.toJson(node);
    }
}
