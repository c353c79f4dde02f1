package dev.stockpipe.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The landing baseline of benchmark 2: the least work any lake writer must do, and nothing more.
 * A plain {@link KafkaConsumer} with the lake-writer's consumer settings appends each record's
 * bytes and a newline to its partition's buffer (no parsing, no validation), rotates at the
 * writer's thresholds (bytes, records, age), gzips with the same {@link GZIPOutputStream} at the
 * same level and buffer, PUTs through the same AWS SDK client type on as many upload threads,
 * one partition's objects in order, and commits each object's end offset after its PUT.
 *
 * <p>{@code java -cp bench.jar dev.stockpipe.bench.BareCopierMain BOOTSTRAP TOPIC GROUP RECORDS KEY_PREFIX}
 * with the devstack's S3 settings in the environment. It stops once {@code RECORDS} records are
 * uploaded and committed and prints {@code records objects seconds cpu-seconds}, timed from the
 * first non-empty poll to the last commit.
 */
public final class BareCopierMain {

    /** The lake-writer's defaults and the benchmark's rotation age ({@link LandingBench#writerEnv}). */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    static final int MAX_RECORDS = 500_000;
    static final long MAX_AGE_NANOS = LandingBench.ROTATION_AGE.toNanos();
    static final long MAX_PENDING_BYTES = 256L * 1024 * 1024;
    static final int UPLOAD_THREADS = 4;

    private BareCopierMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: BareCopierMain BOOTSTRAP TOPIC GROUP RECORDS KEY_PREFIX");
            System.exit(2);
        }
        long records = Long.parseLong(args[3]);
        try (Lake lake = new Lake(System.getenv()); KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(args[0], args[2]))) {
            Copier copier = new Copier(consumer, lake, args[4]);
            consumer.subscribe(List.of(args[1]));
            copier.copy(records);
        }
    }

    /** The lake-writer's consumer settings (lake-writer-quarkus application.properties, channel raw-in). */
    static Properties consumerProps(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return p;
    }

    /** The poll loop: buffers, rotation, uploads in order per partition, commits on the polling thread. */
    private static final class Copier {

        private final KafkaConsumer<String, byte[]> consumer;
        private final Lake lake;
        private final String prefix;
        private final ExecutorService uploads = Executors.newFixedThreadPool(UPLOAD_THREADS);
        private final Map<TopicPartition, Segment> open = new HashMap<>();
        private final Map<TopicPartition, CompletableFuture<Void>> tails = new HashMap<>();
        private final ArrayDeque<Sealed> inFlight = new ArrayDeque<>();
        private long pendingBytes;
        private long committedRecords;
        private long objects;

        Copier(KafkaConsumer<String, byte[]> consumer, Lake lake, String prefix) {
            this.consumer = consumer;
            this.lake = lake;
            this.prefix = prefix;
        }

        void copy(long records) throws Exception {
            long t0 = 0;
            long cpu0 = 0;
            try {
                while (committedRecords < records) {
                    ConsumerRecords<String, byte[]> polled = consumer.poll(java.time.Duration.ofMillis(100));
                    if (t0 == 0 && !polled.isEmpty()) {
                        t0 = System.nanoTime();
                        cpu0 = processCpuNanos();
                    }
                    for (ConsumerRecord<String, byte[]> r : polled) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        Segment s = open.computeIfAbsent(tp, t -> new Segment(r.offset(), System.nanoTime()));
                        s.append(r.value(), r.offset());
                        if (s.bytes() >= MAX_BYTES || s.records >= MAX_RECORDS) {
                            seal(tp);
                        }
                    }
                    long now = System.nanoTime();
                    for (TopicPartition tp : List.copyOf(open.keySet())) {
                        if (now - open.get(tp).openedAt >= MAX_AGE_NANOS) {
                            seal(tp);
                        }
                    }
                    commitLanded(pendingBytes >= MAX_PENDING_BYTES);
                }
            } finally {
                uploads.shutdownNow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            System.out.println(committedRecords + " " + objects + " " + seconds + " " + cpuSeconds);
            uploads.awaitTermination(10, TimeUnit.SECONDS);
        }

        private void seal(TopicPartition tp) {
            Segment s = open.remove(tp);
            String key = prefix + tp.topic() + "-" + tp.partition() + "-" + s.startOffset + ".json.gz";
            CompletableFuture<Void> landed = tails.getOrDefault(tp, CompletableFuture.completedFuture(null))
                    .thenRunAsync(() -> lake.put(key, gzip(s.lines)), uploads);
            tails.put(tp, landed);
            pendingBytes += s.bytes();
            inFlight.add(new Sealed(tp, s.nextOffset, s.records, s.bytes(), landed));
        }

        /** Commits every landed object at the head of the queue; with {@code block}, waits for the oldest first. */
        private void commitLanded(boolean block) throws Exception {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            while (!inFlight.isEmpty() && (inFlight.peek().landed().isDone() || block)) {
                Sealed head = inFlight.poll();
                head.landed().get();
                offsets.put(head.tp(), new OffsetAndMetadata(head.nextOffset()));
                committedRecords += head.records();
                pendingBytes -= head.bytes();
                objects++;
                block = pendingBytes >= MAX_PENDING_BYTES;
            }
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private record Sealed(TopicPartition tp, long nextOffset, int records, long bytes, CompletableFuture<Void> landed) {
    }

    /** One partition's lines since its last rotation. */
    private static final class Segment {
        final long startOffset;
        final long openedAt;
        final ByteArrayOutputStream lines = new ByteArrayOutputStream(8192);
        long nextOffset;
        int records;

        Segment(long startOffset, long openedAt) {
            this.startOffset = startOffset;
            this.openedAt = openedAt;
        }

        void append(byte[] value, long offset) {
            lines.write(value, 0, value.length);
            lines.write('\n');
            records++;
            nextOffset = offset + 1;
        }

        long bytes() {
            return lines.size();
        }
    }

    /** The lake-writer's gzip (LakeLander.gzip): default level, 64 KiB buffer. */
    static byte[] gzip(ByteArrayOutputStream content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, content.size() / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 65536)) {
            content.writeTo(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
