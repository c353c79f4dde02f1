package dev.stockpipe.ingest.source.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.ExchangeCalendar;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.gbm.GbmModel;
import dev.stockpipe.ingest.gbm.TradingTime;
import dev.stockpipe.ingest.source.BarQuery;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticBarGeneratorTest {

    static final ZoneId NY = ZoneId.of("America/New_York");
    static final GbmModel MODEL = new GbmModel(180, 0.08, 0.25);
    final SyntheticBarGenerator generator = new SyntheticBarGenerator(42, s -> MODEL, TradingCalendar.newYork());

    List<HistoricalBar> bars(String symbol, String from, String to, BarInterval interval) {
        return generator.generate(new BarQuery(symbol, LocalDate.parse(from), LocalDate.parse(to), interval, "run-1"));
    }

    @Test
    void dailyBarsOnWeekdaysAtTheNewYorkOpenObeyOhlcAndTheContracts() {
        List<HistoricalBar> bars = bars("AAPL", "2024-01-01", "2024-03-31", BarInterval.ONE_DAY);

        assertThat(bars).hasSize(ExchangeCalendar.nyse().tradingDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31)).size());
        for (HistoricalBar b : bars) {
            var local = b.ts().atZone(NY);
            assertThat(local.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(local.toLocalTime()).isEqualTo(LocalTime.of(9, 30));
            assertThat(b.high()).isGreaterThanOrEqualTo(Math.max(b.open(), b.close()));
            assertThat(b.low()).isLessThanOrEqualTo(Math.min(b.open(), b.close())).isPositive();
            assertThat(b.volume()).isPositive();
            assertThat(b.source()).isEqualTo(HistoricalBar.SOURCE_SYNTHETIC);
            assertThat(RecordValidator.validate(b, Instant.now())).isEmpty();
        }
        // New Year's Day and Good Friday (2024-03-29) have no bar; across the DST change on 2024-03-10
        // the UTC hour moves from 14:30 to 13:30
        assertThat(bars.get(0).ts()).isEqualTo(Instant.parse("2024-01-02T14:30:00Z"));
        assertThat(bars.get(bars.size() - 1).ts()).isEqualTo(Instant.parse("2024-03-28T13:30:00Z"));
    }

    @Test
    void noBarOnAnExchangeHolidayAndAnEarlyCloseSessionEndsAt13() {
        List<HistoricalBar> daily = bars("AAPL", "2026-11-25", "2026-11-30", BarInterval.ONE_DAY);
        assertThat(daily).extracting(b -> b.ts().atZone(NY).toLocalDate().toString())
                .containsExactly("2026-11-25", "2026-11-27", "2026-11-30"); // not Thanksgiving, not the weekend

        List<HistoricalBar> friday = bars("AAPL", "2026-11-27", "2026-11-27", BarInterval.ONE_MINUTE);
        assertThat(friday).hasSize(210);
        assertThat(friday.get(friday.size() - 1).ts().atZone(NY).toLocalTime()).isEqualTo(LocalTime.of(12, 59));
        // the minute bars and the daily bar of the early-close day agree on open and close
        HistoricalBar day = daily.get(1);
        assertThat(friday.get(0).open()).isEqualTo(day.open());
        assertThat(friday.get(friday.size() - 1).close()).isEqualTo(day.close());
        assertThat(bars("AAPL", "2026-11-26", "2026-11-26", BarInterval.ONE_MINUTE)).isEmpty();
    }

    @Test
    void deterministicForASeedAndIndependentOfTheRequestedRange() {
        List<HistoricalBar> month = bars("MSFT", "2024-01-01", "2024-01-31", BarInterval.ONE_DAY);
        List<HistoricalBar> again = bars("MSFT", "2024-01-01", "2024-01-31", BarInterval.ONE_DAY);
        List<HistoricalBar> week = bars("MSFT", "2024-01-15", "2024-01-19", BarInterval.ONE_DAY);
        List<HistoricalBar> otherSeed = new SyntheticBarGenerator(43, s -> MODEL, TradingCalendar.newYork())
                .generate(new BarQuery("MSFT", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-31"), BarInterval.ONE_DAY, "run-1"));

        assertThat(again).isEqualTo(month);
        assertThat(month).containsSubsequence(week);
        assertThat(otherSeed).isNotEqualTo(month);
        // both start at the model's price on the anchor day (2024-01-02); the next day differs by symbol
        assertThat(month.get(1).open()).isNotEqualTo(bars("AAPL", "2024-01-01", "2024-01-31", BarInterval.ONE_DAY).get(1).open());
    }

    @Test
    void closeToCloseLogReturnsMatchTheModel() {
        List<HistoricalBar> bars = bars("AAPL", "1990-01-01", "2023-12-31", BarInterval.ONE_DAY); // ~8,870 sessions
        int n = bars.size() - 1;
        double sum = 0;
        double sumSq = 0;
        for (int i = 1; i < bars.size(); i++) {
            double r = Math.log(bars.get(i).close() / bars.get(i - 1).close());
            sum += r;
            sumSq += r * r;
        }
        double mean = sum / n;
        double sd = Math.sqrt((sumSq - n * mean * mean) / (n - 1));
        double dt = TradingTime.oneSession();
        assertThat(sd / Math.sqrt(dt)).as("annualised volatility").isCloseTo(0.25, within(0.01));
        // the daily mean is tiny next to its noise: check it within 4 standard errors
        assertThat(mean).isCloseTo((0.08 - 0.5 * 0.25 * 0.25) * dt, within(4 * 0.25 * Math.sqrt(dt) / Math.sqrt(n)));
    }

    @Test
    void intradayBarsCoverTheSessionAndAgreeWithTheDailyBar() {
        List<HistoricalBar> minutes = bars("NVDA", "2024-01-02", "2024-01-02", BarInterval.ONE_MINUTE);
        List<HistoricalBar> hours = bars("NVDA", "2024-01-02", "2024-01-02", BarInterval.ONE_HOUR);
        HistoricalBar day = bars("NVDA", "2024-01-02", "2024-01-02", BarInterval.ONE_DAY).get(0);

        assertThat(minutes).hasSize(390);
        assertThat(hours).hasSize(7); // 09:30 ... 15:30, the last one half an hour long
        assertThat(minutes.get(0).ts().atZone(NY).toLocalTime()).isEqualTo(LocalTime.of(9, 30));
        assertThat(minutes.get(389).ts().atZone(NY).toLocalTime()).isEqualTo(LocalTime.of(15, 59));
        assertThat(minutes.get(0).open()).isEqualTo(day.open());
        assertThat(minutes.get(389).close()).isEqualTo(day.close());
        for (int i = 1; i < minutes.size(); i++) {
            assertThat(minutes.get(i).open()).isEqualTo(minutes.get(i - 1).close());
        }
        for (HistoricalBar b : minutes) {
            assertThat(RecordValidator.validate(b, Instant.now())).isEmpty();
            assertThat(b.interval()).isEqualTo(BarInterval.ONE_MINUTE);
        }
    }

    @Test
    void weekendsYieldNothing() {
        assertThat(bars("AAPL", "2024-01-06", "2024-01-07", BarInterval.ONE_DAY)).isEmpty();
        assertThat(bars("AAPL", "2024-01-06", "2024-01-07", BarInterval.FIVE_MINUTES)).isEmpty();
    }
}
