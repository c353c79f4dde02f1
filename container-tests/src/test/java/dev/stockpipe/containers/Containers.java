package dev.stockpipe.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.testcontainers.DockerClientFactory;

/**
 * Our images as containers the way a cluster runs them: on the host network (devstack's Kafka and
 * S3 listen on loopback), non-root, read-only root filesystem with {@code /tmp} as a writable,
 * exec-able tmpfs (a pod's emptyDir), a memory limit. Through Testcontainers' Docker client; no
 * image is ever pulled: they are built by {@code docker/build-images.sh} beforehand.
 */
final class Containers {

    static final String TAG = System.getProperty("stockpipe.image.tag", "0.1.0");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Containers() {
    }

    static String image(String name) {
        return "stockpipe/" + name + ":" + TAG;
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** A container to start: image, command arguments, environment, bind mounts (host dir → path). */
    record Spec(String image, List<String> args, Map<String, String> env, Map<Path, String> mounts, long memoryBytes) {

        Spec {
            args = List.copyOf(args);
            env = Map.copyOf(env);
            mounts = Map.copyOf(mounts);
        }
    }

    /** Creates and starts the container; the caller removes it ({@link #remove}). */
    static String start(Spec spec) {
        List<Bind> binds = new ArrayList<>();
        spec.mounts().forEach((dir, path) -> binds.add(new Bind(dir.toString(), new Volume(path))));
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("host")
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,exec,size=2g"))
                .withMemory(spec.memoryBytes())
                .withBinds(binds);
        CreateContainerCmd create = docker().createContainerCmd(spec.image())
                .withHostConfig(host)
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (!spec.args().isEmpty()) {
            create.withCmd(spec.args());
        }
        String id = create.exec().getId();
        docker().startContainerCmd(id).exec();
        return id;
    }

    static void remove(String id) {
        docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    }

    /** The outcome of a container that ran to its end. */
    record Result(int exitCode, String stdout, String stderr) {

        String lastStdoutLine() {
            List<String> lines = stdout.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    /** Starts a job container, waits for its exit, collects its output, removes it. */
    static Result run(Spec spec, Duration timeout) {
        String id = start(spec);
        try {
            int code = docker().waitContainerCmd(id).start().awaitStatusCode(timeout.toSeconds(), TimeUnit.SECONDS);
            return new Result(code, logs(id, true), logs(id, false));
        } finally {
            remove(id);
        }
    }

    static String logs(String id, boolean stdout) {
        StringBuilder out = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }) {
            docker().logContainerCmd(id).withStdOut(stdout).withStdErr(!stdout).withFollowStream(false).exec(callback)
                    .awaitCompletion(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    static InspectContainerResponse inspect(String id) {
        return docker().inspectContainerCmd(id).exec();
    }

    /** Polls {@code /q/health/ready} of a service on the host network until it answers 200. */
    static Duration awaitReady(String id, int port, Duration timeout) {
        long start = System.nanoTime();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Awaitility.await("readiness of " + ready).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(inspect(id).getState().getRunning()).as("container running; its log:\n%s", logs(id, false))
                            .isTrue();
                    assertThat(status(ready)).isEqualTo(200);
                });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** {@code <status>:<body>} of a GET, for checks on what a service serves. */
    static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + ":" + response.body();
    }

    static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A directory a container's uid can write to (the xcom volume, a job's data directory). */
    static Path sharedDir(Path parent, String name) {
        try {
            Path dir = Files.createDirectories(parent.resolve(name));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long mebibytes(long n) {
        return n * 1024 * 1024;
    }
}
