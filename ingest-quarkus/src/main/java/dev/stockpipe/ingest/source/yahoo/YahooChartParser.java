package dev.stockpipe.ingest.source.yahoo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.source.BarQuery;
import dev.stockpipe.ingest.source.SourceBatch;
import dev.stockpipe.ingest.source.SourceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a chart API answer ({@code chart.result[0].timestamp} plus
 * {@code indicators.quote[0].open/high/low/close/volume} and {@code indicators.adjclose[0]}) into
 * bars. Slots Yahoo left without prices are reported as skipped; anything not shaped like a chart
 * answer is an error naming what was missing.
 */
public final class YahooChartParser {

    private final TradingCalendar calendar;

    public YahooChartParser(TradingCalendar calendar) {
        this.calendar = calendar;
    }

    public SourceBatch parse(BarQuery q, String body) {
        JsonNode root;
        try {
            root = JsonCodec.readTree(body.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw unexpected(q, "the body is not JSON (" + e.getMessage() + ")");
        }
        JsonNode chart = root == null ? null : root.get("chart");
        if (chart == null || !chart.isObject()) {
            throw unexpected(q, "there is no 'chart' object");
        }
        JsonNode error = chart.get("error");
        if (error != null && !error.isNull()) {
            throw new SourceException("Yahoo reported an error for " + q.symbol() + ": " + describe(error));
        }
        JsonNode results = chart.get("result");
        if (results == null || !results.isArray() || results.isEmpty()) {
            throw unexpected(q, "'chart.result' is missing or empty");
        }
        JsonNode result = results.get(0);
        JsonNode timestamps = result.get("timestamp");
        if (timestamps == null || timestamps.isNull()) {
            return SourceBatch.of(List.of()); // Yahoo omits the array when the range holds no bars
        }
        JsonNode quote = result.path("indicators").path("quote").path(0);
        if (!timestamps.isArray() || !quote.isObject()) {
            throw unexpected(q, "'timestamp' or 'indicators.quote[0]' is missing");
        }
        JsonNode open = array(q, quote, "open", timestamps.size());
        JsonNode high = array(q, quote, "high", timestamps.size());
        JsonNode low = array(q, quote, "low", timestamps.size());
        JsonNode close = array(q, quote, "close", timestamps.size());
        JsonNode volume = array(q, quote, "volume", timestamps.size());
        JsonNode adj = result.path("indicators").path("adjclose").path(0).get("adjclose");
        if (adj != null && (!adj.isArray() || adj.size() != timestamps.size())) {
            throw unexpected(q, "'adjclose' does not match 'timestamp' in length");
        }

        List<HistoricalBar> bars = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < timestamps.size(); i++) {
            if (!timestamps.get(i).canConvertToLong()) {
                throw unexpected(q, "timestamp[" + i + "] is not an epoch second");
            }
            Instant ts = Instant.ofEpochSecond(timestamps.get(i).asLong());
            LocalDate day = calendar.tradingDate(ts);
            if (day.isBefore(q.from()) || day.isAfter(q.to())) {
                continue;
            }
            if (!allNumbers(open.get(i), high.get(i), low.get(i), close.get(i), volume.get(i))) {
                skipped.add("yahoo " + q.symbol() + " " + JsonCodec.formatInstant(ts) + ": Yahoo returned no prices for this bar");
                continue;
            }
            Double adjClose = adj != null && adj.get(i).isNumber() ? adj.get(i).asDouble() : null;
            bars.add(new HistoricalBar(q.symbol(), ts, q.interval(), open.get(i).asDouble(), high.get(i).asDouble(),
                    low.get(i).asDouble(), close.get(i).asDouble(), adjClose, volume.get(i).asLong(),
                    HistoricalBar.SOURCE_YAHOO, q.runId()));
        }
        return new SourceBatch(bars, skipped);
    }

    /** Text of a chart error object: {@code code: description}. */
    static String describe(JsonNode error) {
        String code = error.path("code").asText("");
        String description = error.path("description").asText("");
        String text = (code + ": " + description).trim();
        return text.equals(":") ? error.toString() : text;
    }

    private static boolean allNumbers(JsonNode... values) {
        for (JsonNode v : values) {
            if (v == null || !v.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode array(BarQuery q, JsonNode quote, String name, int length) {
        JsonNode a = quote.get(name);
        if (a == null || !a.isArray() || a.size() != length) {
            throw unexpected(q, "'indicators.quote[0]." + name + "' is missing or does not match 'timestamp' in length");
        }
        return a;
    }

    private static SourceException unexpected(BarQuery q, String what) {
        return new SourceException("Yahoo's answer for " + q.symbol() + " is not a chart payload: " + what
                + "; check ingest.yahoo.base-url points at the chart API");
    }
}
