package dev.stockpipe.ingest.source.synthetic;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.ExchangeCalendar;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.gbm.GbmModel;
import dev.stockpipe.ingest.gbm.TradingTime;
import dev.stockpipe.ingest.source.BarQuery;
import dev.stockpipe.ingest.source.BarSource;
import dev.stockpipe.ingest.source.SourceBatch;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Seeded GBM bars, the offline default source.
 *
 * <p>Every value is a pure function of (seed, symbol, trading date, interval): the daily path is
 * anchored at {@link #ANCHOR} with the symbol's start price and each weekday's log return comes
 * from its own seeded stream, so a rerun over any sub-range yields identical bars (idempotent
 * reruns) and ranges far from the anchor cost only a cheap walk. Intraday bars follow a Brownian
 * bridge from one session's open to the next session's open, so 1m bars and 1d bars of the same
 * day agree on open and close. Bars exist only for NYSE trading days ({@link ExchangeCalendar}):
 * no bar on a weekend or an exchange holiday, and on an early-close day the intraday bars end at
 * 13:00. A holiday keeps its slot in the seeded daily walk, so adding the calendar changed no price
 * of any other day.
 */
public final class SyntheticBarGenerator implements BarSource {

    /** The weekday whose open equals the model's start price. */
    public static final LocalDate ANCHOR = LocalDate.of(2024, 1, 2);
    public static final LocalTime SESSION_OPEN = ExchangeCalendar.OPEN;
    /** Minutes of a full session; an early-close day has fewer ({@link #sessionMinutes}). */
    static final int SESSION_MINUTES = (int) TradingTime.SESSION_LENGTH.toMinutes();
    static final double BASE_DAILY_VOLUME = 20_000_000;

    private static final ExchangeCalendar EXCHANGE = ExchangeCalendar.nyse();
    private static final long STREAM_RETURN = 1;
    private static final long STREAM_RANGE = 2;
    private static final long STREAM_INTRADAY = 3;

    private final long seed;
    private final Function<String, GbmModel> models;
    private final TradingCalendar calendar;

    public SyntheticBarGenerator(long seed, Function<String, GbmModel> models, TradingCalendar calendar) {
        this.seed = seed;
        this.models = models;
        this.calendar = calendar;
    }

    @Override
    public String name() {
        return HistoricalBar.SOURCE_SYNTHETIC;
    }

    @Override
    public SourceBatch fetch(BarQuery q) {
        return SourceBatch.of(generate(q));
    }

    /** The bars of the query, oldest first. */
    public List<HistoricalBar> generate(BarQuery q) {
        GbmModel model = models.apply(q.symbol());
        List<HistoricalBar> bars = new ArrayList<>();
        DailyPath path = new DailyPath(q.symbol(), model, q.from());
        for (LocalDate day : EXCHANGE.tradingDays(q.from(), q.to())) {
            double open = path.openOf(day);
            double nextOpen = path.openOf(EXCHANGE.nextTradingDay(day.plusDays(1)));
            if (q.interval() == BarInterval.ONE_DAY) {
                bars.add(dailyBar(q, model, day, open, nextOpen));
            } else {
                intradayBars(q, model, day, open, nextOpen, bars);
            }
        }
        return bars;
    }

    private HistoricalBar dailyBar(BarQuery q, GbmModel model, LocalDate day, double open, double close) {
        SplittableRandom r = stream(q.symbol(), weekdayIndex(day), STREAM_RANGE);
        double sessionVol = model.volatility() * Math.sqrt(TradingTime.oneSession());
        double high = Math.max(open, close) * Math.exp(0.5 * sessionVol * Math.abs(r.nextGaussian()));
        double low = Math.min(open, close) * Math.exp(-0.5 * sessionVol * Math.abs(r.nextGaussian()));
        long volume = volume(BASE_DAILY_VOLUME, r);
        return bar(q, sessionOpen(day).toInstant(), open, high, low, close, volume);
    }

    private void intradayBars(BarQuery q, GbmModel model, LocalDate day, double open, double nextOpen,
            List<HistoricalBar> out) {
        int minutes = sessionMinutes(day);
        double[] logPath = bridge(q.symbol(), model, day, Math.log(open), Math.log(nextOpen), minutes);
        SplittableRandom r = stream(q.symbol(), weekdayIndex(day), STREAM_RANGE + q.interval().ordinal() * 16L);
        int step = (int) q.interval().length().toMinutes();
        double minuteVol = model.volatility() * Math.sqrt(TradingTime.yearsOfNanos(60_000_000_000L));
        int bars = (minutes + step - 1) / step;
        ZonedDateTime start = sessionOpen(day);
        for (int i = 0; i < bars; i++) {
            int from = i * step;
            int to = Math.min(from + step, minutes);
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (int m = from; m <= to; m++) {
                max = Math.max(max, logPath[m]);
                min = Math.min(min, logPath[m]);
            }
            double o = Math.exp(logPath[from]);
            double c = Math.exp(logPath[to]);
            double h = Math.exp(max + 0.5 * minuteVol * Math.abs(r.nextGaussian()));
            double l = Math.exp(min - 0.5 * minuteVol * Math.abs(r.nextGaussian()));
            long volume = volume(BASE_DAILY_VOLUME * (to - from) / SESSION_MINUTES, r);
            out.add(bar(q, start.plusMinutes(from).toInstant(), o, h, l, c, volume));
        }
    }

    /** Log prices at each minute of the session, pinned to the session's open and the next open. */
    private double[] bridge(String symbol, GbmModel model, LocalDate day, double logOpen, double logNextOpen,
            int minutes) {
        SplittableRandom r = stream(symbol, weekdayIndex(day), STREAM_INTRADAY);
        double dt = TradingTime.oneSession() / SESSION_MINUTES;
        double[] w = new double[minutes + 1];
        for (int m = 1; m <= minutes; m++) {
            w[m] = w[m - 1] + model.logReturn(dt, r.nextGaussian());
        }
        double gap = w[minutes] - (logNextOpen - logOpen);
        double[] path = new double[minutes + 1];
        for (int m = 0; m <= minutes; m++) {
            path[m] = logOpen + w[m] - gap * m / minutes;
        }
        return path;
    }

    /** Minutes of the day's regular session: 390, or 210 on an early-close day. */
    static int sessionMinutes(LocalDate day) {
        ExchangeCalendar.Session s = EXCHANGE.session(day).orElseThrow();
        return (int) java.time.Duration.between(s.open(), s.close()).toMinutes();
    }

    private HistoricalBar bar(BarQuery q, java.time.Instant ts, double open, double high, double low,
            double close, long volume) {
        double o = round(open);
        double c = round(close);
        // rounding must not break the OHLC invariants
        double h = Math.max(round(high), Math.max(o, c));
        double l = Math.min(round(low), Math.min(o, c));
        return new HistoricalBar(q.symbol(), ts, q.interval(), o, h, l, c, null, volume, name(), q.runId());
    }

    private static long volume(double median, SplittableRandom r) {
        return Math.max(1L, Math.round(median * Math.exp(0.3 * r.nextGaussian())));
    }

    private static double round(double price) {
        return Math.round(price * 10_000.0) / 10_000.0;
    }

    private ZonedDateTime sessionOpen(LocalDate day) {
        return day.atTime(SESSION_OPEN).atZone(calendar.exchangeZone());
    }

    /** Weekdays between the anchor and {@code day}: 0 at the anchor, negative before it. */
    static long weekdayIndex(LocalDate day) {
        long days = day.toEpochDay() - ANCHOR.toEpochDay();
        long weeks = Math.floorDiv(days, 7);
        long rest = Math.floorMod(days, 7);
        long idx = weeks * 5;
        LocalDate d = ANCHOR;
        for (int i = 0; i < rest; i++) {
            d = d.plusDays(1);
            if (d.getDayOfWeek().getValue() <= 5) {
                idx++;
            }
        }
        // a weekend day maps onto the weekday index that follows it
        return idx;
    }

    private SplittableRandom stream(String symbol, long index, long purpose) {
        long h = seed;
        h = mix(h ^ symbol.hashCode());
        h = mix(h + index * 0x9E3779B97F4A7C15L);
        h = mix(h + purpose);
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The session opens of one symbol, walked from the anchor with one seeded log return per
     * weekday; successive calls for increasing dates continue the walk instead of restarting it.
     */
    private final class DailyPath {
        private final String symbol;
        private final GbmModel model;
        private long index;
        private double logPrice;

        DailyPath(String symbol, GbmModel model, LocalDate from) {
            this.symbol = symbol;
            this.model = model;
            this.index = 0;
            this.logPrice = Math.log(model.startPrice());
            long target = weekdayIndex(from);
            while (index > target) {
                index--;
                logPrice -= dailyReturn(index);
            }
        }

        double openOf(LocalDate day) {
            long target = weekdayIndex(day);
            if (target < index) {
                throw new IllegalStateException("daily path walks forward only");
            }
            while (index < target) {
                logPrice += dailyReturn(index);
                index++;
            }
            return Math.exp(logPrice);
        }

        /** Log return from the open of weekday {@code k} to the open of weekday {@code k + 1}. */
        private double dailyReturn(long k) {
            return model.logReturn(TradingTime.oneSession(), stream(symbol, k, STREAM_RETURN).nextGaussian());
        }
    }
}
