package dev.stockpipe.dashboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the dashboard decides itself. Every default lives here; application.properties only
 * maps environment variable names onto these keys (README "Configuration").
 */
@ConfigMapping(prefix = "dashboard")
public interface DashboardConfig {

    /** Symbols shown even before a tick arrives: the ingest simulator's default list. */
    @WithDefault("AAPL,MSFT,GOOGL,AMZN,META,TSLA,NVDA")
    List<String> symbols();

    /**
     * Most symbols kept (configured plus seen on the topic). Bounds memory and the size of every pushed
     * message; ticks of further symbols are counted as unreadable ("too many symbols").
     */
    @WithDefault("200")
    int maxSymbols();

    /** Minutes of 1-second price samples kept per symbol for the chart. */
    @WithDefault("15")
    int chartMinutes();

    /** Interval between two conflated messages on {@code /api/stream}. */
    @WithDefault("250ms")
    Duration pushInterval();

    /** No tick for this long and the state reports {@code stale_since}. */
    @WithDefault("5s")
    Duration staleAfter();

    /**
     * Services whose readiness is polled, {@code name=http://host:port,…} (their {@code /q/health/ready}
     * is appended). Empty = none.
     */
    Optional<String> services();

    /** Consumer group whose lag on stock.realtime is shown (the lake-writer's). */
    @WithDefault("lake-writer")
    String lakeWriterGroup();

    Daily daily();

    /** Latest daily metrics from the processed zone (Parquet written by the Spark daily job). */
    interface Daily {

        /** Off = the page says "daily metrics unavailable: disabled". */
        @WithDefault("true")
        boolean enabled();

        /** Bucket holding the processed zone. */
        @WithDefault("stock-lake")
        String bucket();

        /** Root prefix of the processed zone inside the bucket. */
        @WithDefault("processed")
        String processedRoot();

        /** S3 endpoint of MinIO/S3Proxy; empty = AWS S3 itself. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Empty = on exactly when an endpoint is set (the lake-writer's rule). */
        Optional<Boolean> pathStyle();

        /** Both keys set = static credentials; neither = the AWS default chain; one alone is reported as unavailable. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }
}
