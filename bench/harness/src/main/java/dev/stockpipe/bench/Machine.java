package dev.stockpipe.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The machine and software a result was measured on, for the header of the results file. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe(String postgresVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", firstMatch(Path.of("/proc/cpuinfo"), "model name") + " — " + Runtime.getRuntime().availableProcessors()
                + " cores visible to the JVM");
        m.put("memory", memory());
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")");
        m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        Properties versions = new Properties();
        try (InputStream in = Machine.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException ignored) {
            // versions are informative only
        }
        m.put("Kafka (broker, clients, perf tools)", versions.getProperty("kafka", "?"));
        m.put("Spark", versions.getProperty("spark", "?"));
        m.put("Quarkus", versions.getProperty("quarkus", "?"));
        m.put("DuckDB (JDBC)", versions.getProperty("duckdb", "?"));
        m.put("S3 server", "S3Proxy " + versions.getProperty("s3proxy", "?") + " (filesystem)");
        m.put("PostgreSQL", postgresVersion);
        return m;
    }

    /** The 1-minute load average now (other work on the machine makes figures noisy). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memory() {
        String kb = firstMatch(Path.of("/proc/meminfo"), "MemTotal").replace("kB", "").strip();
        try {
            return String.format("%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return kb;
        }
    }

    private static String firstMatch(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
