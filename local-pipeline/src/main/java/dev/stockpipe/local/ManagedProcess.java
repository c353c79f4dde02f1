package dev.stockpipe.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running child process (a service) whose output goes to a log file, and which is
 * stopped with its whole process tree: SIGTERM first so it can flush and commit, SIGKILL
 * after a grace period so nothing is left behind.
 */
final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            return new ManagedProcess(name, pb.start(), logFile);
        } catch (IOException e) {
            throw new PipelineFailure("Could not start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    int exitCode() {
        return process.exitValue();
    }

    /**
     * Waits for the process to end; true when it did. Uses {@link Process#waitFor} (not the
     * handle's {@code onExit}), so {@link #exitCode()} is available as soon as this returns true.
     */
    boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while waiting for " + name);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for error messages. */
    String logTail(int lines) {
        return LogTail.of(logFile, lines);
    }

    /** Fails with the log tail when the process has exited (used while waiting for readiness). */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new PipelineFailure(name + " exited with code " + process.exitValue() + " before it was ready; last log lines ("
                    + logFile + "):\n" + logTail(25));
        }
    }

    /** {@code kill -9} of the process and its children: a crash, for fault tests. */
    void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    void stop(Duration grace) {
        stopTree(process.toHandle(), grace);
    }

    /** SIGTERM to the process and its descendants, SIGKILL to whatever is still alive after {@code grace}. */
    static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception timeoutOrInterrupt) {
                h.destroyForcibly();
            }
        }
        tree.forEach(h -> {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        });
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
