package dev.stockpipe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the repository's runnable units and the benchmark's own artifacts are. */
final class Repo {

    private final Path home;

    Repo(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    Path home() {
        return home;
    }

    /** A launcher under {@code bin/}, checked to exist. */
    String bin(String name) {
        Path script = home.resolve("bin").resolve(name);
        if (!Files.isExecutable(script)) {
            throw new BenchFailure(script + " is missing or not executable: run bench/run.sh from the repository root");
        }
        return script.toString();
    }

    /** {@code java -cp <kafka-tools classpath> <mainClass>}: the Kafka perf tools as a child JVM with their own classpath. */
    List<String> kafkaTool(String mainClass) {
        Path cpFile = home.resolve("bench/perf-tools/target/perf-tools.classpath");
        if (!Files.isRegularFile(cpFile)) {
            throw new BenchFailure(cpFile + " is missing: build the benchmark with ./mvnw -f bench/pom.xml install -DskipTests");
        }
        try {
            String cp = Files.readString(cpFile, StandardCharsets.UTF_8).strip();
            return new ArrayList<>(List.of(java(), "-Xmx512m", "-Dlog4j2.level=WARN", "-cp", cp, mainClass));
        } catch (IOException e) {
            throw new BenchFailure("cannot read " + cpFile, e);
        }
    }

    /** {@code java -cp bench.jar <mainClass>}: a helper of this module in its own JVM (the DuckDB baselines). */
    List<String> benchHelper(String mainClass, String heap) {
        List<String> cmd = benchHelper(mainClass);
        cmd.add(1, "-Xmx" + heap);
        return cmd;
    }

    /** {@code java -cp bench.jar <mainClass>} with the JVM's default flags, as {@code bin/lake-writer} runs the writer. */
    List<String> benchHelper(String mainClass) {
        Path jar = home.resolve("bench/harness/target/bench.jar");
        if (!Files.isRegularFile(jar)) {
            throw new BenchFailure(jar + " is missing: build the benchmark with ./mvnw -f bench/pom.xml install -DskipTests");
        }
        return new ArrayList<>(List.of(java(), "-cp", jar.toString(), mainClass));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
