package dev.stockpipe.contracts;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** Bar intervals the pipeline accepts, with their wire codes (Yahoo's spelling). */
public enum BarInterval {
    ONE_MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
    ONE_HOUR("1h", Duration.ofHours(1)),
    ONE_DAY("1d", Duration.ofDays(1));

    private final String code;
    private final Duration length;

    BarInterval(String code, Duration length) {
        this.code = code;
        this.length = length;
    }

    public String code() {
        return code;
    }

    public Duration length() {
        return length;
    }

    public boolean intraday() {
        return this != ONE_DAY;
    }

    public static Optional<BarInterval> fromCode(String code) {
        return Arrays.stream(values()).filter(i -> i.code.equals(code)).findFirst();
    }

    /** Parses a wire code, failing with the list of accepted codes. */
    public static BarInterval parse(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException(
                "Unknown bar interval '" + code + "'; use one of " + Arrays.toString(codes())));
    }

    public static String[] codes() {
        return Arrays.stream(values()).map(BarInterval::code).toArray(String[]::new);
    }
}
