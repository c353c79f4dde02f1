package dev.stockpipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one batch step under the job contract and returns its JSON summary (the last stdout
 * line, which every job also writes to {@code --xcom-file}). A non-zero exit or a timeout is a
 * {@link PipelineFailure} carrying the tail of the step's log.
 */
final class JobStep {

    private JobStep() {
    }

    static JsonNode run(String name, List<String> command, Map<String, String> env, Path logDir, Duration timeout) {
        Path log = logDir.resolve(name + ".log");
        Path xcom = logDir.resolve(name + ".summary.json");
        List<String> argv = new ArrayList<>(command);
        argv.add("--xcom-file");
        argv.add(xcom.toString());
        try {
            Files.deleteIfExists(xcom);
        } catch (IOException e) {
            throw new PipelineFailure("Cannot clear " + xcom + ": " + e.getMessage(), e);
        }
        ManagedProcess p = ManagedProcess.start(name, argv, env, log);
        try {
            if (!p.waitFor(timeout)) {
                p.stop(Duration.ofSeconds(10));
                throw new PipelineFailure(name + " did not finish within " + timeout.toSeconds() + " s; log " + log + ":\n" + p.logTail(20));
            }
            int exit = p.exitCode();
            if (exit != 0) {
                throw new PipelineFailure(name + " failed with exit code " + exit + "; last log lines (" + log + "):\n" + p.logTail(20));
            }
            if (!Files.exists(xcom)) {
                throw new PipelineFailure(name + " exited 0 but wrote no summary to " + xcom + "; log " + log);
            }
            return JsonCodec.readTree(Files.readString(xcom, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PipelineFailure("Cannot read the summary of " + name + ": " + e.getMessage(), e);
        } finally {
            if (p.isAlive()) {
                p.stop(Duration.ofSeconds(10));
            }
        }
    }
}
