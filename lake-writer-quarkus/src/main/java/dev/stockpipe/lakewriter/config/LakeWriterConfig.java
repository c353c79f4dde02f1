package dev.stockpipe.lakewriter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the lake-writer itself decides: where objects go, when buffers rotate, how uploads
 * retry and how much unlanded data may sit in memory before consumption pauses. Kafka and S3
 * client settings live in their own Quarkus namespaces (see application.properties).
 */
@ConfigMapping(prefix = "lake")
public interface LakeWriterConfig {

    /** Bucket holding the raw zone. */
    @WithDefault("stock-lake")
    String bucket();

    /** Root prefix of the raw zone inside the bucket. */
    @WithDefault("raw")
    String rawRoot();

    /** Root prefix of the processed zone (only needed to build the shared layout). */
    @WithDefault("processed")
    String processedRoot();

    /** Create the bucket at start-up when it does not exist (local runs, tests). */
    @WithDefault("true")
    boolean createBucket();

    /** Pause consumption while this many uncompressed bytes are buffered or uploading. */
    @WithDefault("268435456")
    long maxPendingBytes();

    /** How long a partition revocation may wait for its buffers to land before giving up. */
    @WithDefault("60s")
    Duration revocationTimeout();

    /**
     * How long a graceful shutdown (SIGTERM) may spend landing buffered records. What has not landed
     * by then is abandoned uncommitted (the next owner re-reads it), so closing the consumer and the
     * DLQ producer and leaving the group still fit a 30 s termination grace period.
     */
    @WithDefault("15s")
    Duration shutdownTimeout();

    Rotation rotation();

    Upload upload();

    DeadLetters dlq();

    Group group();

    S3 s3();

    /** When a topic-partition's open segment is closed and its objects uploaded. */
    interface Rotation {

        /** Uncompressed bytes of a segment (default 64 MiB). */
        @WithDefault("67108864")
        long maxBytes();

        /** Records of a segment. */
        @WithDefault("500000")
        int maxRecords();

        /** Age of the oldest buffered record, by the writer's clock: bounds landing latency on quiet topics. */
        @WithDefault("30s")
        Duration maxAge();

        /** How often idle buffers are checked against {@link #maxAge()}. */
        @WithDefault("1s")
        Duration checkInterval();
    }

    /** Upload threads and retry backoff while the lake is unreachable. */
    interface Upload {

        @WithDefault("4")
        int threads();

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }

    /** How invalid records are written to {@code stock.dlq}. */
    interface DeadLetters {

        /**
         * Largest DLQ record (value, headers and Kafka's record overhead) sent as it is. Must not exceed
         * the DLQ producer's {@code max.request.size} (1 MiB) nor the topic's {@code max.message.bytes}
         * (broker default 1 MiB + 12 B); a larger record is sent in bounded form with reason {@code too_large}.
         */
        @WithDefault("1000000")
        int maxRecordBytes();

        /** Leading bytes of an oversized value kept in its bounded DLQ copy. */
        @WithDefault("16384")
        int truncatedPayloadBytes();

        /** First pause between attempts of a DLQ write the broker did not acknowledge. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest pause between attempts of a DLQ write. */
        @WithDefault("5s")
        Duration maxBackoff();
    }

    /**
     * The lake's static S3 keys ({@code S3_ACCESS_KEY_ID}, {@code S3_SECRET_ACCESS_KEY}). Both or neither:
     * see {@code land.S3Credentials}. Endpoint, region and addressing stay in Quarkus' {@code quarkus.s3.*}.
     */
    interface S3 {

        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }

    /** Membership of the consumer group: static membership lets a restarted instance take its partitions back at once. */
    interface Group {

        /** Join as a static member ({@code group.instance.id}); off = a dynamic member, as before. */
        @WithDefault("true")
        boolean staticMembership();

        /**
         * This instance's {@code group.instance.id}. Must be unique per running instance and stable across
         * its restarts; unset = {@code lake-writer-<host name>} (the pod name in Kubernetes, the container's
         * host name in compose).
         */
        Optional<String> instanceId();

        /**
         * On a graceful shutdown, remove this static member from the group once its partitions are
         * landed and committed, so they move at once (a static member otherwise keeps them until
         * {@code session.timeout.ms} passes, waiting for its own restart).
         */
        @WithDefault("true")
        boolean leaveOnShutdown();
    }
}
