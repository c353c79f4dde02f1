package dev.stockpipe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.contracts.Topics;

/**
 * A real Kafka broker (single KRaft node) and a real S3-compatible server (S3Proxy) on
 * 127.0.0.1, each in a child JVM with its own classpath, so neither the broker's Scala and
 * log4j2 nor S3Proxy's Jetty and Jackson 3 meet the caller's classpath.
 *
 * <p>Ports chosen as 0 are picked once and kept, so {@link #stopKafka()}/{@link #startKafka()}
 * (or the SIGKILL variants) bring a server back where clients expect it, with its data: the
 * broker's log directory and the S3 directory live under {@link #dataDir()}.
 *
 * <pre>{@code
 * try (DevStack stack = DevStack.builder().partitions(3).build().start()) {
 *     String bootstrap = stack.kafkaBootstrapServers();
 *     stack.killS3();  // kill -9 style
 *     stack.startS3(); // same port, same objects
 * }
 * }</pre>
 */
public final class DevStack implements StackEndpoints {

    /** Environment variables that override the fixed development credentials. */
    public static final String ACCESS_KEY_ENV = "DEVSTACK_S3_ACCESS_KEY_ID";
    public static final String SECRET_KEY_ENV = "DEVSTACK_S3_SECRET_ACCESS_KEY";
    /** Development-only credentials: S3Proxy checks signatures against these, nothing else. */
    public static final String DEFAULT_ACCESS_KEY = "stockpipe-dev";
    public static final String DEFAULT_SECRET_KEY = "stockpipe-dev-secret";

    private static final String HOST = "127.0.0.1";
    private static final String KAFKA_MAIN = "dev.stockpipe.devstack.kafka.KafkaServerMain";
    private static final String S3_MAIN = "dev.stockpipe.devstack.s3.S3ServerMain";
    /** Names the child S3 main reads its credentials from (kept off the visible command line). */
    private static final String CHILD_ACCESS_KEY_ENV = "DEVSTACK_CHILD_S3_ACCESS_KEY";
    private static final String CHILD_SECRET_KEY_ENV = "DEVSTACK_CHILD_S3_SECRET_KEY";

    private final Builder settings;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final int kafkaPort;
    private final int kafkaControllerPort;
    private final int s3Port;
    private final ChildServer kafka;
    private final ChildServer s3;
    private final Thread shutdownHook = new Thread(this::stopChildren, "devstack-shutdown");
    private boolean started;
    private boolean closed;

