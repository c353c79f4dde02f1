package dev.stockpipe.dashboard.ticks;

/**
 * The four tick fields the dashboard shows, as {@link TickScanner} leaves them: one mutable holder
 * reused for every record of a batch, so reading a tick allocates nothing. The timestamp stays as a
 * byte range of the record; only the last tick of a symbol in a batch ever becomes an {@code Instant}.
 */
final class ScannedTick {

    byte[] json;
    int symbolFrom;
    int symbolTo;
    int tsFrom;
    int tsTo;
    double price;
    long volume;

    String symbolText() {
        return new String(json, symbolFrom, symbolTo - symbolFrom, java.nio.charset.StandardCharsets.US_ASCII);
    }

    String tsText() {
        return new String(json, tsFrom, tsTo - tsFrom, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
