package dev.stockpipe.ingest.simulator;

/** What {@code GET /simulator} returns. */
public record SimulatorStatus(boolean running, int rate, String backpressure, long ticksGenerated, long ticksDropped,
        long backpressureWaits) {
}
