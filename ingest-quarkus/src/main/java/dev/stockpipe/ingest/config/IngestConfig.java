package dev.stockpipe.ingest.config;

import dev.stockpipe.ingest.gbm.GbmModel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the ingest service and job, typed and in one place. Each key can be set in
 * {@code application.properties}, as a system property or as an environment variable
 * ({@code ingest.simulator.rate} → {@code INGEST_SIMULATOR_RATE}).
 */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Symbols used when a request or command line names none. */
    @WithDefault("AAPL,MSFT,GOOGL,AMZN,META,TSLA,NVDA")
    List<String> symbols();

    Historical historical();

    Synthetic synthetic();

    Csv csv();

    Yahoo yahoo();

    Simulator simulator();

    Health health();

    /** Defaults of a backfill, how long it may wait for Kafka, and its producer. */
    interface Historical {
        /** {@code synthetic} (offline default), {@code csv} or {@code yahoo}. */
        @WithDefault("synthetic")
        String source();

        /** Bar interval code: 1m, 5m, 15m, 1h, 1d. */
        @WithDefault("1d")
        String interval();

        /**
         * How long a run rides out an unreachable broker: the producer's {@code delivery.timeout.ms}
         * for each bar, and the longest wait for the acknowledgements and the commit at the end.
         * A broker back within this time changes nothing; a longer outage fails the run.
         */
        @WithDefault("PT2M")
        Duration ackTimeout();

        /** Bars in flight (sent, not yet acknowledged) per run: bounds memory on large backfills. */
        @WithDefault("4096")
        int maxInFlight();

        /**
         * Kafka's {@code transaction.timeout.ms} for a run: the broker aborts a run's transaction
         * that stays open longer (a crashed job) unless a rerun of the same run id aborts it first.
         * Must cover fetching every symbol from the source; at most the broker's
         * {@code transaction.max.timeout.ms} (15 min by default).
         */
        @WithDefault("PT10M")
        Duration transactionTimeout();

        /** Producer {@code compression.type} of the run's producer. */
        @WithDefault("zstd")
        String compression();

        /** Producer {@code linger.ms}. */
        @WithDefault("20")
        int lingerMs();

        /** Producer {@code batch.size} in bytes. */
        @WithDefault("262144")
        int batchSize();
    }

    /** Per-symbol GBM parameters shared by the synthetic bars and the simulator. */
    Map<String, SymbolModel> models();

    /** Model of symbols without an entry in {@link #models()}. */
    SymbolModel defaultModel();

    /** The seeded GBM generator of historical bars. */
    interface Synthetic {
        @WithDefault("42")
        long seed();
    }

    /** Files in the common export format {@code Date,Open,High,Low,Close,Adj Close,Volume}. */
    interface Csv {
        /** A directory of {@code <SYMBOL>.csv} files, or one file with a {@code Symbol} column. */
        @WithDefault("data/csv")
        Path path();

        /** {@code fail}: any bad row fails the run; {@code skip}: bad rows are reported and left out. */
        @WithName("on-bad-row")
        @WithDefault("fail")
        String onBadRow();
    }

    /** The Yahoo Finance chart API client. */
    interface Yahoo {
        @WithDefault("https://query1.finance.yahoo.com")
        String baseUrl();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT20S")
        Duration readTimeout();

        /** Attempts per request including the first; retries happen on 429, 5xx and I/O errors. */
        @WithDefault("5")
        int maxAttempts();

        /** First backoff; doubled per attempt, with full jitter. */
        @WithDefault("PT1S")
        Duration initialBackoff();

        @WithDefault("PT30S")
        Duration maxBackoff();

        /** A Retry-After longer than this fails the request instead of stalling the run. */
        @WithDefault("PT2M")
        Duration maxRetryAfter();

        @WithDefault("Mozilla/5.0 (compatible; stockpipe-ingest/0.1)")
        String userAgent();
    }

    /** The real-time tick simulator. */
    interface Simulator {
        /** Start generating ticks when the service starts (never in job mode). */
        @WithDefault("false")
        boolean autoStart();

        /** Total ticks per second across all symbols, 1..{@value dev.stockpipe.ingest.simulator.SimulatorLimits#MAX_RATE}. */
        @WithDefault("100")
        int rate();

        @WithDefault("7")
        long seed();

        /** {@code drop}: ticks Kafka cannot take are dropped and counted; {@code slow-down}: generation waits. */
        @WithDefault("drop")
        String backpressure();

        /** Median shares per tick; volumes are log-normal around it. */
        @WithDefault("100")
        int medianVolume();

        /**
         * Event time runs this many times faster than the wall clock (1 = real time). The local demo
         * uses a large value so 15-minute and 1-hour windows close within seconds.
         */
        @WithDefault("1")
        double timeScale();

        /** Where event time starts relative to the wall clock at start, e.g. {@code -PT2H}. */
        @WithDefault("PT0S")
        java.time.Duration eventTimeOffset();

        /**
         * {@code regular}: event time stays inside NYSE regular sessions (outside them the simulator
         * replays the latest session, then waits for the next open; see {@code SessionClock}).
         * {@code round-the-clock}: event time is the (scaled, offset) wall clock at any hour, for demos
         * and benchmarks that want ticks now.
         */
        @WithDefault("regular")
        Session session();
    }

    /** When simulated ticks may be stamped. */
    enum Session {
        REGULAR, ROUND_THE_CLOCK
    }

    /** How readiness learns whether Kafka is reachable, without making a probe request wait for it. */
    interface Health {
        /** A background check asks the broker for its topics this often; readiness reports the latest answer. */
        @WithDefault("PT2S")
        Duration probeInterval();

        /** A broker that does not answer the check within this time counts as unreachable. */
        @WithDefault("PT1.5S")
        Duration probeTimeout();
    }

    /** GBM parameters of one symbol: start price, annual drift and annual volatility of the log price. */
    interface SymbolModel {
        @WithDefault("100")
        double startPrice();

        @WithDefault("0.08")
        double drift();

        @WithDefault("0.30")
        double volatility();
    }

    /** The symbol's own model, or the default model. */
    default GbmModel modelOf(String symbol) {
        SymbolModel m = Optional.ofNullable(models().get(symbol)).orElse(defaultModel());
        return new GbmModel(m.startPrice(), m.drift(), m.volatility());
    }
}
