package dev.stockpipe.warehouse.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * fakesnow in server mode ({@code fakesnow -s -p PORT}) as a child process on a free loopback
 * port: the Snowflake wire protocol over HTTP, backed by DuckDB, for the real snowflake-jdbc
 * driver. The executable comes from {@code STOCKPIPE_FAKESNOW_BIN}, else the venv that
 * {@code scripts/test-setup.sh} creates at {@code <repo>/.venv/fakesnow}.
 */
public final class FakesnowServer implements AutoCloseable {

    public static final String BIN_ENV = "STOCKPIPE_FAKESNOW_BIN";

    private final Process process;
    private final int port;
    private final Path log;

    private FakesnowServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static FakesnowServer start(Path logDir) throws IOException {
        Path bin = Optional.ofNullable(System.getenv(BIN_ENV)).filter(v -> !v.isBlank()).map(Path::of)
                .orElse(Path.of("..", ".venv", "fakesnow", "bin", "fakesnow").toAbsolutePath().normalize());
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("fakesnow is not installed at " + bin + ". Run "
                    + "warehouse-loader/scripts/test-setup.sh once (it creates the venv), or set " + BIN_ENV + ".");
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve("fakesnow-" + port + ".log");
        Process p = new ProcessBuilder(List.of(bin.toString(), "-s", "--host", "127.0.0.1", "-p", String.valueOf(port)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        FakesnowServer server = new FakesnowServer(p, port, log);
        try {
            await("fakesnow listening on port " + port).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("fakesnow exited with " + p.exitValue() + "; see " + log);
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** JDBC URL for a database and schema; fakesnow needs {@code account} and plain HTTP. */
    public String jdbcUrl() {
        return "jdbc:snowflake://127.0.0.1:" + port + "/?ssl=off&account=fakesnow";
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
