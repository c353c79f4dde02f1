package dev.stockpipe.devstack.kafka;

import static dev.stockpipe.devstack.child.ChildProcess.exitWhenParentGoes;
import static dev.stockpipe.devstack.child.ChildProcess.parse;
import static dev.stockpipe.devstack.child.ChildProcess.required;
import static dev.stockpipe.devstack.child.ChildProcess.splitList;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * Child-JVM entry point of the devstack Kafka broker: a single KRaft node (broker and
 * controller combined) on loopback, its log directory under the given data directory so a
 * restart on the same ports finds its topics and records again.
 *
 * <p>Protocol with the launcher ({@code dev.stockpipe.devstack.ChildServer}): arguments
 * {@code --log-dir DIR --port N --controller-port N --partitions N --topics a,b,c [--compacted-topics b]}; prints
 * {@value #READY_LINE} on stdout once the broker serves and the topics exist; stops cleanly on
 * SIGTERM and also when its stdin reaches end-of-file, i.e. when the launching JVM died
 * without stopping it (no orphan broker).
 */
public final class KafkaServerMain {

    static final String READY_LINE = "DEVSTACK-READY";
    private static final String HOST = "127.0.0.1";
    private static final Duration TOPIC_CREATION_TIMEOUT = Duration.ofSeconds(60);

    private KafkaServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path logDir = Path.of(required(options, "log-dir")).toAbsolutePath();
        int port = Integer.parseInt(required(options, "port"));
        int controllerPort = Integer.parseInt(required(options, "controller-port"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "3"));
        List<String> topics = splitList(options.getOrDefault("topics", ""));
        List<String> compacted = splitList(options.getOrDefault("compacted-topics", ""));

        Files.createDirectories(logDir);
        Properties props = brokerProperties(logDir, port, controllerPort, partitions);
        formatStorageIfNew(logDir, props);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "devstack-kafka-shutdown"));
        exitWhenParentGoes();

        server.startup();
        createTopics(HOST + ":" + port, topics, compacted, partitions);
        System.out.println(READY_LINE + " bootstrap=" + HOST + ":" + port);
        System.out.flush();
        server.awaitShutdown();
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort, int partitions) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", Integer.toString(partitions));
        p.setProperty("auto.create.topics.enable", "false");
        // single node: every internal topic with one replica, and few partitions so the first
        // consumer group or transaction does not wait for 50 partitions to be created
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        return p;
    }

    /** KRaft refuses to start on an unformatted log directory; format once, keep it afterwards. */
    private static void formatStorageIfNew(Path logDir, Properties props) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = Files.createTempFile("devstack-kafka", ".properties");
        int status;
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "devstack single-node KRaft broker");
            }
            String[] formatArgs = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"};
            status = StorageTool.execute(formatArgs, new PrintStream(System.out, true, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(config);
        }
        if (status != 0) {
            throw new IllegalStateException("Formatting the KRaft log directory " + logDir + " failed with status " + status
                    + "; delete the directory to start from scratch.");
        }
    }

    /**
     * Topics are created explicitly (auto-creation is off), and already existing ones are kept. Those
     * also named in {@code compacted} get {@code cleanup.policy=compact}.
     */
    private static void createTopics(String bootstrap, List<String> topics, List<String> compacted, int partitions)
            throws Exception {
        if (topics.isEmpty()) {
            return;
        }
        Properties adminProps = new Properties();
        adminProps.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + TOPIC_CREATION_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminProps)) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                NewTopic newTopic = new NewTopic(topic, partitions, (short) 1);
                if (compacted.contains(topic)) {
                    newTopic.configs(Map.of("cleanup.policy", "compact"));
                }
                newTopics.add(newTopic);
            }
            for (var entry : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    entry.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Creating topic " + entry.getKey() + " failed.", e.getCause());
                    }
                }
            }
        }
    }

}
