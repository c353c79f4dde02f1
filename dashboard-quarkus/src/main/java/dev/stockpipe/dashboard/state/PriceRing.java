package dev.stockpipe.dashboard.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The last price of each second over a fixed number of seconds, oldest overwritten first. Keyed by
 * arrival second, not event time: a simulator replaying faster than real time would otherwise add many
 * samples per push and break the push bound. Not thread-safe: {@link SymbolState} guards it.
 */
final class PriceRing {

    private final long[] seconds;
    private final double[] prices;
    private int size;
    private int newest = -1;

    PriceRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a price ring needs room for at least one sample, got " + capacity);
        }
        seconds = new long[capacity];
        prices = new double[capacity];
    }

    /** The price at {@code second} becomes the sample of that second (a later call in the same second replaces it). */
    void record(long second, double price) {
        if (newest >= 0 && seconds[newest] == second) {
            prices[newest] = price;
            return;
        }
        if (newest >= 0 && second < seconds[newest]) {
            return; // the wall clock stepped back: keep the ring ordered
        }
        newest = (newest + 1) % seconds.length;
        seconds[newest] = second;
        prices[newest] = price;
        size = Math.min(size + 1, seconds.length);
    }

    /**
     * Samples with {@code after < second < before}, oldest first, at most {@code max} of them (the newest
     * ones when there are more). {@code before} excludes the current second, whose price may still change.
     */
    List<double[]> between(long after, long before, int max) {
        List<double[]> newestFirst = new ArrayList<>();
        // the ring is ordered by second: walk back from the newest and stop at the first one not after 'after'
        for (int k = 0; k < size && newestFirst.size() < max; k++) {
            int at = Math.floorMod(newest - k, seconds.length);
            if (seconds[at] <= after) {
                break;
            }
            if (seconds[at] < before) {
                newestFirst.add(new double[] {seconds[at], prices[at]});
            }
        }
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    int capacity() {
        return seconds.length;
    }
}
