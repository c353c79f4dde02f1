package dev.stockpipe.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Quarkus service of the pipeline (ingest, lake-writer) started through its bin/ launcher on a free port. */
final class Service implements AutoCloseable {

    private final Proc proc;
    private final String base;

    private Service(Proc proc, int port) {
        this.proc = proc;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts {@code bin/<launcher>} and waits until {@code /q/health/ready} answers 200. */
    static Service start(Repo repo, String launcher, String logName, Map<String, String> env, Path logDir) {
        Service s = launch(repo, launcher, logName, env, logDir);
        s.awaitReady(logName);
        return s;
    }

    /** Starts {@code bin/<launcher>} without waiting: for measurements that begin while the service boots. */
    static Service launch(Repo repo, String launcher, String logName, Map<String, String> env, Path logDir) {
        int port = freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return new Service(Proc.start(logName, List.of(repo.bin(launcher)), all, logDir), port);
    }

    private void awaitReady(String logName) {
        Service s = this;
        try {
            Http.await(Duration.ofSeconds(180), 200, () -> {
                s.proc.requireAlive();
                return Http.getOrNull(s.base + "/q/health/ready") != null;
            }, () -> logName + " was not ready within 180 s; see " + s.proc.log() + ":\n" + Proc.tail(s.proc.log(), 20));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The {@code /q/metrics} text, or null while the HTTP server is not up yet. */
    String metricsOrNull() {
        proc.requireAlive();
        return Http.getOrNull(base + "/q/metrics");
    }

    /** CPU seconds the service's JVM has used so far. */
    double cpuSeconds() {
        return proc.cpuSeconds();
    }

    String url(String path) {
        return base + path;
    }

    /** One counter from {@code /q/metrics}, summed over its labels. */
    double metric(String name) {
        proc.requireAlive();
        return Http.metric(Http.get(base + "/q/metrics"), name);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchFailure("no free TCP port on 127.0.0.1", e);
        }
    }

    @Override
    public void close() {
        proc.close();
    }
}
