package dev.stockpipe.ingest.backfill;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.publish.HistoricalPublisher;
import dev.stockpipe.ingest.source.BarQuery;
import dev.stockpipe.ingest.source.BarSource;
import dev.stockpipe.ingest.source.BarSources;
import dev.stockpipe.ingest.source.SourceBatch;
import dev.stockpipe.ingest.source.SourceException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs one backfill: fetch each symbol from the source, check every bar against the contracts,
 * publish it keyed by symbol and wait for Kafka's acknowledgements, then send one end-of-run
 * marker to every partition of {@code stock.historical}. A failure anywhere fails the run before
 * any marker is sent, so downstream never sees an incomplete run as complete.
 */
@ApplicationScoped
public class BackfillService {

    private final BarSources sources;
    private final HistoricalPublisher publisher;
    private final IngestConfig config;
    private final String bootstrapServers;

    public BackfillService(BarSources sources, HistoricalPublisher publisher, IngestConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.sources = sources;
        this.publisher = publisher;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    public BackfillResult run(BackfillRequest request, BackfillProgress progress) {
        try {
            BackfillResult result = execute(request, progress);
            progress.succeeded(result.markersSent());
            return result;
        } catch (RuntimeException e) {
            progress.failed(e.getMessage());
            throw e;
        }
    }

    private BackfillResult execute(BackfillRequest request, BackfillProgress progress) {
        BarSource source = sources.get(request.source());
        int partitions = partitionCount();
        AtomicLongArray perPartition = new AtomicLongArray(partitions);
        Map<String, Long> perSymbol = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        Instant now = Instant.now();

        for (String symbol : request.symbols()) {
            SourceBatch batch = fetch(source, new BarQuery(symbol, request.from(), request.to(), request.interval(),
                    request.runId()));
            checkAll(batch.bars(), now);
            skipped.addAll(batch.skipped());
            progress.skipped(batch.skipped());
            publishAll(batch.bars(), perPartition, progress);
            perSymbol.put(symbol, (long) batch.bars().size());
            progress.symbolDone(symbol);
            Log.infof("Run %s: %s done, %d bars acknowledged from %s (%d rows skipped)", request.runId(), symbol,
                    batch.bars().size(), source.name(), batch.skipped().size());
        }

        long total = perSymbol.values().stream().mapToLong(Long::longValue).sum();
        List<Uni<RecordMetadata>> markers = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            markers.add(publisher.sendMarker(new EndOfRun(request.runId(), total, perPartition.get(p), partitions), p));
        }
        awaitAcks("end-of-run markers", Uni.join().all(markers).andFailFast().replaceWithVoid());
        Log.infof("Run %s complete: %d bars over %d partitions, %d end-of-run markers acknowledged", request.runId(),
                total, partitions, partitions);

        List<Long> partitionCounts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            partitionCounts.add(perPartition.get(p));
        }
        return new BackfillResult(request.runId(), total, perSymbol, partitionCounts, partitions, partitions, skipped);
    }

    private int partitionCount() {
        try {
            return publisher.partitionCount().await().atMost(config.historical().ackTimeout());
        } catch (RuntimeException e) {
            throw new BackfillException("Kafka at " + bootstrapServers + " did not return the partitions of the "
                    + "historical topic: check that the broker is running and KAFKA_BOOTSTRAP_SERVERS points at it", e);
        }
    }

    private static SourceBatch fetch(BarSource source, BarQuery query) {
        try {
            return source.fetch(query);
        } catch (SourceException e) {
            throw new BackfillException(query.symbol() + ": " + e.getMessage(), e.getCause());
        }
    }

    /** Every bar must pass the contracts' validation before anything is sent. */
    private static void checkAll(List<HistoricalBar> bars, Instant now) {
        for (HistoricalBar bar : bars) {
            List<String> reasons = RecordValidator.validate(bar, now);
            if (!reasons.isEmpty()) {
                throw new BackfillException("The source produced an invalid bar for " + bar.symbol() + " at "
                        + bar.ts() + ": " + String.join("; ", reasons) + "; fix the input or the date range");
            }
        }
    }

    private void publishAll(List<HistoricalBar> bars, AtomicLongArray perPartition, BackfillProgress progress) {
        Uni<Void> all = Multi.createFrom().iterable(bars)
                .onItem().transformToUni(bar -> publisher.send(bar).invoke(md -> {
                    perPartition.incrementAndGet(md.partition());
                    progress.barAcknowledged();
                }))
                .merge(config.historical().maxInFlight())
                .collect().last()
                .replaceWithVoid();
        awaitAcks("bars", all);
    }

    private void awaitAcks(String what, Uni<Void> acks) {
        try {
            acks.await().atMost(config.historical().ackTimeout());
        } catch (TimeoutException e) {
            throw new BackfillException("Kafka at " + bootstrapServers + " did not acknowledge all " + what + " within "
                    + config.historical().ackTimeout().toSeconds() + " s: check the broker, then rerun the backfill", e);
        } catch (RuntimeException e) {
            throw new BackfillException("Kafka at " + bootstrapServers + " rejected " + what + " of the run: "
                    + e.getMessage() + "; check the broker, then rerun the backfill", e);
        }
    }
}
