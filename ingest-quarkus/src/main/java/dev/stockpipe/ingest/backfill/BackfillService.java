package dev.stockpipe.ingest.backfill;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.ingest.backfill.KafkaFailures.Step;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.config.KafkaSettings;
import dev.stockpipe.ingest.publish.IngestMetrics;
import dev.stockpipe.ingest.publish.RunProducers;
import dev.stockpipe.ingest.publish.RunTransaction;
import dev.stockpipe.ingest.source.BarQuery;
import dev.stockpipe.ingest.source.BarSource;
import dev.stockpipe.ingest.source.BarSources;
import dev.stockpipe.ingest.source.SourceBatch;
import dev.stockpipe.ingest.source.SourceException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one backfill attempt: fetch each symbol from the source, check every bar against the
 * contracts, publish it keyed by symbol, then send one end-of-run marker to every partition of
 * {@code stock.historical} — all inside one Kafka transaction ({@link RunTransaction}), committed
 * only when Kafka acknowledged every record. A broker outage shorter than
 * {@code ingest.historical.ack-timeout} is ridden out by the producer's retries, and the run
 * finishes exactly once; a longer one, or any other failure, aborts the attempt, so downstream
 * never sees an incomplete run, and a rerun with the same run id starts clean.
 */
@ApplicationScoped
public class BackfillService {

    private final BarSources sources;
    private final RunProducers producers;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final KafkaFailures failures;

    public BackfillService(BarSources sources, RunProducers producers, IngestMetrics metrics, IngestConfig config,
            KafkaSettings kafka) {
        this.sources = sources;
        this.producers = producers;
        this.metrics = metrics;
        this.config = config;
        this.failures = new KafkaFailures(kafka.bootstrapServers(), kafka.maxBlock(), config.historical().ackTimeout());
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
        Duration ackTimeout = config.historical().ackTimeout();
        RunTransaction tx = call(request, Step.CONNECT,
                () -> RunTransaction.begin(producers.create(request.runId()), config.historical().maxInFlight()));
        try (tx) {
            int partitions = call(request, Step.PARTITIONS, tx::partitions);
            Map<String, Long> perSymbol = new LinkedHashMap<>();
            List<String> skipped = new ArrayList<>();
            Instant now = Instant.now();

            for (String symbol : request.symbols()) {
                SourceBatch batch = fetch(source, new BarQuery(symbol, request.from(), request.to(), request.interval(),
                        request.runId()));
                checkAll(batch.bars(), now);
                skipped.addAll(batch.skipped());
                progress.skipped(batch.skipped());
                call(request, Step.BARS, () -> {
                    for (HistoricalBar bar : batch.bars()) {
                        tx.send(bar, ackTimeout, progress::barAcknowledged);
                    }
                    tx.awaitAcks(ackTimeout);
                    return null;
                });
                perSymbol.put(symbol, (long) batch.bars().size());
                progress.symbolDone(symbol);
                Log.infof("Run %s: %s done, %d bars acknowledged from %s (%d rows skipped)", request.runId(), symbol,
                        batch.bars().size(), source.name(), batch.skipped().size());
            }

            long total = perSymbol.values().stream().mapToLong(Long::longValue).sum();
            List<Long> perPartition = tx.barsPerPartition();
            call(request, Step.MARKERS, () -> {
                for (int p = 0; p < partitions; p++) {
                    tx.sendMarker(new EndOfRun(request.runId(), total, perPartition.get(p), partitions), p, ackTimeout);
                }
                tx.awaitAcks(ackTimeout);
                return null;
            });
            call(request, Step.COMMIT, () -> {
                tx.commit(ackTimeout);
                return null;
            });
            metrics.barsCommitted(total, partitions);
            Log.infof("Run %s committed: %d bars over %d partitions and %d end-of-run markers", request.runId(), total,
                    partitions, partitions);
            return new BackfillResult(request.runId(), total, perSymbol, perPartition, partitions, partitions, skipped);
        } catch (RuntimeException e) {
            metrics.historicalAttemptFailed(tx.handedOver());
            throw e;
        }
    }

    /** Runs one Kafka step of the run, turning Kafka's exceptions into one clear sentence. */
    private <T> T call(BackfillRequest request, Step step, KafkaStep<T> body) {
        try {
            return body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackfillException("Run " + request.runId() + " was interrupted while " + step.text
                    + " (the service is stopping); rerun it with the same run id", e);
        } catch (BackfillException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failures.describe(request.runId(), step, e);
        }
    }

    @FunctionalInterface
    private interface KafkaStep<T> {
        T run() throws InterruptedException;
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
}
