package dev.stockpipe.ingest.simulator;

import java.util.Locale;
import java.util.Optional;

/**
 * What the simulator does when Kafka cannot take ticks as fast as they are generated. Either way
 * memory stays bounded by the channel's in-flight limit.
 */
public enum BackpressurePolicy {
    /** A real-time feed: ticks without demand are dropped and counted; seq gaps show the loss downstream. */
    DROP("drop"),
    /** Generation waits for demand: nothing is lost, the achieved rate falls below the target. */
    SLOW_DOWN("slow-down");

    private final String code;

    BackpressurePolicy(String code) {
        this.code = code;
    }

    /** The spelling used in configuration, REST and status: {@code drop} or {@code slow-down}. */
    public String code() {
        return code;
    }

    /** The policy spelled {@code text} ({@code slow_down} and {@code slowdown} are accepted too), if any. */
    public static Optional<BackpressurePolicy> find(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "drop" -> Optional.of(DROP);
            case "slow-down", "slow_down", "slowdown" -> Optional.of(SLOW_DOWN);
            default -> Optional.empty();
        };
    }

    /** Parses a configured value, failing with a sentence that names the configuration key. */
    public static BackpressurePolicy parse(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException(
                "ingest.simulator.backpressure must be 'drop' or 'slow-down', got '" + text + "'"));
    }
}
