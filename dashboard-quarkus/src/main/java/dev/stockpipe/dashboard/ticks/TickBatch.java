package dev.stockpipe.dashboard.ticks;

import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Timestamps;
import dev.stockpipe.contracts.Validated;
import dev.stockpipe.dashboard.state.Staleness;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.state.SymbolState;
import dev.stockpipe.dashboard.state.UnreadableRecords;
import java.time.Instant;
import java.util.Arrays;

/**
 * Folds a batch of tick records into one summary per symbol (last price and time, count) and applies
 * those: the shared state is touched once per symbol per batch, not once per tick. Per tick it only
 * scans bytes and compares the symbol against a small table of the symbols met before, so a batch
 * allocates nothing beyond the one timestamp per symbol it shows. One instance per consuming thread.
 */
public final class TickBatch {

    private final TickScanner scanner = new TickScanner();
    private final ScannedTick tick = new ScannedTick();
    private final SymbolRegistry registry;
    private final Staleness staleness;
    private final UnreadableRecords unreadable;

    // symbols met so far, with their state: the lookup table
    private byte[][] names = new byte[8][];
    private SymbolState[] states = new SymbolState[8];
    private int known;

    // this batch's summary per table entry
    private long[] counts = new long[8];
    private double[] prices = new double[8];
    private byte[][] tsJson = new byte[8][];
    private int[] tsFrom = new int[8];
    private int[] tsTo = new int[8];
    private Instant[] tsParsed = new Instant[8];
    private int[] touched = new int[8];
    private int touchedCount;

    public TickBatch(SymbolRegistry registry, Staleness staleness, UnreadableRecords unreadable) {
        this.registry = registry;
        this.staleness = staleness;
        this.unreadable = unreadable;
    }

    /** Reads one record value into the batch summary, or counts it as unreadable. */
    public void accept(byte[] value, long nowMillis) {
        switch (scanner.scan(value, tick)) {
            case READ -> {
                int entry = entryOf(tick.json, tick.symbolFrom, tick.symbolTo, null, nowMillis);
                if (entry >= 0) {
                    note(entry, tick.price);
                    tsJson[entry] = tick.json;
                    tsFrom[entry] = tick.tsFrom;
                    tsTo[entry] = tick.tsTo;
                    tsParsed[entry] = null;
                }
            }
            case INVALID -> unreadable.count(value == null ? "no value (null record)"
                    : "non-positive or non-finite price, negative volume, blank symbol or malformed ts", nowMillis);
            case UNSUPPORTED -> acceptThroughContract(value, nowMillis);
        }
    }

    /** A tick of an unusual shape: the contract's parser decides, and names the reason when it rejects it. */
    private void acceptThroughContract(byte[] value, long nowMillis) {
        Validated<Tick> parsed = RecordValidator.parseTick(value, Instant.ofEpochMilli(nowMillis));
        if (!parsed.isValid()) {
            unreadable.count(String.join("; ", parsed.reasons()), nowMillis);
            return;
        }
        Tick t = parsed.value();
        byte[] symbol = t.symbol().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int entry = entryOf(symbol, 0, symbol.length, t.symbol(), nowMillis);
        if (entry >= 0) {
            note(entry, t.price());
            tsParsed[entry] = t.ts();
            tsJson[entry] = null;
        }
    }

    /** Applies the batch's summary to the shared state; returns the number of ticks applied. */
    public long finish(long arrivalMillis) {
        long applied = 0;
        for (int k = 0; k < touchedCount; k++) {
            int entry = touched[k];
            Instant ts = tsParsed[entry];
            if (ts == null && tsJson[entry] != null) {
                String text = new String(tsJson[entry], tsFrom[entry], tsTo[entry] - tsFrom[entry],
                        java.nio.charset.StandardCharsets.US_ASCII);
                try {
                    ts = Timestamps.parse(text);
                } catch (RuntimeException e) {
                    // the price still shows; the bad timestamp is counted, the previous time stays
                    unreadable.count("ts '" + text + "' is not an ISO-8601 instant", arrivalMillis);
                }
            }
            states[entry].apply(prices[entry], ts, counts[entry], arrivalMillis);
            applied += counts[entry];
            counts[entry] = 0;
            tsJson[entry] = null;
            tsParsed[entry] = null;
        }
        touchedCount = 0;
        if (applied > 0) {
            staleness.tickArrived(arrivalMillis);
        }
        unreadable.maybeLog(arrivalMillis);
        return applied;
    }

    private void note(int entry, double price) {
        if (counts[entry] == 0) {
            touched[touchedCount++] = entry;
        }
        counts[entry]++;
        prices[entry] = price;
    }

    /** The table entry of the symbol in {@code bytes[from, to)}, registering it on first sight; -1 when refused. */
    private int entryOf(byte[] bytes, int from, int to, String symbolText, long nowMillis) {
        int length = to - from;
        for (int k = 0; k < known; k++) {
            byte[] name = names[k];
            if (name.length == length && Arrays.equals(bytes, from, to, name, 0, length)) {
                return k;
            }
        }
        String symbol = symbolText != null ? symbolText
                : new String(bytes, from, length, java.nio.charset.StandardCharsets.US_ASCII);
        SymbolState state = registry.seen(symbol);
        if (state == null) {
            unreadable.count("symbol '" + symbol
                    + "' is invalid or beyond dashboard.max-symbols (" + registry.maxSymbols() + ")", nowMillis);
            return -1;
        }
        grow();
        names[known] = Arrays.copyOfRange(bytes, from, to);
        states[known] = state;
        return known++;
    }

    private void grow() {
        if (known < names.length) {
            return;
        }
        int size = names.length * 2;
        names = Arrays.copyOf(names, size);
        states = Arrays.copyOf(states, size);
        counts = Arrays.copyOf(counts, size);
        prices = Arrays.copyOf(prices, size);
        tsJson = Arrays.copyOf(tsJson, size);
        tsFrom = Arrays.copyOf(tsFrom, size);
        tsTo = Arrays.copyOf(tsTo, size);
        tsParsed = Arrays.copyOf(tsParsed, size);
        touched = Arrays.copyOf(touched, size);
    }
}
