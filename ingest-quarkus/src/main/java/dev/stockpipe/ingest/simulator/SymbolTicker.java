package dev.stockpipe.ingest.simulator;

import dev.stockpipe.contracts.Tick;
import dev.stockpipe.ingest.gbm.GbmModel;
import dev.stockpipe.ingest.gbm.TradingTime;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * One symbol's price process: a GBM step over the real time since its previous tick, a strictly
 * increasing {@code seq}, and a log-normal volume around the configured median. Not thread-safe:
 * one generator thread owns it.
 */
final class SymbolTicker {

    private static final double VOLUME_SIGMA = 1.0;

    private final String symbol;
    private final GbmModel model;
    private final SplittableRandom random;
    private final int medianVolume;
    private double price;
    private long seq;
    private long lastNanos = Long.MIN_VALUE;

    SymbolTicker(String symbol, GbmModel model, long seed, int medianVolume) {
        this.symbol = symbol;
        this.model = model;
        this.random = new SplittableRandom(seed ^ (symbol.hashCode() * 0x9E3779B97F4A7C15L));
        this.medianVolume = medianVolume;
        this.price = model.startPrice();
    }

    /** The next tick at wall-clock {@code ts}, {@code nanoTime} being a monotonic clock reading. */
    Tick next(Instant ts, long nanoTime) {
        if (lastNanos != Long.MIN_VALUE && nanoTime > lastNanos) {
            price = model.step(price, TradingTime.yearsOfNanos(nanoTime - lastNanos), random.nextGaussian());
        }
        lastNanos = nanoTime;
        long volume = Math.max(1L, Math.round(medianVolume * Math.exp(VOLUME_SIGMA * random.nextGaussian())));
        return new Tick(symbol, ts, Math.round(price * 10_000.0) / 10_000.0, volume, seq++, Tick.SOURCE_SIMULATOR);
    }

    String symbol() {
        return symbol;
    }

    long nextSeq() {
        return seq;
    }
}
