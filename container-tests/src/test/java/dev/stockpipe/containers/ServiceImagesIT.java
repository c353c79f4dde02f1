package dev.stockpipe.containers;

import static dev.stockpipe.containers.Containers.image;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service images (ingest, lake-writer, dashboard) as containers against devstack: non-root on a read-only
 * root filesystem, ready within a bound, stopped by SIGTERM within the grace period — and a
 * lake-writer stopped that way mid-stream loses and duplicates nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceImagesIT {

    /** Kubernetes' default terminationGracePeriodSeconds; compose's stop_grace_period in this repository. */
    private static final int GRACE_SECONDS = 30;

    private DevStack stack;
    private Map<String, String> lakeEnv;

    @BeforeAll
    void start() {
        stack = DevStack.builder().build().start();
        lakeEnv = stack.connectionProperties();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private String startService(String name, int port, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(lakeEnv);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putAll(extra);
        return Containers.start(new Containers.Spec(image(name), List.of(), env, Map.of(), Containers.mebibytes(768)));
    }

    private static String get(int port, String path) throws java.io.IOException, InterruptedException {
        return Containers.get(java.net.URI.create("http://127.0.0.1:" + port + path));
    }

    private static String exec(String id, String... command) throws InterruptedException {
        ExecCreateCmdResponse exec = Containers.docker().execCreateCmd(id).withCmd(command).withAttachStdout(true)
                .withAttachStderr(true).exec();
        StringBuilder out = new StringBuilder();
        Containers.docker().execStartCmd(exec.getId()).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
                com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        Long code = Containers.docker().inspectExecCmd(exec.getId()).exec().getExitCodeLong();
        return code + ":" + out.toString().strip();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ingest", "lake-writer", "dashboard"})
    void runsNonRootOnAReadOnlyRootReadyAndStopsOnSigtermWithinTheGracePeriod(String name) throws Exception {
        int port = Containers.freePort();
        String id = startService(name, port, Map.of());
        try {
            Duration ready = Containers.awaitReady(id, port, Duration.ofMinutes(2));
            System.out.printf("[containers] %s ready in %d ms%n", name, ready.toMillis());

            assertThat(exec(id, "id", "-u")).isEqualTo("0:185");
            assertThat(exec(id, "sh", "-c", "touch /opt/probe 2>&1; echo done")).contains("Read-only file system");
            InspectContainerResponse inspect = Containers.inspect(id);
            assertThat(inspect.getHostConfig().getReadonlyRootfs()).isTrue();
            assertThat(inspect.getConfig().getUser()).startsWith("185");
            if (name.equals("dashboard")) {
                // the page and its script come from the image itself: nothing from a CDN
                assertThat(get(port, "/")).startsWith("200:").contains("dashboard.js");
                assertThat(get(port, "/dashboard.js")).startsWith("200:");
                assertThat(get(port, "/api/state")).startsWith("200:").contains("\"symbols\"");
            }

            long before = System.nanoTime();
            Containers.docker().stopContainerCmd(id).withTimeout(GRACE_SECONDS).exec();
            long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            InspectContainerResponse.ContainerState state = Containers.inspect(id).getState();
            System.out.printf("[containers] %s stopped by SIGTERM in %d ms, exit code %d%n", name, stoppedMs,
                    state.getExitCodeLong());
            // 137 would be the SIGKILL docker sends when the grace period runs out
            assertThat(state.getExitCodeLong()).as("exit code after SIGTERM; log:\n%s", Containers.logs(id, false))
                    .isNotEqualTo(137L);
            assertThat(stoppedMs).isLessThan(GRACE_SECONDS * 1000L);
        } finally {
            Containers.remove(id);
        }
    }

    @Test
    void aLakeWriterStoppedBySigtermMidStreamLosesAndDuplicatesNothing() throws Exception {
        Map<String, String> writerEnv = Map.of("LAKE_ROTATION_MAX_AGE", "2s", "LAKE_GROUP_INSTANCE_ID", "container-it-writer");
        int port = Containers.freePort();
        String first = startService("lake-writer", port, writerEnv);
        String second = null;
        AtomicLong sent = new AtomicLong();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, lakeEnv.get("KAFKA_BOOTSTRAP_SERVERS"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            Containers.awaitReady(first, port, Duration.ofMinutes(2));
            Thread streaming = new Thread(() -> stream(producer, sent, 24_000), "tick-stream");
            streaming.start();
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> sent.get() >= 8_000);
            long before = System.nanoTime();
            Containers.docker().stopContainerCmd(first).withTimeout(GRACE_SECONDS).exec();
            long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            long exit = Containers.inspect(first).getState().getExitCodeLong();
            System.out.printf("[containers] lake-writer stopped mid-stream by SIGTERM in %d ms (exit %d) after %d ticks%n",
                    stoppedMs, exit, sent.get());
            assertThat(exit).isNotEqualTo(137L);
            second = startService("lake-writer", port, writerEnv);
            Containers.awaitReady(second, port, Duration.ofMinutes(2));
            streaming.join(TimeUnit.MINUTES.toMillis(3));
            assertThat(sent.get()).isEqualTo(24_000);

            try (LakeObjects lake = new LakeObjects(lakeEnv)) {
                Awaitility.await("every tick in the lake").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> lake.lines(lake.rawRealtimePrefix()).size() >= sent.get());
                List<byte[]> lines = lake.lines(lake.rawRealtimePrefix());
                Set<String> distinct = new HashSet<>();
                ObjectMapper mapper = JsonCodec.mapper();
                for (byte[] line : lines) {
                    JsonNode t = mapper.readTree(line);
                    distinct.add(t.get("symbol").asText() + "#" + t.get("seq").asLong());
                }
                System.out.printf("[containers] SIGTERM mid-stream: sent %d, landed %d lines, %d distinct%n", sent.get(),
                        lines.size(), distinct.size());
                assertThat(distinct).hasSize((int) sent.get());
                assertThat(lines).hasSize((int) sent.get());
            }
        } finally {
            Containers.remove(first);
            if (second != null) {
                Containers.remove(second);
            }
        }
    }

    /** {@code total} ticks over three symbols at about 2,000/s, seq per symbol from 0; every 200 acknowledged before the next. */
    private static void stream(KafkaProducer<String, byte[]> producer, AtomicLong sent, int total) {
        String[] symbols = {"AAPL", "MSFT", "NVDA"};
        Instant start = Instant.parse("2026-11-27T15:00:00Z");
        List<java.util.concurrent.Future<?>> batch = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < total; i++) {
                String symbol = symbols[i % symbols.length];
                Tick tick = new Tick(symbol, start.plusMillis(i * 10L), 100 + (i % 50) / 10.0, 10, i / symbols.length,
                        Tick.SOURCE_SIMULATOR);
                batch.add(producer.send(new ProducerRecord<>(Topics.REALTIME, symbol, JsonCodec.toBytes(tick))));
                if (i % 200 == 199 || i == total - 1) {
                    for (java.util.concurrent.Future<?> ack : batch) {
                        ack.get(); // throws if a send failed: the count below is of acknowledged ticks
                    }
                    batch.clear();
                    sent.set(i + 1);
                    Thread.sleep(100);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("streaming ticks failed after " + sent.get(), e);
        }
    }
}
