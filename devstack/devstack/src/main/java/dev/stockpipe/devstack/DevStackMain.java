package dev.stockpipe.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Local run: Kafka on 9092 and S3 on 9000 (by default), data kept under {@code ./data/devstack},
 * connection settings written to {@code <data-dir>/devstack.env} for the other processes, until
 * SIGINT/SIGTERM stops both servers.
 *
 * <pre>
 * java -jar devstack/devstack/target/devstack-0.1.0-SNAPSHOT.jar [--data-dir DIR] [--kafka-port N]
 *      [--kafka-controller-port N] [--s3-port N] [--partitions N] [--buckets a,b] [--s3-storage filesystem|memory]
 *      [--env-file FILE] [--profile throughput|fast-start] [--jvm-options "OPTS"]
 * </pre>
 */
public final class DevStackMain {

    static final Path DEFAULT_DATA_DIR = Path.of("data", "devstack");
    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    static final int DEFAULT_S3_PORT = 9000;
    static final String ENV_FILE_NAME = "devstack.env";

    private DevStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(usage());
            return;
        }

        DevStack stack = options.settings.build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            System.out.println("devstack stopped");
        }, "devstack-main-shutdown"));
        System.out.println("devstack starting: Kafka and S3 child JVMs, data in " + stack.dataDir());
        stack.start();
        Path envFile = stack.writeEnvFile(options.envFile != null ? options.envFile : stack.dataDir().resolve(ENV_FILE_NAME));

        System.out.println("devstack ready (logs in " + stack.logDir() + ")");
        printSettings(System.out, stack.connectionProperties(), envFile);
        System.out.println("Ctrl-C or SIGTERM stops both servers");
        new CountDownLatch(1).await(); // the shutdown hook ends the JVM
    }

    /**
     * The settings for a human: secrets masked, since stdout ends up in terminals, CI logs and
     * {@code ./pipeline up}'s log files. The env file (owner-only) keeps the real values.
     */
    static void printSettings(PrintStream out, Map<String, String> settings, Path envFile) {
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            out.println("  " + entry.getKey() + "=" + (isSecret(entry.getKey()) ? MASK : entry.getValue()));
        }
        out.println("settings written to " + envFile + " (secrets there only; load with: set -a; . " + envFile
                + "; set +a)");
    }

    static final String MASK = "******";

    static boolean isSecret(String key) {
        String k = key.toUpperCase(Locale.ROOT);
        return k.contains("SECRET") || k.contains("PASSWORD") || k.contains("TOKEN");
    }

    static String usage() {
        return """
                usage: java -jar devstack.jar [options]
                  --data-dir DIR               broker log, S3 objects, child logs (default ./data/devstack)
                  --kafka-port N               Kafka PLAINTEXT listener (default 9092)
                  --kafka-controller-port N    KRaft controller listener (default 9093)
                  --s3-port N                  S3 API (default 9000)
                  --partitions N               partitions per topic (default 3)
                  --buckets a,b                buckets to create; the first is the lake bucket (default stock-lake)
                  --s3-storage KIND            filesystem (default, kept under the data dir) or memory
                  --env-file FILE              where to write the KEY=VALUE settings (default <data-dir>/devstack.env)
                  --profile KIND               JVM options of the broker and S3Proxy: fast-start (default; SerialGC,
                                               C1 only: quick to start) or throughput (the JVM's defaults: G1, C2)
                  --jvm-options "OPTS"         the broker's and S3Proxy's JVM options verbatim (replaces --profile)
                  --help
                environment: DEVSTACK_S3_ACCESS_KEY_ID / DEVSTACK_S3_SECRET_ACCESS_KEY override the dev credentials""";
    }

    /** Parsed command line; package-private for tests. */
    static final class Options {
        final DevStack.Builder settings = DevStack.builder()
                .dataDir(DEFAULT_DATA_DIR)
                .kafkaPort(DEFAULT_KAFKA_PORT)
                .kafkaControllerPort(DEFAULT_KAFKA_CONTROLLER_PORT)
                .s3Port(DEFAULT_S3_PORT);
        Path envFile;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            List<String> rest = new ArrayList<>(Arrays.asList(args));
            while (!rest.isEmpty()) {
                String name = rest.remove(0);
                if (name.equals("--help") || name.equals("-h")) {
                    options.help = true;
                    continue;
                }
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("Missing value for " + name);
                }
                String value = rest.remove(0);
                switch (name) {
                    case "--data-dir" -> options.settings.dataDir(Path.of(value));
                    case "--kafka-port" -> options.settings.kafkaPort(port(name, value));
                    case "--kafka-controller-port" -> options.settings.kafkaControllerPort(port(name, value));
                    case "--s3-port" -> options.settings.s3Port(port(name, value));
                    case "--partitions" -> options.settings.partitions(number(name, value));
                    case "--buckets" -> options.settings.buckets(Arrays.stream(value.split(",")).map(String::trim)
                            .filter(b -> !b.isEmpty()).toList());
                    case "--s3-storage" -> options.settings.s3Storage(storage(value));
                    case "--env-file" -> options.envFile = Path.of(value);
                    case "--profile" -> options.settings.jvmOptions(profile(value).options());
                    case "--jvm-options" -> options.settings.jvmOptions(Arrays.stream(value.trim().split("\\s+"))
                            .filter(o -> !o.isEmpty()).toList());
                    default -> throw new IllegalArgumentException("Unknown option " + name);
                }
            }
            return options;
        }

        private static int port(String name, String value) {
            int port = number(name, value);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(name + " must be a TCP port (1-65535), got " + value);
            }
            return port;
        }

        private static int number(String name, String value) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got '" + value + "'", e);
            }
        }

        private static DevStack.JvmProfile profile(String value) {
            try {
                return DevStack.JvmProfile.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--profile must be throughput or fast-start, got '" + value + "'", e);
            }
        }

        private static DevStack.S3Storage storage(String value) {
            try {
                return DevStack.S3Storage.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--s3-storage must be filesystem or memory, got '" + value + "'", e);
            }
        }
    }
}
