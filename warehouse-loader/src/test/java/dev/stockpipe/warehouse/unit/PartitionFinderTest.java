package dev.stockpipe.warehouse.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.warehouse.lake.LakeClient;
import dev.stockpipe.warehouse.lake.PartitionFinder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long ranges list the table root once; the plan must be the same as listing date by date. */
class PartitionFinderTest {

    /** A lake of keys that records which prefixes were listed. */
    static final class KeysLake implements LakeClient {
        final List<String> keys;
        final List<String> listed = new ArrayList<>();

        KeysLake(List<String> keys) {
            this.keys = keys;
        }

        @Override
        public List<String> list(String prefix) {
            listed.add(prefix);
            return keys.stream().filter(k -> k.startsWith(prefix)).sorted().toList();
        }

        @Override
        public void download(String key, Path target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe(String prefix) {
            return "test://" + prefix;
        }

        @Override
        public void close() {
        }
    }

    private static final LakeLayout LAYOUT = LakeLayout.DEFAULT;
    // Thursday 2024-01-04 .. Wednesday 2024-01-10: a weekend and a weekday without data inside
    private static final List<LocalDate> WEEK = LocalDate.of(2024, 1, 4).datesUntil(LocalDate.of(2024, 1, 11)).toList();

    private static List<String> lakeKeys() {
        List<String> keys = new ArrayList<>();
        for (LocalDate d : WEEK) {
            if (d.getDayOfWeek().getValue() <= 5 && !d.equals(LocalDate.of(2024, 1, 9))) {
                keys.add(LAYOUT.processedHistoricalPrefix(d) + "part-00000.snappy.parquet");
                keys.add(LAYOUT.processedHistoricalPrefix(d) + "_SUCCESS");
                keys.add(LAYOUT.processedRealtimePrefix(WindowSize.FIFTEEN_MINUTES, d) + "batch-0-a.parquet");
            }
        }
        // an object S3Proxy is still writing, and a neighbouring date outside the range
        keys.add(LAYOUT.processedHistoricalPrefix(LocalDate.of(2024, 1, 5)) + "part-00001.parquet-3f2a");
        keys.add(LAYOUT.processedHistoricalPrefix(LocalDate.of(2024, 1, 11)) + "part-00000.parquet");
        return keys;
    }

    @Test
    void aLongRangeListsTheRootOnceAndFindsWhatPerDateListingFinds() throws Exception {
        KeysLake lake = new KeysLake(lakeKeys());
        PartitionFinder.Plan plan = new PartitionFinder(lake, LAYOUT).daily(WEEK);
        assertThat(lake.listed).containsExactly(LAYOUT.processedHistoricalRoot());

        KeysLake perDay = new KeysLake(lakeKeys());
        List<PartitionFinder.Plan> byDay = new ArrayList<>();
        for (LocalDate d : WEEK) {
            byDay.add(new PartitionFinder(perDay, LAYOUT).daily(List.of(d)));
        }
        assertThat(plan.parquetKeys()).containsExactlyElementsOf(byDay.stream().flatMap(p -> p.parquetKeys().stream()).toList());
        assertThat(plan.parquetKeys()).hasSize(4).allMatch(k -> k.endsWith(".parquet"));
        assertThat(plan.tradingDaysWithoutData()).containsExactly(LocalDate.of(2024, 1, 9));
        assertThat(plan.nonTradingDaysWithoutData()).containsExactly(LocalDate.of(2024, 1, 6), LocalDate.of(2024, 1, 7));
    }

    @Test
    void aShortRangeListsDateByDate() throws Exception {
        KeysLake lake = new KeysLake(lakeKeys());
        PartitionFinder.Plan plan = new PartitionFinder(lake, LAYOUT).daily(WEEK.subList(0, 2));
        assertThat(lake.listed).hasSize(2);
        assertThat(plan.parquetKeys()).hasSize(2);
    }

    @Test
    void windowTablesAreListedOncePerWindowSize() throws Exception {
        KeysLake lake = new KeysLake(lakeKeys());
        PartitionFinder.Plan plan = new PartitionFinder(lake, LAYOUT).realtime(WEEK, List.of(WindowSize.FIFTEEN_MINUTES, WindowSize.ONE_HOUR));
        assertThat(lake.listed).containsExactly(LAYOUT.processedRealtimeRoot(WindowSize.FIFTEEN_MINUTES),
                LAYOUT.processedRealtimeRoot(WindowSize.ONE_HOUR));
        assertThat(plan.parquetKeys()).hasSize(4);
    }

    @Test
    void anExchangeHolidayWithoutDataIsNotATradingDayMissingItsData() throws Exception {
        LocalDate mlkDay = LocalDate.of(2024, 1, 15);
        LocalDate tuesday = LocalDate.of(2024, 1, 16);
        KeysLake lake = new KeysLake(List.of(LAYOUT.processedHistoricalPrefix(tuesday) + "part-00000.parquet"));
        PartitionFinder.Plan plan = new PartitionFinder(lake, LAYOUT).daily(List.of(mlkDay, tuesday));
        assertThat(plan.nonTradingDaysWithoutData()).containsExactly(mlkDay);
        assertThat(plan.tradingDaysWithoutData()).isEmpty();
        assertThat(plan.parquetKeys()).hasSize(1);
    }
}
