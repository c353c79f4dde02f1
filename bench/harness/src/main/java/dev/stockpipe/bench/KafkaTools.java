package dev.stockpipe.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Kafka's own {@code kafka-producer-perf-test} and {@code kafka-consumer-perf-test}
 * ({@code org.apache.kafka.tools.ProducerPerformance} / {@code ConsumerPerformance} from
 * kafka-tools), run as child JVMs: the baselines of benchmarks 1 and 2.
 */
final class KafkaTools {

    /** One ConsumerPerformance result. */
    record Consumed(long messages, double megabytes, double messagesPerSecond, double fetchMessagesPerSecond) {
        double bytesPerMessage() {
            return megabytes * 1024 * 1024 / messages;
        }
    }

    private final Repo repo;
    private final String bootstrap;
    private final Path logDir;

    KafkaTools(Repo repo, String bootstrap, Path logDir) {
        this.repo = repo;
        this.bootstrap = bootstrap;
        this.logDir = logDir;
    }

    /**
     * Producer records/s at {@code recordSize} bytes, with the producer settings of ingest's
     * real-time channel, so the comparison is about the client code, not the configuration.
     */
    double produce(String name, String topic, long records, int recordSize, Map<String, String> producerProps) {
        List<String> cmd = repo.kafkaTool("org.apache.kafka.tools.ProducerPerformance");
        cmd.addAll(List.of("--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap));
        producerProps.forEach((k, v) -> cmd.add(k + "=" + v));
        Proc.Finished f = Proc.run(name, cmd, Map.of(), logDir, Duration.ofMinutes(10)).requireSuccess();
        // last line: "N records sent, X records/sec (Y MB/sec), … ms avg latency, …"
        String summary = f.lastLine();
        String[] parts = summary.split(",");
        if (parts.length < 2 || !parts[1].contains("records/sec")) {
            throw new BenchFailure("unexpected ProducerPerformance summary: " + summary);
        }
        return Double.parseDouble(parts[1].strip().split(" ")[0]);
    }

    /** Reads {@code messages} records of {@code topic} from the beginning with a new consumer group. */
    Consumed consume(String name, String topic, long messages, String group) {
        List<String> cmd = repo.kafkaTool("org.apache.kafka.tools.ConsumerPerformance");
        cmd.addAll(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--messages", Long.toString(messages),
                "--group", group, "--timeout", "30000", "--hide-header"));
        Proc.Finished f = Proc.run(name, cmd, Map.of(), logDir, Duration.ofMinutes(10)).requireSuccess();
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
        // rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        String[] c = f.lastLine().split(",");
        if (c.length < 10) {
            throw new BenchFailure("unexpected ConsumerPerformance output: " + f.lastLine());
        }
        return new Consumed(Long.parseLong(c[4].strip()), Double.parseDouble(c[2].strip()), Double.parseDouble(c[5].strip()),
                Double.parseDouble(c[9].strip()));
    }
}
