package dev.stockpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.devstack.DevStack;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A fault soak of the real-time path: the tick simulator streams (backpressure {@code slow-down})
 * while the test randomly {@code kill -9}s and restarts the lake-writer, stops and starts S3, and
 * kills and restarts the Kafka broker. At the end every tick the simulator reports as sent is in the
 * raw zone exactly once, and ingest's accounting holds: sent + failed + dropped = generated, with
 * nothing failed or dropped under {@code slow-down}. The counts go to the test output.
 *
 * <p>Bounded: {@value #FAULTS} faults (each kind three times, in a seeded order, with seeded
 * durations), a few minutes on two cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultSoakIT {

    private static final int FAULTS = 9;
    private static final long SEED = 20261129L;
    private static final int RATE = 300;

    private final Path dir = Path.of("target/fault-soak-it").toAbsolutePath();
    private DevStack stack;
    private Services services;
    private Map<String, String> env;
    private ManagedProcess ingest;
    private ManagedProcess writer;
    private int writerPort;
    private int ingestPort;
    private Map<String, String> writerEnv;

    @BeforeAll
    void start() throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path home = Path.of(System.getProperty("stockpipe.home", "..")).toAbsolutePath().normalize();
        stack = DevStack.builder().dataDir(dir.resolve("devstack")).build().start();
        env = new HashMap<>(stack.connectionProperties());
        services = new Services(home, dir.resolve("logs"));
        writerEnv = new HashMap<>(env);
        writerEnv.put("LAKE_ROTATION_MAX_AGE", "2s");
        writerEnv.put("LAKE_GROUP_INSTANCE_ID", "soak-writer");
        writerPort = Services.freePort();
        writer = services.startQuarkus("lake-writer", writerPort, writerEnv, Duration.ofMinutes(3));
        Map<String, String> ingestEnv = new HashMap<>(env);
        ingestEnv.put("INGEST_SIMULATOR_BACKPRESSURE", "slow-down");
        ingestEnv.put("INGEST_SYMBOLS", "AAPL,MSFT,NVDA");
        ingestPort = Services.freePort();
        ingest = services.startQuarkus("ingest", ingestPort, ingestEnv, Duration.ofMinutes(3));
    }

    @AfterAll
    void stop() {
        for (ManagedProcess p : new ManagedProcess[] {ingest, writer}) {
            if (p != null) {
                p.stop(Duration.ofSeconds(20));
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    private URI simulator(String path) {
        return URI.create("http://127.0.0.1:" + ingestPort + "/simulator" + path);
    }

    @Test
    void everySentTickLandsExactlyOnceThroughWriterCrashesS3OutagesAndBrokerKills() throws Exception {
        Services.post(simulator("/start?rate=" + RATE + "&backpressure=slow-down")).filter(r -> r.statusCode() == 200)
                .orElseThrow(() -> new AssertionError("the simulator did not start"));
        Random random = new Random(SEED);
        List<Integer> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < FAULTS; i++) {
            kinds.add(i % 3);
        }
        java.util.Collections.shuffle(kinds, random);
        Map<String, Integer> faults = new LinkedHashMap<>();
        for (int i = 0; i < FAULTS; i++) {
            sleepSeconds(3 + random.nextInt(5));
            switch (kinds.get(i)) {
                case 0 -> {
                    writer.kill();
                    sleepSeconds(1 + random.nextInt(4));
                    writer = services.startQuarkus("lake-writer", writerPort, writerEnv, Duration.ofMinutes(3));
                    faults.merge("lake-writer kill -9", 1, Integer::sum);
                }
                case 1 -> {
                    stack.stopS3();
                    sleepSeconds(5 + random.nextInt(10));
                    stack.startS3();
                    faults.merge("S3 outage", 1, Integer::sum);
                }
                default -> {
                    stack.killKafka();
                    sleepSeconds(5 + random.nextInt(15));
                    stack.startKafka();
                    faults.merge("broker kill -9", 1, Integer::sum);
                }
            }
            System.out.println("[soak] fault " + (i + 1) + " done: " + faults + "; simulator " + status().orElse(null));
        }
        sleepSeconds(5);
        Services.post(simulator("/stop")).filter(r -> r.statusCode() == 200)
                .orElseThrow(() -> new AssertionError("the simulator did not stop"));
        JsonNode last = LakeReader.poll(Duration.ofMinutes(3), () -> status().filter(s -> s.get("ticks_in_flight").asLong() == 0),
                () -> "ticks were still in flight to Kafka 3 minutes after the simulator stopped: " + status().orElse(null));
        long generated = last.get("ticks_generated").asLong();
        long sent = last.get("ticks_sent").asLong();
        long failed = last.get("ticks_failed").asLong();
        long dropped = last.get("ticks_dropped").asLong();

        long[] landed = {0};
        Set<String> distinct = new HashSet<>();
        try (LakeReader lake = new LakeReader(env)) {
            LakeReader.poll(Duration.ofMinutes(3), () -> {
                List<byte[]> lines = lake.rawLines(LakeLayout.DEFAULT.rawRealtimeRoot());
                landed[0] = lines.size();
                return lines.size() >= sent ? Optional.of(lines) : Optional.empty();
            }, () -> "only " + landed[0] + " of " + sent + " sent ticks landed within 3 minutes").forEach(line -> {
                JsonNode t = JsonCodec.readTree(line);
                distinct.add(t.get("symbol").asText() + "#" + t.get("seq").asLong());
            });
        }
        long duplicates = landed[0] - distinct.size();
        System.out.println("[soak] generated=" + generated + " sent=" + sent + " failed=" + failed + " dropped=" + dropped
                + " landed=" + landed[0] + " distinct=" + distinct.size() + " duplicates=" + duplicates + " faults=" + faults);

        assertThat(faults.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FAULTS);
        assertThat(generated).isPositive();
        assertThat(sent + failed + dropped).as("ingest accounting").isEqualTo(generated);
        assertThat(dropped).as("slow-down never drops").isZero();
        assertThat(failed).as("slow-down holds ticks through a broker outage instead of failing them").isZero();
        assertThat(duplicates).as("duplicates in the lake").isZero();
        assertThat(distinct).as("every sent tick landed").hasSize((int) sent);
        // no seq holes: every symbol's seqs 0..next_seq-1 are in the lake
        for (JsonNode symbol : last.get("symbols")) {
            for (long seq = 0; seq < symbol.get("next_seq").asLong(); seq++) {
                assertThat(distinct).as("seq %d of %s", seq, symbol.get("symbol").asText())
                        .contains(symbol.get("symbol").asText() + "#" + seq);
            }
        }
    }

    private Optional<JsonNode> status() {
        return Services.get(simulator("")).filter(r -> r.statusCode() == 200)
                .map(r -> JsonCodec.readTree(r.body().getBytes(StandardCharsets.UTF_8)));
    }

    private static void sleepSeconds(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }
}
