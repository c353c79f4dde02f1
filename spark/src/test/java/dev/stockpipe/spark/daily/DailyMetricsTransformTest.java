package dev.stockpipe.spark.daily;

import static dev.stockpipe.spark.daily.Bars.bar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.spark.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DailyMetricsTransform on small in-memory data; every expected value is computed by hand. */
class DailyMetricsTransformTest {

    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SharedSpark.session();
    }

    private static Map<String, Row> metrics(List<HistoricalBar> bars) {
        List<Row> rows = DailyMetricsTransform.compute(Bars.frame(spark, bars), TradingCalendar.DEFAULT_EXCHANGE_ZONE)
                .collectAsList();
        return rows.stream().collect(Collectors.toMap(
                r -> r.getAs(Fields.SYMBOL) + "@" + r.getAs(Fields.TRADE_DATE), r -> r));
    }

    private static void assertDay(Row r, double open, double high, double low, double close, long volume, long bars) {
        assertThat((double) r.getAs(Fields.DAILY_OPEN)).isEqualTo(open);
        assertThat((double) r.getAs(Fields.DAILY_HIGH)).isEqualTo(high);
        assertThat((double) r.getAs(Fields.DAILY_LOW)).isEqualTo(low);
        assertThat((double) r.getAs(Fields.DAILY_CLOSE)).isEqualTo(close);
        assertThat((long) r.getAs(Fields.DAILY_VOLUME)).isEqualTo(volume);
        assertThat((long) r.getAs(Fields.BAR_COUNT)).isEqualTo(bars);
        assertThat((double) r.getAs(Fields.PCT_CHANGE)).isCloseTo((close - open) / open * 100, within(1e-9));
    }

    @Test
    void unorderedBarsTakeOpenFromTheEarliestAndCloseFromTheLatestBar() {
        Map<String, Row> m = metrics(List.of(
                bar("AAPL", "2024-01-05T14:40:00.000Z", "5m", 101.5, 101.8, 98.0, 99.0, 1500),
                bar("AAPL", "2024-01-05T14:30:00.000Z", "5m", 100.0, 101.0, 99.5, 100.5, 1000),
                bar("AAPL", "2024-01-05T14:45:00.000Z", "5m", 99.0, 100.0, 98.5, 99.8, 500),
                bar("AAPL", "2024-01-05T14:35:00.000Z", "5m", 100.5, 102.0, 100.0, 101.5, 2000)));

        assertThat(m).containsOnlyKeys("AAPL@2024-01-05");
        Row r = m.get("AAPL@2024-01-05");
        assertDay(r, 100.0, 102.0, 98.0, 99.8, 5000, 4);
        assertThat((double) r.getAs(Fields.PCT_CHANGE)).isCloseTo(-0.2, within(1e-9));
    }

    @Test
    void duplicateSymbolAndTsCountOnceAndTheGreatestRunIdWinsWhenCopiesDiffer() {
        Map<String, Row> m = metrics(List.of(
                bar("MSFT", "2024-01-05T15:00:00.000Z", "1m", 10.0, 11.0, 9.0, 10.5, 100, "run-a"),
                bar("MSFT", "2024-01-05T15:00:00.000Z", "1m", 10.0, 11.0, 9.0, 10.5, 100, "run-a"),
                bar("MSFT", "2024-01-05T15:01:00.000Z", "1m", 10.5, 12.5, 10.0, 11.5, 250, "run-b"),
                bar("MSFT", "2024-01-05T15:01:00.000Z", "1m", 10.5, 12.0, 10.0, 11.0, 200, "run-a")));

        assertDay(m.get("MSFT@2024-01-05"), 10.0, 12.5, 9.0, 11.5, 350, 2);
    }

    @Test
    void tradingDatesFollowNewYorkAcrossTheSpringDstChangeAndOneBarDaysWork() {
        // 2024-03-10: EST (UTC-5) until 07:00Z, EDT (UTC-4) after
        Map<String, Row> m = metrics(List.of(
                bar("DST", "2024-03-10T04:30:00.000Z", "1h", 50.0, 52.0, 49.0, 51.0, 10), // 23:30 EST Mar 9
                bar("DST", "2024-03-10T05:00:00.000Z", "1h", 60.0, 61.0, 59.0, 60.5, 20), // 00:00 EST Mar 10
                bar("DST", "2024-03-11T03:30:00.000Z", "1h", 60.5, 63.0, 60.0, 62.0, 30), // 23:30 EDT Mar 10
                bar("DST", "2024-03-11T04:00:00.000Z", "1h", 70.0, 70.0, 70.0, 70.0, 40))); // 00:00 EDT Mar 11

        assertThat(m).containsOnlyKeys("DST@2024-03-09", "DST@2024-03-10", "DST@2024-03-11");
        assertDay(m.get("DST@2024-03-09"), 50.0, 52.0, 49.0, 51.0, 10, 1);
        assertThat((double) m.get("DST@2024-03-09").getAs(Fields.PCT_CHANGE)).isCloseTo(2.0, within(1e-9));
        assertDay(m.get("DST@2024-03-10"), 60.0, 63.0, 59.0, 62.0, 50, 2);
        assertDay(m.get("DST@2024-03-11"), 70.0, 70.0, 70.0, 70.0, 40, 1);
        assertThat((double) m.get("DST@2024-03-11").getAs(Fields.PCT_CHANGE)).isZero();
    }

    @Test
    void intradayBarsAcrossUtcMidnightBelongToOneTradingDate() {
        Map<String, Row> m = metrics(List.of(
                bar("LATE", "2024-01-06T00:30:00.000Z", "1h", 21.0, 23.0, 20.5, 22.0, 7), // 19:30 EST Jan 5
                bar("LATE", "2024-01-05T23:30:00.000Z", "1h", 20.0, 21.5, 19.0, 21.0, 5))); // 18:30 EST Jan 5

        assertThat(m).containsOnlyKeys("LATE@2024-01-05");
        assertDay(m.get("LATE@2024-01-05"), 20.0, 23.0, 19.0, 22.0, 12, 2);
    }

    @Test
    void aDayWithSeveralIntervalsUsesOnlyTheFinestSoVolumeIsNotCountedTwice() {
        Map<String, Row> m = metrics(List.of(
                bar("MIX", "2024-01-05T14:30:00.000Z", "1d", 10.0, 20.0, 5.0, 15.0, 10_000),
                bar("MIX", "2024-01-05T15:30:00.000Z", "1h", 11.0, 13.0, 10.0, 12.0, 400),
                bar("MIX", "2024-01-05T14:30:00.000Z", "1h", 10.0, 12.0, 9.0, 11.0, 300),
                bar("ONLYD", "2024-01-05T14:30:00.000Z", "1d", 10.0, 20.0, 5.0, 15.0, 10_000)));

        assertDay(m.get("MIX@2024-01-05"), 10.0, 13.0, 9.0, 12.0, 700, 2);
        assertDay(m.get("ONLYD@2024-01-05"), 10.0, 20.0, 5.0, 15.0, 10_000, 1);
    }

    @Test
    void outputColumnsHaveTheNamesAndTypesTheWarehouseLoaderReads() {
        var schema = DailyMetricsTransform.compute(Bars.frame(spark, List.of(
                bar("AAPL", "2024-01-05T14:30:00.000Z", "1d", 1, 2, 0.5, 1.5, 3))), TradingCalendar.DEFAULT_EXCHANGE_ZONE)
                .schema();
        assertThat(schema.fieldNames()).containsExactly(Fields.SYMBOL, Fields.TRADE_DATE, Fields.DAILY_OPEN,
                Fields.DAILY_HIGH, Fields.DAILY_LOW, Fields.DAILY_CLOSE, Fields.DAILY_VOLUME, Fields.PCT_CHANGE,
                Fields.BAR_COUNT);
        assertThat(schema.apply(Fields.SYMBOL).dataType()).isEqualTo(DataTypes.StringType);
        assertThat(schema.apply(Fields.TRADE_DATE).dataType()).isEqualTo(DataTypes.DateType);
        for (String f : List.of(Fields.DAILY_OPEN, Fields.DAILY_HIGH, Fields.DAILY_LOW, Fields.DAILY_CLOSE, Fields.PCT_CHANGE)) {
            assertThat(schema.apply(f).dataType()).as(f).isEqualTo(DataTypes.DoubleType);
        }
        assertThat(schema.apply(Fields.DAILY_VOLUME).dataType()).isEqualTo(DataTypes.LongType);
        assertThat(schema.apply(Fields.BAR_COUNT).dataType()).isEqualTo(DataTypes.LongType);
        assertThat(LocalDate.parse("2024-01-05")).isNotNull();
    }
}
