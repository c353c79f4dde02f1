package dev.stockpipe.ingest.simulator;

/** Accepted total tick rates. */
public final class SimulatorLimits {

    public static final int MIN_RATE = 1;
    public static final int MAX_RATE = 1_000_000;

    private SimulatorLimits() {
    }

    public static int require(int rate) {
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new IllegalArgumentException("Tick rate must be between " + MIN_RATE + " and " + MAX_RATE
                    + " ticks/s, got " + rate);
        }
        return rate;
    }
}
