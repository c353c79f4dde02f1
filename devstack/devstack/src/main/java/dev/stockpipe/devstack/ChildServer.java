package dev.stockpipe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server running as a child JVM: launched with its own classpath, its stdout and stderr
 * appended straight to a log file (nothing is lost if this JVM dies first), considered up when
 * that output shows the ready line. Stopping sends SIGTERM (the child shuts down cleanly);
 * killing sends SIGKILL, as a crash would.
 */
final class ChildServer {

    /** Printed by the child main classes of devstack-kafka-runtime and devstack-s3-runtime. */
    static final String READY_LINE = "DEVSTACK-READY";
    private static final int TAIL_LINES = 40;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final Duration startTimeout;

    private Process process;
    /** Where this run's output starts in the (appended) log file. */
    private long outputStart;

    ChildServer(String name, List<String> command, Map<String, String> environment, Path logFile, Duration startTimeout) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.startTimeout = startTimeout;
    }

    /** Starts the child without waiting; pair with {@link #awaitReady()}. */
    synchronized void launch() {
        if (isRunning()) {
            throw new IllegalStateException("The " + name + " server is already running (pid " + process.pid() + ").");
        }
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "---- devstack " + name + " server starting at " + Instant.now() + " ----\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            outputStart = Files.size(logFile);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    // stdin stays an open pipe: the child exits when it reads end-of-file (we died)
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the " + name + " server JVM: " + command.get(0), e);
        }
    }

    /** Waits for the ready line; on failure or time-out the child is killed and the error shows its last output. */
    void awaitReady() {
        Process awaited;
        long from;
        synchronized (this) {
            awaited = process;
            from = outputStart;
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            while (true) {
                boolean exited = !awaited.isAlive(); // checked before reading: its last output is then complete
                if (output(from).stream().anyMatch(line -> line.startsWith(READY_LINE))) {
                    return;
                }
                if (exited) {
                    throw new IllegalStateException("The " + name + " server exited (status " + awaited.exitValue()
                            + ") before it was ready. Full log: " + logFile + ". Last output:\n" + tail(from));
                }
                if (System.nanoTime() > deadline) {
                    kill();
                    throw new IllegalStateException("The " + name + " server did not report ready within " + startTimeout
                            + "; it was killed. Full log: " + logFile + ". Last output:\n" + tail(from));
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("Interrupted while waiting for the " + name + " server to start.", e);
        }
    }

    void start() {
        launch();
        awaitReady();
    }

    /** Graceful stop (SIGTERM), escalating to SIGKILL if the child does not exit in time. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Abrupt stop (SIGKILL): no shutdown hook runs in the child, like a crash or {@code kill -9}. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("The " + name + " server was never started.");
        }
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    /** This run's output lines so far (the file is small: children log at WARN). */
    private List<String> output(long from) {
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            channel.position(from);
            String text = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the " + name + " server log " + logFile, e);
        }
    }

    private String tail(long from) {
        List<String> lines = output(from);
        return lines.isEmpty() ? "(no output)" : String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
}
