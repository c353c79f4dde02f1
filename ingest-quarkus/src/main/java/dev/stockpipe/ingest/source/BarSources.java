package dev.stockpipe.ingest.source;

import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.source.csv.CsvBarSource;
import dev.stockpipe.ingest.source.synthetic.SyntheticBarGenerator;
import dev.stockpipe.ingest.source.yahoo.YahooBarSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/** Picks the source named by a request or the command line ({@code yahoo}, {@code csv}, {@code synthetic}). */
@ApplicationScoped
public class BarSources {

    private final Map<String, BarSource> byName;

    public BarSources(IngestConfig config, YahooBarSource yahoo) {
        TradingCalendar calendar = TradingCalendar.newYork();
        this.byName = Map.of(
                HistoricalBar.SOURCE_SYNTHETIC, new SyntheticBarGenerator(config.synthetic().seed(), config::modelOf, calendar),
                HistoricalBar.SOURCE_CSV, new CsvBarSource(config.csv().path(),
                        CsvBarSource.BadRowPolicy.parse(config.csv().onBadRow()), calendar),
                HistoricalBar.SOURCE_YAHOO, yahoo);
    }

    public BarSource get(String name) {
        BarSource source = byName.get(name);
        if (source == null) {
            throw new IllegalArgumentException("Unknown source '" + name + "'; use one of " + HistoricalBar.SOURCES);
        }
        return source;
    }

    /** The source called {@code name}, if this service has one. */
    public Optional<BarSource> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** True when {@code name} is a source this service can run. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }
}
