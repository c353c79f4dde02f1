package dev.stockpipe.lakewriter.consume;

/** Reactive-messaging channel names, shared by code, configuration and tests. */
public final class Channels {

    /** Batch consumer of {@code stock.historical} and {@code stock.realtime}. */
    public static final String RAW_IN = "raw-in";
    /** Producer of {@code stock.dlq}. */
    public static final String DLQ_OUT = "dlq-out";
    /** Identifier of the rebalance listener bean bound to {@link #RAW_IN}. */
    public static final String REBALANCE_LISTENER = "lake-writer-rebalance";

    private Channels() {
    }
}
