package dev.stockpipe.contracts;

import java.util.List;

/**
 * The outcome of parsing and validating one record: the value when it is valid, otherwise every
 * reason it is not (never just the first one, so a DLQ entry tells the whole story).
 */
public record Validated<T>(T value, List<String> reasons) {

    public Validated {
        reasons = List.copyOf(reasons);
        if ((value == null) == reasons.isEmpty()) {
            throw new IllegalArgumentException("either a value or reasons, not both");
        }
    }

    public static <T> Validated<T> valid(T value) {
        return new Validated<>(value, List.of());
    }

    public static <T> Validated<T> invalid(List<String> reasons) {
        return new Validated<>(null, reasons);
    }

    public boolean isValid() {
        return value != null;
    }

    /** All reasons on one line, for a DLQ header or a log line. */
    public String reasonText() {
        return String.join("; ", reasons);
    }
}
