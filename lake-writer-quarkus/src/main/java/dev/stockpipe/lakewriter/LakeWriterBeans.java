package dev.stockpipe.lakewriter;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import dev.stockpipe.lakewriter.deadletter.DeadLetterPublisher;
import dev.stockpipe.lakewriter.consume.PollingThreadCommitter;
import dev.stockpipe.lakewriter.land.LakeLander;
import dev.stockpipe.lakewriter.land.LakeStatus;
import dev.stockpipe.lakewriter.land.LakeStore;
import dev.stockpipe.lakewriter.land.Retrier;
import dev.stockpipe.lakewriter.manifest.RunLedger;
import dev.stockpipe.lakewriter.metrics.LakeMetrics;
import dev.stockpipe.lakewriter.segment.SegmentWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the framework-free core (writer, lander, ledger) to Quarkus' S3 client, Kafka and meters. */
@Singleton
public class LakeWriterBeans {

    private final ExecutorService uploads;

    public LakeWriterBeans(LakeWriterConfig config) {
        AtomicInteger n = new AtomicInteger();
        this.uploads = Executors.newFixedThreadPool(config.upload().threads(), r -> {
            Thread t = new Thread(r, "lake-upload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Produces
    @Singleton
    LakeMetrics metrics(MeterRegistry registry) {
        return new LakeMetrics(registry);
    }

    @Produces
    @Singleton
    SegmentWriter writer(LakeWriterConfig config, S3Client s3, LakeStatus status, DeadLetterPublisher dlq,
            PollingThreadCommitter committer, LakeMetrics metrics) {
        LakeLayout layout = new LakeLayout(config.rawRoot(), config.processedRoot());
        LakeStore store = new LakeStore(s3, config.bucket());
        Retrier retrier = new Retrier(status, config.upload().initialBackoff(), config.upload().maxBackoff());
        CompletableFuture<Void> bucketReady = config.createBucket()
                ? CompletableFuture.runAsync(() -> retrier.call("create bucket " + config.bucket(), () -> false, () -> {
                    store.ensureBucket();
                    return null;
                }), uploads)
                : CompletableFuture.completedFuture(null);
        bucketReady.thenRun(() -> Log.infof("Landing into s3://%s/%s/", config.bucket(), layout.rawRoot()));
        RunLedger ledger = new RunLedger(store, layout, retrier, metrics, Clock.systemUTC());
        LakeLander lander = new LakeLander(store, retrier, ledger, metrics, uploads, bucketReady);
        return new SegmentWriter(layout, config.rotation(), config.maxPendingBytes(), dlq, lander, committer,
                config.upload().initialBackoff(), metrics, Clock.systemUTC(), System::nanoTime);
    }

    @PreDestroy
    void close() {
        uploads.shutdownNow();
    }
}
