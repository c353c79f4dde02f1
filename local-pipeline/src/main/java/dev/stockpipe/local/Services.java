package dev.stockpipe.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the repository's runnable units through their {@code bin/} launchers, the same
 * commands Airflow's local runner and a developer use, and waits for Quarkus readiness.
 */
final class Services {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path home;
    private final Path logDir;

    Services(Path home, Path logDir) {
        this.home = home;
        this.logDir = logDir;
    }

    Path bin(String name) {
        Path script = home.resolve("bin").resolve(name);
        if (!Files.isExecutable(script)) {
            throw new PipelineFailure(script + " is missing or not executable: is " + home + " the repository root?");
        }
        return script;
    }

    /** Starts a Quarkus service on {@code port} and waits until {@code /q/health/ready} answers 200. */
    ManagedProcess startQuarkus(String name, int port, Map<String, String> env, Duration timeout) {
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        ManagedProcess p = ManagedProcess.start(name, List.of(bin(name).toString()), withPort, logDir.resolve(name + ".log"));
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        try {
            LakeReader.poll(timeout, () -> {
                p.requireAlive();
                return get(ready).filter(r -> r.statusCode() == 200).map(r -> true);
            }, () -> name + " was not ready at " + ready + " within " + timeout.toSeconds() + " s; last log lines ("
                    + p.logFile() + "):\n" + p.logTail(25));
        } catch (RuntimeException e) {
            p.stop(Duration.ofSeconds(10));
            throw e;
        }
        return p;
    }

    JobRun job(String name, List<String> args, Map<String, String> env, Duration timeout) {
        List<String> command = new java.util.ArrayList<>();
        command.add(bin(name.split(":")[0]).toString());
        command.addAll(args);
        return new JobRun(JobStep.run(name.replace(':', '-'), command, env, logDir, timeout));
    }

    static Optional<HttpResponse<String>> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build());
    }

    static Optional<HttpResponse<String>> post(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A free TCP port on loopback, for services of one run. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new PipelineFailure("No free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** The JSON summary of a finished job. */
    record JobRun(com.fasterxml.jackson.databind.JsonNode summary) {
        long count(String field) {
            com.fasterxml.jackson.databind.JsonNode v = summary.get(field);
            if (v == null || !v.canConvertToLong()) {
                throw new PipelineFailure("job summary has no numeric '" + field + "': " + summary);
            }
            return v.asLong();
        }
    }
}
