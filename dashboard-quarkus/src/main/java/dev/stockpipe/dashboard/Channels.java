package dev.stockpipe.dashboard;

/** Channel names shared by the consumers, application.properties and the tests. */
public final class Channels {

    /** stock.realtime, batches of raw values, from the latest offset. */
    public static final String TICKS = "ticks";
    /** stock.metrics.windows, from the earliest offset. */
    public static final String WINDOWS = "windows";

    private Channels() {
    }
}
