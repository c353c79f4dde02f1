package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TradingCalendarTest {

    private final TradingCalendar ny = TradingCalendar.newYork();

    @Test
    void lateEveningInNewYorkIsNextDayInUtcButSameTradingDate() {
        // 2024-01-05 20:30 EST = 2024-01-06 01:30 UTC
        assertThat(ny.tradingDate(Instant.parse("2024-01-06T01:30:00Z"))).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(ny.tradingDate(Instant.parse("2024-01-06T05:00:00Z"))).isEqualTo(LocalDate.of(2024, 1, 6));
    }

    @Test
    void dstChangeDaysHaveTheirRealLength() {
        // spring forward: 2024-03-10 is 23 hours long in New York
        LocalDate spring = LocalDate.of(2024, 3, 10);
        assertThat(ny.startOf(spring)).isEqualTo(Instant.parse("2024-03-10T05:00:00Z"));
        assertThat(ny.endOf(spring)).isEqualTo(Instant.parse("2024-03-11T04:00:00Z"));
        // fall back: 2024-11-03 is 25 hours long
        LocalDate fall = LocalDate.of(2024, 11, 3);
        assertThat(java.time.Duration.between(ny.startOf(fall), ny.endOf(fall)).toHours()).isEqualTo(25);
        assertThat(ny.tradingDate(Instant.parse("2024-11-04T04:30:00Z"))).isEqualTo(fall);
    }

    @Test
    void utcDaysCoveringIncludeTheMarginAfterUtcMidnight() {
        assertThat(ny.utcDaysCovering(LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 5)))
                .containsExactly(LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 6));
        assertThat(ny.utcDaysCovering(LocalDate.of(2024, 12, 30), LocalDate.of(2024, 12, 31)))
                .containsExactly(LocalDate.of(2024, 12, 30), LocalDate.of(2024, 12, 31), LocalDate.of(2025, 1, 1));
        // an exchange east of UTC needs the day before instead
        TradingCalendar tokyo = new TradingCalendar(ZoneId.of("Asia/Tokyo"));
        assertThat(tokyo.utcDaysCovering(LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 5)))
                .containsExactly(LocalDate.of(2024, 1, 4), LocalDate.of(2024, 1, 5));
    }
}
