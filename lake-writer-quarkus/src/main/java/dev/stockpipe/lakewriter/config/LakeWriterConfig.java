package dev.stockpipe.lakewriter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /** How long a graceful shutdown may wait for buffers to land. */
    @WithDefault("30s")
    Duration shutdownTimeout();

    Rotation rotation();

    Upload upload();

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
}
