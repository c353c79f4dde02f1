package dev.stockpipe.ingest.publish;

/** Reactive-messaging channel names, shared by code, configuration and tests. */
public final class Channels {

    /** Bars and end-of-run markers; mapped to {@code stock.historical} in application.properties. */
    public static final String HISTORICAL_OUT = "historical-out";
    /** Simulator ticks; mapped to {@code stock.realtime} in application.properties. */
    public static final String REALTIME_OUT = "realtime-out";

    private Channels() {
    }
}
