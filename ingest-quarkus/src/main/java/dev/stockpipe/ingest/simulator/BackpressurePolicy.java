package dev.stockpipe.ingest.simulator;

import java.util.Locale;

/**
 * What the simulator does when Kafka cannot take ticks as fast as they are generated. Either way
 * memory stays bounded by the channel's in-flight limit.
 */
public enum BackpressurePolicy {
    /** A real-time feed: ticks without demand are dropped and counted; seq gaps show the loss downstream. */
    DROP,
    /** Generation waits for demand: nothing is lost, the achieved rate falls below the target. */
    SLOW_DOWN;

    public static BackpressurePolicy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "drop" -> DROP;
            case "slow-down", "slow_down", "slowdown" -> SLOW_DOWN;
            default -> throw new IllegalArgumentException("ingest.simulator.backpressure must be 'drop' or 'slow-down', got '"
                    + text + "'");
        };
    }
}
