package dev.stockpipe.ingest.source.yahoo;

import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.source.BarQuery;
import dev.stockpipe.ingest.source.BarSource;
import dev.stockpipe.ingest.source.SourceBatch;
import dev.stockpipe.ingest.source.SourceException;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Bars from the Yahoo Finance chart API. Retries 429, 5xx and I/O failures with exponential
 * backoff and full jitter, honouring Retry-After; a 404 means Yahoo does not know the symbol.
 * Requests cover whole trading dates: from the start of {@code from} to the end of {@code to}
 * in exchange time.
 */
@ApplicationScoped
public class YahooBarSource implements BarSource {

    private final IngestConfig.Yahoo config;
    private final TradingCalendar calendar = TradingCalendar.newYork();
    private final YahooChartParser parser = new YahooChartParser(calendar);
    private final Backoff backoff;
    private volatile YahooChartApi api;

    public YahooBarSource(IngestConfig config) {
        this.config = config.yahoo();
        this.backoff = new Backoff(this.config.initialBackoff(), this.config.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public String name() {
        return HistoricalBar.SOURCE_YAHOO;
    }

    @Override
    public SourceBatch fetch(BarQuery q) {
        long period1 = calendar.startOf(q.from()).getEpochSecond();
        long period2 = calendar.endOf(q.to()).getEpochSecond();
        int attempts = Math.max(1, config.maxAttempts());
        String lastFailure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            try (Response response = api().chart(q.symbol(), period1, period2, q.interval().code(), true)) {
                int status = response.getStatus();
                String body = response.hasEntity() ? response.readEntity(String.class) : "";
                if (status == 200) {
                    return parser.parse(q, body);
                }
                if (status == 404) {
                    throw new SourceException("Yahoo does not know the symbol " + q.symbol() + " (HTTP 404: "
                            + errorText(body) + "); check the symbol list");
                }
                if (status != 429 && status < 500) {
                    throw new SourceException("Yahoo rejected the request for " + q.symbol() + " (HTTP " + status + ": "
                            + errorText(body) + "); check the interval and date range (intraday data only goes back a limited time)");
                }
                lastFailure = "HTTP " + status;
                retryAfter = Backoff.parseRetryAfter(response.getHeaderString(HttpHeaders.RETRY_AFTER), Instant.now());
            } catch (ProcessingException e) {
                lastFailure = String.valueOf(e.getCause() != null ? e.getCause() : e);
            }
            if (attempt == attempts) {
                break;
            }
            if (retryAfter.isPresent() && retryAfter.get().compareTo(config.maxRetryAfter()) > 0) {
                throw new SourceException("Yahoo asked to wait " + retryAfter.get().toSeconds() + " s before retrying "
                        + q.symbol() + ", longer than ingest.yahoo.max-retry-after (" + config.maxRetryAfter().toSeconds()
                        + " s); rerun the backfill later");
            }
            Duration wait = backoff.delay(attempt, retryAfter);
            Log.warnf("Yahoo %s: %s on attempt %d/%d, retrying in %d ms", q.symbol(), lastFailure, attempt, attempts,
                    wait.toMillis());
            sleep(wait);
        }
        throw new SourceException("Yahoo kept failing for " + q.symbol() + " (" + lastFailure + " on all " + attempts
                + " attempts); try again later or raise ingest.yahoo.max-attempts");
    }

    /** The error description from a chart error body, or the start of the body. */
    private static String errorText(String body) {
        try {
            var error = JsonCodec.readTree(body.getBytes(StandardCharsets.UTF_8)).path("chart").path("error");
            if (error.isObject()) {
                return YahooChartParser.describe(error);
            }
        } catch (IllegalArgumentException notJson) {
            // fall through to the raw text
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    private YahooChartApi api() {
        YahooChartApi a = api;
        if (a == null) {
            synchronized (this) {
                if (api == null) {
                    api = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(URI.create(config.baseUrl()))
                            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .userAgent(config.userAgent())
                            .disableDefaultMapper(true)
                            .build(YahooChartApi.class);
                }
                a = api;
            }
        }
        return a;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("Interrupted while waiting to retry Yahoo", e);
        }
    }
}
