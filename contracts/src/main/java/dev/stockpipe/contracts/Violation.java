package dev.stockpipe.contracts;

/**
 * Codes naming why a record is invalid. A reason string is {@code code + ": " + detail}; consumers
 * put it in the DLQ header, tests match on the code.
 */
public final class Violation {

    public static final String INVALID_JSON = "invalid_json";
    public static final String MISSING_FIELD = "missing_field";
    public static final String WRONG_TYPE = "wrong_type";
    public static final String INVALID_SYMBOL = "invalid_symbol";
    public static final String NON_FINITE_PRICE = "non_finite_price";
    public static final String NON_POSITIVE_PRICE = "non_positive_price";
    public static final String HIGH_BELOW_LOW = "high_below_low";
    public static final String OPEN_OUTSIDE_RANGE = "open_outside_range";
    public static final String CLOSE_OUTSIDE_RANGE = "close_outside_range";
    public static final String NEGATIVE_VOLUME = "negative_volume";
    public static final String NEGATIVE_SEQ = "negative_seq";
    public static final String UNPARSEABLE_TS = "unparseable_ts";
    public static final String TS_IN_FUTURE = "ts_in_future";
    public static final String TS_TOO_OLD = "ts_too_old";
    public static final String UNKNOWN_INTERVAL = "unknown_interval";
    public static final String UNKNOWN_SOURCE = "unknown_source";
    public static final String INVALID_RUN_ID = "invalid_run_id";
    /** A control record (end-of-run marker) whose value cannot be read. */
    public static final String INVALID_CONTROL = "invalid_control";
    /** The record's DLQ copy did not fit a Kafka record; a bounded copy was dead-lettered instead. */
    public static final String TOO_LARGE = "too_large";

    private Violation() {
    }

    static String of(String code, String detail) {
        return code + ": " + detail;
    }

    /** The code part of a reason string. */
    public static String codeOf(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