    private DevStack(Builder settings) {
        this.settings = settings;
        try {
            this.deleteDataDirOnClose = settings.dataDir == null;
            this.dataDir = settings.dataDir == null
                    ? Files.createTempDirectory("devstack-")
                    : Files.createDirectories(settings.dataDir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the devstack data directory " + settings.dataDir, e);
        }
        int[] free = freePorts(3);
        this.kafkaPort = settings.kafkaPort != 0 ? settings.kafkaPort : free[0];
        this.kafkaControllerPort = settings.kafkaControllerPort != 0 ? settings.kafkaControllerPort : free[1];
        this.s3Port = settings.s3Port != 0 ? settings.s3Port : free[2];
        this.kafka = settings.kafkaEnabled ? kafkaServer() : null;
        this.s3 = settings.s3Enabled ? s3Server() : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts both servers (concurrently) and returns once both are ready, topics and buckets created. */
    public synchronized DevStack start() {
        if (closed) {
            throw new IllegalStateException("This DevStack was closed; build a new one.");
        }
        if (started) {
            throw new IllegalStateException("This DevStack is already started.");
        }
        started = true;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            for (ChildServer child : children()) {
                child.launch();
            }
            for (ChildServer child : children()) {
                child.awaitReady();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    // ---- fault injection: same ports, same data directories ----

    /** Starts the broker again after a stop or kill; returns once it serves and the topics exist. */
    public void startKafka() {
        requireKafka().start();
    }

    /** Graceful broker shutdown (SIGTERM): controlled shutdown, clean log close. */
    public void stopKafka() {
        requireKafka().stop();
    }

    /** Abrupt broker death (SIGKILL), like {@code kill -9}: the next start recovers its logs. */
    public void killKafka() {
        requireKafka().kill();
    }

    public boolean isKafkaRunning() {
        return kafka != null && kafka.isRunning();
    }

    public void startS3() {
        requireS3().start();
    }

    /** Graceful S3 server shutdown (SIGTERM). */
    public void stopS3() {
        requireS3().stop();
    }

    /** Abrupt S3 server death (SIGKILL): in-flight requests fail with connection errors. */
    public void killS3() {
        requireS3().kill();
    }

    public boolean isS3Running() {
        return s3 != null && s3.isRunning();
    }

    // ---- where to connect ----

    @Override
    public String kafkaBootstrapServers() {
        requireKafka();
        return HOST + ":" + kafkaPort;
    }

    @Override
    public String s3Endpoint() {
        requireS3();
        return "http://" + HOST + ":" + s3Port;
    }

    @Override
    public String s3Region() {
        return settings.region;
    }

    @Override
    public String s3AccessKey() {
        return settings.accessKey;
    }

    @Override
    public String s3SecretKey() {
        return settings.secretKey;
    }

    /** The first configured bucket: the lake bucket. */
    @Override
    public String bucket() {
        return settings.buckets.get(0);
    }

    public List<String> buckets() {
        return List.copyOf(settings.buckets);
    }

    public List<String> topics() {
        return List.copyOf(settings.topics);
    }

    /** The broker's and S3Proxy's JVM options. */
    public List<String> jvmOptions() {
        return settings.jvmOptions;
    }

    public int partitions() {
        return settings.partitions;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int s3Port() {
        return s3Port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Child output (WARN and above, plus start markers) lands here: {@code kafka.log}, {@code s3.log}. */
    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** Connection settings without the parts of a disabled server. */
    @Override
    public Map<String, String> connectionProperties() {
        return connectionProperties(kafka != null, s3 != null);
    }

    /** Stops both servers gracefully and, for a temporary data directory, deletes it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopChildren();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNeverAdded) {
            // the hook is running now, or start() never registered it
        }
        if (deleteDataDirOnClose) {
            deleteRecursively(dataDir);
        }
    }

    @Override
    public String toString() {
        return "DevStack[kafka=" + (kafka == null ? "off" : HOST + ":" + kafkaPort)
                + ", s3=" + (s3 == null ? "off" : "http://" + HOST + ":" + s3Port) + ", dataDir=" + dataDir + "]";
    }

    private void stopChildren() {
        CompletableFuture<Void> s3Stopped = s3 == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(s3::stop);
        if (kafka != null) {
            kafka.stop();
        }
        s3Stopped.join();
    }

    private List<ChildServer> children() {
        List<ChildServer> children = new ArrayList<>();
        if (kafka != null) {
            children.add(kafka);
        }
        if (s3 != null) {
            children.add(s3);
        }
        return children;
    }

    private ChildServer requireKafka() {
        if (kafka == null) {
            throw new IllegalStateException("This DevStack was built without Kafka (withKafka(false)).");
        }
        return kafka;
    }

    private ChildServer requireS3() {
        if (s3 == null) {
            throw new IllegalStateException("This DevStack was built without S3 (withS3(false)).");
        }
        return s3;
    }

    private ChildServer kafkaServer() {
        List<String> command = javaCommand(settings.kafkaHeap, settings.jvmOptions, RuntimeClasspath.of("kafka"),
                "-Dlog4j2.configurationFile=META-INF/devstack/kafka-log4j2.xml", "-Dlog4j2.shutdownHookEnabled=false");
        command.addAll(List.of(KAFKA_MAIN,
                "--log-dir", dataDir.resolve("kafka").toString(),
                "--port", Integer.toString(kafkaPort),
                "--controller-port", Integer.toString(kafkaControllerPort),
                "--partitions", Integer.toString(settings.partitions),
                "--topics", String.join(",", settings.topics),
                "--compacted-topics", String.join(",", settings.topics.stream().filter(Topics.COMPACTED::contains).toList())));
        return new ChildServer("kafka", command, Map.of(), logDir().resolve("kafka.log"), settings.startTimeout);
    }

    private ChildServer s3Server() {
        List<String> command = javaCommand(settings.s3Heap, settings.jvmOptions, RuntimeClasspath.of("s3"),
                "-Dlogback.configurationFile=META-INF/devstack/s3-logback.xml");
        command.addAll(List.of(S3_MAIN, "--port", Integer.toString(s3Port), "--buckets", String.join(",", settings.buckets)));
        if (settings.s3Storage == S3Storage.FILESYSTEM) {
            command.addAll(List.of("--data-dir", dataDir.resolve("s3").toString()));
        }
        Map<String, String> env = Map.of(CHILD_ACCESS_KEY_ENV, settings.accessKey, CHILD_SECRET_KEY_ENV, settings.secretKey);
        return new ChildServer("s3", command, env, logDir().resolve("s3.log"), settings.startTimeout);
    }

    private static List<String> javaCommand(String heap, List<String> jvmOptions, String classpath, String... systemProperties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        command.add("-Djava.awt.headless=true");
        command.addAll(List.of(systemProperties));
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    /** Distinct free loopback ports, all held open together so no two picks collide. */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free loopback ports for devstack.", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a port we only probed
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.getLogger(DevStack.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not delete the temporary devstack directory " + dir, e);
        }
    }

    /** Where S3Proxy keeps objects: a directory under the data dir (survives restarts) or memory. */
    public enum S3Storage {
        FILESYSTEM,
        MEMORY
    }

    /** JVM options of the broker and S3Proxy for what the stack is used for. */
    public enum JvmProfile {
        /**
         * One GC thread and the quick C1 compiler only: on a 2-core machine the servers share the CPU
         * with the tests, and start-up time matters more there than peak throughput. The default.
         */
        FAST_START(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
        /** The JVM's own ergonomics (G1, C2): slower to warm up, faster once warm. For running the pipeline and benchmarks. */
        THROUGHPUT(List.of());

        private final List<String> options;

        JvmProfile(List<String> options) {
            this.options = options;
        }

        public List<String> options() {
            return options;
        }
    }

    /** Options of both child JVMs unless {@link Builder#jvmOptions} replaces them: {@link JvmProfile#FAST_START}. */
    public static final List<String> DEFAULT_JVM_OPTIONS = JvmProfile.FAST_START.options();

    /** Settings of a {@link DevStack}; every one has a working default. */
    public static final class Builder {
        private Path dataDir;
        private int kafkaPort;
        private int kafkaControllerPort;
        private int s3Port;
        private int partitions = 3;
        private List<String> topics = Topics.ALL;
        private List<String> buckets = List.of(RuntimeEnv.DEFAULT_BUCKET);
        private S3Storage s3Storage = S3Storage.FILESYSTEM;
        private String region = RuntimeEnv.DEFAULT_REGION;
        private String accessKey = envOr(ACCESS_KEY_ENV, DEFAULT_ACCESS_KEY);
        private String secretKey = envOr(SECRET_KEY_ENV, DEFAULT_SECRET_KEY);
        private Duration startTimeout = Duration.ofSeconds(120);
        private String kafkaHeap = "512m";
        private String s3Heap = "256m";
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private boolean kafkaEnabled = true;
        private boolean s3Enabled = true;

        private Builder() {
        }

        /** Where the broker log, the S3 objects and the child logs live; default: a temporary directory deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** 0 (default) picks a free port once; it is kept across restarts. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = checkPort(port);
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = checkPort(port);
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = checkPort(port);
            return this;
        }

        /** Partitions of each created topic and the broker's {@code num.partitions}; default 3. */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /** Topics created at start; default {@link Topics#ALL}. */
        public Builder topics(Collection<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        /** Buckets created at start; the first is {@link DevStack#bucket()}. Default {@link RuntimeEnv#DEFAULT_BUCKET}. */
        public Builder buckets(Collection<String> buckets) {
            if (buckets.isEmpty()) {
                throw new IllegalArgumentException("At least one bucket is needed: the first one is the lake bucket.");
            }
            this.buckets = List.copyOf(buckets);
            return this;
        }

        public Builder buckets(String... buckets) {
            return buckets(List.of(buckets));
        }

        public Builder s3Storage(S3Storage storage) {
            this.s3Storage = Objects.requireNonNull(storage);
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        /** Credentials S3Proxy accepts; default from {@value #ACCESS_KEY_ENV}/{@value #SECRET_KEY_ENV} or the fixed dev pair. */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = Objects.requireNonNull(accessKey);
            this.secretKey = Objects.requireNonNull(secretKey);
            return this;
        }

        /** How long one server may take to become ready; default 120 s (2-core machines under load). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Maximum heap of the child JVMs, e.g. {@code 512m}; defaults 512m (Kafka) and 256m (S3). */
        public Builder heap(String kafkaHeap, String s3Heap) {
            this.kafkaHeap = Objects.requireNonNull(kafkaHeap);
            this.s3Heap = Objects.requireNonNull(s3Heap);
            return this;
        }

        /** Replaces {@link #DEFAULT_JVM_OPTIONS} for both child JVMs (e.g. an empty list for throughput benchmarks). */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Leave the broker out (a test that needs only S3 saves ≈ 5 s and 512 MB). */
        public Builder withKafka(boolean enabled) {
            this.kafkaEnabled = enabled;
            return this;
        }

        public Builder withS3(boolean enabled) {
            this.s3Enabled = enabled;
            return this;
        }

        /** Resolves ports and directories; nothing runs until {@link DevStack#start()}. */
        public DevStack build() {
            if (!kafkaEnabled && !s3Enabled) {
                throw new IllegalArgumentException("A DevStack without Kafka and without S3 has nothing to run.");
            }
            return new DevStack(copy());
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.dataDir = dataDir;
            copy.kafkaPort = kafkaPort;
            copy.kafkaControllerPort = kafkaControllerPort;
            copy.s3Port = s3Port;
            copy.partitions = partitions;
            copy.topics = topics;
            copy.buckets = buckets;
            copy.s3Storage = s3Storage;
            copy.region = region;
            copy.accessKey = accessKey;
            copy.secretKey = secretKey;
            copy.startTimeout = startTimeout;
            copy.kafkaHeap = kafkaHeap;
            copy.s3Heap = s3Heap;
            copy.jvmOptions = jvmOptions;
            copy.kafkaEnabled = kafkaEnabled;
            copy.s3Enabled = s3Enabled;
            return copy;
        }

        int partitionsSetting() {
            return partitions;
        }

        List<String> topicsSetting() {
            return topics;
        }

        List<String> bucketsSetting() {
            return buckets;
        }

        String regionSetting() {
            return region;
        }

        String accessKeySetting() {
            return accessKey;
        }

        String secretKeySetting() {
            return secretKey;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Not a TCP port: " + port);
            }
            return port;
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
