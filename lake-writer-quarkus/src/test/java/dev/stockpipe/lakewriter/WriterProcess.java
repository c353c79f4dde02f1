package dev.stockpipe.lakewriter;

import static org.awaitility.Awaitility.await;

import dev.stockpipe.devstack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged writer ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package}) as a
 * child process configured only through the environment, as in production.
 */
final class WriterProcess implements AutoCloseable {

    static final Path APP = Path.of(System.getProperty("lake-writer.app", "target/quarkus-app/quarkus-run.jar"));

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private WriterProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a writer against {@code stack}; {@code extraEnv} adds or overrides LAKE_* settings. Its group
     * instance id is {@code name} unless {@code extraEnv} sets LAKE_GROUP_INSTANCE_ID (all writers of a test
     * run on this one host, where the default, derived from the host name, would be the same for all).
     */
    static WriterProcess start(String name, StackEndpoints stack, Map<String, String> extraEnv) {
        if (!Files.isRegularFile(APP)) {
            throw new IllegalStateException("The packaged writer " + APP.toAbsolutePath() + " is missing: run"
                    + " './mvnw -pl lake-writer-quarkus verify' (the *IT tests run after the package phase).");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", APP.toAbsolutePath().toString()));
        try {
            Path logDir = Files.createDirectories(Path.of("target", "it-logs"));
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(stack.connectionProperties());
            builder.environment().put("LAKE_WRITER_HTTP_PORT", Integer.toString(port));
            builder.environment().put("LAKE_ROTATION_MAX_AGE", "2s");
            // small segments (a few per second per partition), below the poll size: a replay then batches
            // differently from the live run, so any segment left behind uncommitted would show as duplicates
            builder.environment().put("LAKE_ROTATION_MAX_RECORDS", "300");
            builder.environment().put("LAKE_MAX_POLL_RECORDS", "500");
            builder.environment().put("LAKE_GROUP_INSTANCE_ID", name);
            builder.environment().putAll(extraEnv);
            return new WriterProcess(name, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the packaged writer " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} says UP. */
    WriterProcess awaitReady() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Writer " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            return readiness() == 200;
        });
        return this;
    }

    int readiness() {
        return get("/q/health/ready").statusCode();
    }

    /** Status code (-1 when the writer does not answer) and body of {@code GET path}. */
    Answer get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "");
        }
    }

    record Answer(int statusCode, String body) {
    }

    /** {@code kill -9}: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a graceful shutdown, which lands buffers and leaves the group. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** Waits for the writer to exit by itself (a failed start) and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Writer " + name + " still runs after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
