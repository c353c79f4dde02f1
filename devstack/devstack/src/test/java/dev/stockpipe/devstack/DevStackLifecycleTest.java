package dev.stockpipe.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.stockpipe.contracts.RuntimeEnv;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Starting, failing and stopping: no child JVM outlives its launcher, ports and temp dirs are released. */
class DevStackLifecycleTest {

    @Test
    void closeStopsTheChildReleasesItsPortAndDeletesTheTemporaryDataDir() {
        DevStack stack = DevStack.builder().withKafka(false).build().start();
        List<ProcessHandle> children = childServers();
        assertThat(children).hasSize(1);
        assertThat(TestClients.acceptsConnections(stack.s3Port())).isTrue();

        stack.close();

        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(TestClients.canBind(stack.s3Port())).isTrue();
        assertThat(stack.dataDir()).doesNotExist();
        stack.close(); // idempotent
    }

    @Test
    void memoryStorageStartsEmptyAfterARestartButRecreatesTheBuckets() {
        try (DevStack stack = DevStack.builder().withKafka(false).s3Storage(DevStack.S3Storage.MEMORY).build().start();
             S3Client s3 = TestClients.s3(stack)) {
            s3.putObject(b -> b.bucket(stack.bucket()).key("k"), RequestBody.fromString("v"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("k")).asUtf8String()).isEqualTo("v");

            stack.stopS3();
            stack.startS3();

            assertThat(s3.listObjectsV2(b -> b.bucket(stack.bucket())).contents()).isEmpty();
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("k"))).isInstanceOf(NoSuchKeyException.class);
        }
    }

    @Test
    void aServerThatCannotStartFailsTheStartWithItsOwnOutput() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DevStack stack = DevStack.builder().withKafka(false).s3Port(taken.getLocalPort()).build();

            assertThatThrownBy(stack::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("s3 server exited")
                    .hasMessageContaining("before it was ready")
                    .hasMessageContaining("Address already in use");
            assertThat(childServers()).isEmpty();
            assertThat(stack.dataDir()).doesNotExist();
        }
    }

    @Test
    void mainWritesTheEnvFileServesAndStopsBothServersOnSigterm(@TempDir Path dir) throws Exception {
        RunningMain main = RunningMain.start(dir);
        List<ProcessHandle> servers = main.process.descendants().toList();
        assertThat(servers).hasSize(2);

        Properties env = new Properties();
        try (BufferedReader reader = Files.newBufferedReader(dir.resolve("devstack.env"))) {
            env.load(reader);
        }
        assertThat(env.getProperty(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:" + main.kafkaPort);
        assertThat(env.getProperty(RuntimeEnv.S3_ENDPOINT)).isEqualTo("http://127.0.0.1:" + main.s3Port);
        assertThat(env.getProperty(RuntimeEnv.LAKE_BUCKET)).isEqualTo(RuntimeEnv.DEFAULT_BUCKET);
        assertThat(main.output()).anyMatch(line -> line.contains(RuntimeEnv.S3_ENDPOINT + "=http://127.0.0.1:" + main.s3Port));
        assertThat(TestClients.acceptsConnections(main.kafkaPort)).isTrue();
        assertThat(TestClients.acceptsConnections(main.s3Port)).isTrue();

        main.process.destroy(); // SIGTERM

        assertThat(main.process.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
        assertThat(servers).noneMatch(ProcessHandle::isAlive);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(main.output()).contains("devstack stopped"));
        assertThat(TestClients.canBind(main.kafkaPort)).isTrue();
        assertThat(TestClients.canBind(main.s3Port)).isTrue();
    }

    @Test
    void serversDoNotOutliveALauncherKilledWithSigkill(@TempDir Path dir) throws Exception {
        RunningMain main = RunningMain.start(dir);
        List<ProcessHandle> servers = main.process.descendants().toList();
        assertThat(servers).hasSize(2).allMatch(ProcessHandle::isAlive);

        main.process.destroyForcibly(); // no shutdown hook runs in the launcher
        main.process.waitFor();

        // each child sees end-of-file on the stdin pipe its dead parent held, and shuts down
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(servers).noneMatch(ProcessHandle::isAlive));
        assertThat(TestClients.canBind(main.kafkaPort)).isTrue();
        assertThat(TestClients.canBind(main.s3Port)).isTrue();
    }

    private static List<ProcessHandle> childServers() {
        // the only children of this test JVM are server JVMs (their command lines are too long to match on)
        return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
    }

    /** DevStackMain in its own JVM, as a developer runs it, on free ports. */
    private record RunningMain(Process process, Path outputFile, int kafkaPort, int s3Port) {

        static RunningMain start(Path dataDir) throws IOException {
            int[] ports = freePorts();
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), DevStackMain.class.getName(),
                    "--data-dir", dataDir.toString(), "--kafka-port", Integer.toString(ports[0]),
                    "--kafka-controller-port", Integer.toString(ports[1]), "--s3-port", Integer.toString(ports[2]),
                    "--s3-storage", "memory", "--partitions", "1");
            // output to a file, not a pipe: reading a pipe races with the JDK closing it at process exit
            Path outputFile = dataDir.resolve("launcher.out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
            RunningMain main = new RunningMain(process, outputFile, ports[0], ports[2]);
            try {
                await().atMost(Duration.ofSeconds(120))
                        .failFast("the launcher exited early: " + outputFile, () -> !process.isAlive())
                        .until(() -> main.output().stream().anyMatch(line -> line.startsWith("Ctrl-C")));
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
            return main;
        }

        List<String> output() throws IOException {
            return Files.readAllLines(outputFile);
        }

        private static int[] freePorts() throws IOException {
            try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 ServerSocket c = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return new int[] {a.getLocalPort(), b.getLocalPort(), c.getLocalPort()};
            }
        }
    }
}
