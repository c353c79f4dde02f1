package dev.stockpipe.warehouse.lake;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.ExchangeCalendar;
import dev.stockpipe.contracts.WindowSize;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the processed Parquet objects for a range of dates and applies the trading-day rule of the
 * NYSE calendar ({@link ExchangeCalendar}): a weekend or exchange holiday without a partition is
 * expected (nothing to load), a trading day without one means an upstream step did not run, which
 * the caller reports as a failure.
 */
public final class PartitionFinder {

    private static final String PARQUET = ".parquet";
    /** Above this many date partitions one listing of the table root beats one listing per date. */
    static final int LIST_ROOT_ABOVE = 3;

    private final LakeClient lake;
    private final LakeLayout layout;

    public PartitionFinder(LakeClient lake, LakeLayout layout) {
        this.lake = lake;
        this.layout = layout;
    }

    /** What was found for a date range. */
    public record Plan(List<Partition> partitions, List<LocalDate> nonTradingDaysWithoutData,
            List<LocalDate> tradingDaysWithoutData, List<String> searchedPrefixes) {

        public List<String> parquetKeys() {
            return partitions.stream().flatMap(p -> p.parquetKeys().stream()).toList();
        }
    }

    /** Daily metrics: {@code processed/historical/date=D/}. */
    public Plan daily(List<LocalDate> days) throws IOException {
        List<Partition> found = new ArrayList<>();
        List<LocalDate> closed = new ArrayList<>();
        List<LocalDate> missing = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Lister lister = lister(layout.processedHistoricalRoot(), days.size());
        for (LocalDate day : days) {
            String prefix = layout.processedHistoricalPrefix(day);
            prefixes.add(prefix);
            classify(day, List.of(find(day, prefix, lister)), found, closed, missing);
        }
        return new Plan(found, closed, missing, prefixes);
    }

    /** Window metrics: {@code processed/realtime/window=W/date=D/} for each window size asked for. */
    public Plan realtime(List<LocalDate> days, List<WindowSize> windows) throws IOException {
        List<Partition> found = new ArrayList<>();
        List<LocalDate> closed = new ArrayList<>();
        List<LocalDate> missing = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Map<WindowSize, Lister> listers = new java.util.EnumMap<>(WindowSize.class);
        for (WindowSize w : windows) {
            listers.put(w, lister(layout.processedRealtimeRoot(w), days.size()));
        }
        for (LocalDate day : days) {
            List<Partition> ofDay = new ArrayList<>();
            for (WindowSize w : windows) {
                String prefix = layout.processedRealtimePrefix(w, day);
                prefixes.add(prefix);
                ofDay.add(find(day, prefix, listers.get(w)));
            }
            classify(day, ofDay, found, closed, missing);
        }
        return new Plan(found, closed, missing, prefixes);
    }

    private Partition find(LocalDate day, String prefix, Lister lister) throws IOException {
        List<String> keys = lister.list(prefix).stream().filter(PartitionFinder::isDataFile).toList();
        return new Partition(day, prefix, keys);
    }

    /** Lists the keys under a date prefix. */
    @FunctionalInterface
    private interface Lister {
        List<String> list(String prefix) throws IOException;
    }

    /**
     * For a long range, one (paginated) listing of the table root, served per date prefix from
     * memory; for a few dates, one listing per date, which reads less when the table is large.
     */
    private Lister lister(String root, int dates) throws IOException {
        if (dates <= LIST_ROOT_ABOVE) {
            return lake::list;
        }
        List<String> all = lake.list(root);
        return prefix -> all.stream().filter(k -> k.startsWith(prefix)).toList();
    }

    /** Spark also writes {@code _SUCCESS}, {@code .crc} and hidden files; only data files count. */
    static boolean isDataFile(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.endsWith(PARQUET) && !name.startsWith("_") && !name.startsWith(".");
    }

    private static void classify(LocalDate day, List<Partition> partitions, List<Partition> found,
            List<LocalDate> closed, List<LocalDate> missing) {
        List<Partition> withData = partitions.stream().filter(p -> !p.isEmpty()).toList();
        if (!withData.isEmpty()) {
            found.addAll(withData);
        } else if (ExchangeCalendar.nyse().isTradingDay(day)) {
            missing.add(day);
        } else {
            closed.add(day);
        }
    }
}
