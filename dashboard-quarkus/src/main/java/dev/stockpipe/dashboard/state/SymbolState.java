package dev.stockpipe.dashboard.state;

import dev.stockpipe.contracts.Timestamps;
import dev.stockpipe.dashboard.view.SymbolView;
import java.time.Instant;
import java.util.List;

/**
 * One symbol's live state. The Kafka thread applies one summary per batch ({@link #apply}), not one
 * call per tick; the push and REST threads read views. A monitor per symbol is enough at that rate
 * (hundreds of applies per second).
 */
public final class SymbolState {

    private final String symbol;
    private final PriceRing ring;
    private double price = Double.NaN;
    private Instant lastTickTs;
    private long lastArrivalMillis;
    private long totalTicks;
    private long ticksAtMark;
    private long markMillis = -1;
    private double ticksPerSecond;
    /** Bumped on every change a viewer can see; a delta carries the symbol when it moved past the viewer's. */
    private long version;

    SymbolState(String symbol, int chartSeconds) {
        this.symbol = symbol;
        this.ring = new PriceRing(chartSeconds);
    }

    public String symbol() {
        return symbol;
    }

    /** A batch's ticks of this symbol: the last one's price and time, and how many there were. */
    public synchronized void apply(double lastPrice, Instant lastTs, long ticks, long arrivalMillis) {
        price = lastPrice;
        if (lastTs != null) {
            lastTickTs = lastTs;
        }
        lastArrivalMillis = arrivalMillis;
        totalTicks += ticks;
        ring.record(Math.floorDiv(arrivalMillis, 1000), lastPrice);
        version++;
    }

    /** Recomputes ticks/s over the time since the previous call (called about once a second). */
    public synchronized void sampleRate(long nowMillis) {
        if (markMillis >= 0 && nowMillis > markMillis) {
            double rate = (totalTicks - ticksAtMark) * 1000.0 / (nowMillis - markMillis);
            if (rate != ticksPerSecond) {
                ticksPerSecond = rate;
                version++;
            }
        }
        markMillis = nowMillis;
        ticksAtMark = totalTicks;
    }

    public synchronized long version() {
        return version;
    }

    public synchronized double ticksPerSecond() {
        return ticksPerSecond;
    }

    /** The view with the chart samples of seconds in ({@code afterSecond}, {@code beforeSecond}), at most {@code maxSamples}. */
    public synchronized SymbolView view(long afterSecond, long beforeSecond, int maxSamples) {
        List<double[]> samples = ring.between(afterSecond, beforeSecond, maxSamples);
        return new SymbolView(symbol, Double.isNaN(price) ? null : price,
                lastTickTs == null ? null : Timestamps.format(lastTickTs),
                lastArrivalMillis == 0 ? null : Timestamps.format(Instant.ofEpochMilli(lastArrivalMillis)),
                ticksPerSecond, samples);
    }

    int chartSeconds() {
        return ring.capacity();
    }
}
