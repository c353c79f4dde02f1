package dev.stockpipe.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the benchmark: a job run to completion (wall time measured around it) or a
 * service left running until {@link #close()}. Output goes to files under the run's log
 * directory, so a failure can quote it and nothing fills a pipe.
 */
final class Proc implements AutoCloseable {

    /** A finished job: exit code, wall time, and its stdout. */
    record Finished(String name, int exitCode, long wallNanos, String stdout, Path log) {
        double wallSeconds() {
            return wallNanos / 1e9;
        }

        /** The last non-blank stdout line (the job contract's JSON summary). */
        String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }

        Finished requireSuccess() {
            if (exitCode != 0) {
                throw new BenchFailure(name + " exited with code " + exitCode + "; see " + log + ":\n" + tail(log, 20));
            }
            return this;
        }
    }

    private final String name;
    private final Process process;
    private final Path log;

    private Proc(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts a long-running child whose stdout and stderr go to {@code <logDir>/<name>.log}. */
    static Proc start(String name, List<String> command, Map<String, String> env, Path logDir) {
        Path log = logDir.resolve(name + ".log");
        return new Proc(name, launch(name, command, env, log, log), log);
    }

    /** Runs a job to completion; fails when it takes longer than {@code timeout}. */
    static Finished run(String name, List<String> command, Map<String, String> env, Path logDir, Duration timeout) {
        Path log = logDir.resolve(name + ".log");
        Path out = logDir.resolve(name + ".stdout");
        long start = System.nanoTime();
        Process p = launch(name, command, env, out, log);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stopTree(p.toHandle(), Duration.ofSeconds(5));
                throw new BenchFailure(name + " did not finish within " + timeout.toSeconds() + " s; see " + log);
            }
            long wall = System.nanoTime() - start;
            return new Finished(name, p.exitValue(), wall, Files.readString(out, StandardCharsets.UTF_8), log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopTree(p.toHandle(), Duration.ofSeconds(5));
            throw new BenchFailure("interrupted while " + name + " ran", e);
        } catch (IOException e) {
            throw new BenchFailure("cannot read the output of " + name + " (" + out + ")", e);
        }
    }

    private static Process launch(String name, List<String> command, Map<String, String> env, Path stdout, Path stderr) {
        try {
            Files.createDirectories(stderr.getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()));
            if (stdout.equals(stderr)) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
            }
            pb.environment().putAll(env);
            return pb.start();
        } catch (IOException e) {
            throw new BenchFailure("could not start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    /** CPU time the process has used so far (user + system), or NaN where the OS does not say. */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    Path log() {
        return log;
    }

    /** Fails with the log tail when the service has died. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new BenchFailure(name + " exited with code " + process.exitValue() + "; see " + log + ":\n" + tail(log, 25));
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the child and its descendants, SIGKILL to whatever outlives {@code grace}. */
    static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        all.addAll(root.descendants().toList());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                h.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stopTree(process.toHandle(), Duration.ofSeconds(20));
    }
}
