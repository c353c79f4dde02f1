package dev.stockpipe.ingest.gbm;

/**
 * Parameters of a geometric Brownian motion {@code dS = mu S dt + sigma S dW}, with {@code dt}
 * in years.
 *
 * @param startPrice price at the start of the path (positive)
 * @param drift      annual drift {@code mu}
 * @param volatility annual volatility {@code sigma} (non-negative)
 */
public record GbmModel(double startPrice, double drift, double volatility) {

    public GbmModel {
        if (!(startPrice > 0) || !Double.isFinite(startPrice)) {
            throw new IllegalArgumentException("GBM start price must be a positive number, got " + startPrice);
        }
        if (!Double.isFinite(drift)) {
            throw new IllegalArgumentException("GBM drift must be finite, got " + drift);
        }
        if (!(volatility >= 0) || !Double.isFinite(volatility)) {
            throw new IllegalArgumentException("GBM volatility must be a non-negative number, got " + volatility);
        }
    }

    /** Log return over {@code dtYears} for a standard normal draw {@code z} (exact GBM solution). */
    public double logReturn(double dtYears, double z) {
        return (drift - 0.5 * volatility * volatility) * dtYears + volatility * Math.sqrt(dtYears) * z;
    }

    /** The price {@code dtYears} after {@code price} for a standard normal draw {@code z}. */
    public double step(double price, double dtYears, double z) {
        return price * Math.exp(logReturn(dtYears, z));
    }
}
