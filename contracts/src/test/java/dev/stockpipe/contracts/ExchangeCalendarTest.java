package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ExchangeCalendar} against the NYSE's published calendars for 2025–2027 (shared with the DAG's Python copy). */
class ExchangeCalendarTest {

    private static final ExchangeCalendar NYSE = ExchangeCalendar.nyse();

    private static JsonNode vectors() throws IOException {
        try (InputStream in = ExchangeCalendarTest.class.getResourceAsStream("/vectors/nyse_calendar.json")) {
            return JsonCodec.readTree(in.readAllBytes());
        }
    }

    @Test
    void weekdayClosuresAreExactlyThePublishedHolidaysWithTheirNames() throws IOException {
        JsonNode v = vectors();
        Map<LocalDate, String> published = new LinkedHashMap<>();
        v.get("holidays").forEach(h -> published.put(LocalDate.parse(h.get("date").asText()), h.get("name").asText()));
        Map<LocalDate, String> computed = new LinkedHashMap<>();
        for (JsonNode year : v.get("years")) {
            for (LocalDate d = LocalDate.of(year.asInt(), 1, 1); d.getYear() == year.asInt(); d = d.plusDays(1)) {
                if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    NYSE.closure(d).ifPresent(put(computed, d));
                }
            }
        }
        assertThat(computed).containsExactlyEntriesOf(published);
    }

    private static java.util.function.Consumer<String> put(Map<LocalDate, String> m, LocalDate d) {
        return name -> m.put(d, name);
    }

    @Test
    void earlyClosesAreExactlyThePublishedOnesAt13h() throws IOException {
        JsonNode v = vectors();
        List<LocalDate> published = new ArrayList<>();
        v.get("early_closes").forEach(d -> published.add(LocalDate.parse(d.asText())));
        List<LocalDate> computed = new ArrayList<>();
        for (JsonNode year : v.get("years")) {
            for (LocalDate d = LocalDate.of(year.asInt(), 1, 1); d.getYear() == year.asInt(); d = d.plusDays(1)) {
                if (NYSE.isEarlyClose(d)) {
                    computed.add(d);
                }
            }
        }
        assertThat(computed).containsExactlyElementsOf(published);
        ExchangeCalendar.Session friday = NYSE.session(LocalDate.of(2026, 11, 27)).orElseThrow();
        assertThat(friday.earlyClose()).isTrue();
        assertThat(friday.open()).isEqualTo(Instant.parse("2026-11-27T14:30:00Z"));
        assertThat(friday.close()).isEqualTo(Instant.parse("2026-11-27T18:00:00Z"));
    }

    @Test
    void regularSessionsFollowNewYorkDaylightSavingTime() {
        ExchangeCalendar.Session summer = NYSE.session(LocalDate.of(2026, 10, 29)).orElseThrow();
        assertThat(summer.open()).isEqualTo(Instant.parse("2026-10-29T13:30:00Z"));
        assertThat(summer.close()).isEqualTo(Instant.parse("2026-10-29T20:00:00Z"));
        assertThat(summer.contains(Instant.parse("2026-10-29T19:59:59.999Z"))).isTrue();
        assertThat(summer.contains(Instant.parse("2026-10-29T20:00:00Z"))).isFalse();
        ExchangeCalendar.Session winter = NYSE.session(LocalDate.of(2026, 11, 30)).orElseThrow();
        assertThat(winter.open()).isEqualTo(Instant.parse("2026-11-30T14:30:00Z"));
        assertThat(NYSE.session(LocalDate.of(2026, 11, 26))).isEmpty();
        assertThat(NYSE.session(LocalDate.of(2026, 11, 28))).isEmpty();
    }

    @Test
    void weekendRulesOfTheObservedHolidays() {
        // New Year's Day on a Saturday is not observed: Friday Dec 31 trades
        assertThat(NYSE.isTradingDay(LocalDate.of(2027, 12, 31))).isTrue();
        assertThat(NYSE.closure(LocalDate.of(2022, 1, 1))).contains("weekend");
        assertThat(NYSE.isTradingDay(LocalDate.of(2021, 12, 31))).isTrue();
        // on a Sunday: Monday
        assertThat(NYSE.closure(LocalDate.of(2023, 1, 2))).contains("New Year's Day");
        // Juneteenth only from 2022
        assertThat(NYSE.isTradingDay(LocalDate.of(2021, 6, 18))).isTrue();
        assertThat(NYSE.closure(LocalDate.of(2022, 6, 20))).contains("Juneteenth");
        assertThat(NYSE.closure(LocalDate.of(2026, 11, 28))).contains("weekend");
    }

    @Test
    void easterByTheGregorianComputus() {
        assertThat(ExchangeCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(ExchangeCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(ExchangeCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(ExchangeCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(ExchangeCalendar.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    }

    @Test
    void tradingDayListsSkipWeekendsAndHolidays() {
        assertThat(NYSE.tradingDays(LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 30)))
                .containsExactly(LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 30));
        assertThat(NYSE.lastTradingDays(LocalDate.of(2026, 11, 29), 3))
                .containsExactly(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 27));
        assertThat(NYSE.nextTradingDay(LocalDate.of(2026, 12, 25))).isEqualTo(LocalDate.of(2026, 12, 28));
    }
}
