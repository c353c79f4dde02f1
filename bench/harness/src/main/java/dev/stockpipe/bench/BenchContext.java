package dev.stockpipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What every benchmark of one run shares: the mode, the repository, the devstack connection
 * settings, the work and log directories, and figures one benchmark hands to a later one.
 */
final class BenchContext {

    final Mode mode;
    final Repo repo;
    final Map<String, String> stackEnv;
    final Path workDir;
    final Path logDir;
    final KafkaTools kafkaTools;
    final Lake lake;
    /** Median simulator ticks/s of benchmark 1 (0 until measured). */
    double simulatorMax;
    /** Median landing records/s of benchmark 2 (0 until measured). */
    double landingMax;
    /** Spark and DuckDB wall times per row count, for the scaling chart. */
    final Map<Long, double[]> dailyScaling = new java.util.TreeMap<>();
    /** End-to-end steps: target rate → [sent rate, landed rate, sustained 0/1]. */
    final Map<Double, double[]> endToEndSteps = new java.util.TreeMap<>();

    BenchContext(Mode mode, Repo repo, Map<String, String> stackEnv, Path workDir, Lake lake) {
        this.mode = mode;
        this.repo = repo;
        this.stackEnv = Map.copyOf(stackEnv);
        this.workDir = workDir;
        this.logDir = workDir.resolve("logs");
        this.kafkaTools = new KafkaTools(repo, stackEnv.get(dev.stockpipe.contracts.RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS), logDir);
        this.lake = lake;
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new BenchFailure("cannot create " + logDir, e);
        }
    }

    /** The devstack settings plus {@code extra}: the environment of a child process. */
    Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(stackEnv);
        env.putAll(extra);
        return env;
    }

    Path dir(String name) {
        Path d = workDir.resolve(name);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new BenchFailure("cannot create " + d, e);
        }
        return d;
    }
}
