package dev.stockpipe.contracts;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** Sliding-window lengths of the real-time metrics, with the code used in lake paths and tables. */
public enum WindowSize {
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
    ONE_HOUR("1h", Duration.ofHours(1));

    private final String code;
    private final Duration length;

    WindowSize(String code, Duration length) {
        this.code = code;
        this.length = length;
    }

    public String code() {
        return code;
    }

    public Duration length() {
        return length;
    }

    public static Optional<WindowSize> fromCode(String code) {
        return Arrays.stream(values()).filter(w -> w.code.equals(code)).findFirst();
    }

    public static WindowSize parse(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException(
                "Unknown window size '" + code + "'; use 15m or 1h"));
    }
}
