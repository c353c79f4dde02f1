package dev.stockpipe.ingest.publish;

/** Names of ingest's two Kafka outputs, shared by code, configuration, metrics and tests. */
public final class Channels {

    /**
     * Bars and end-of-run markers to {@code stock.historical}. Not a SmallRye channel (each run has
     * its own transactional producer, see {@link RunProducers}); the name labels its metrics.
     */
    public static final String HISTORICAL_OUT = "historical-out";
    /** Simulator ticks; mapped to {@code stock.realtime} in application.properties. */
    public static final String REALTIME_OUT = "realtime-out";

    private Channels() {
    }
}
