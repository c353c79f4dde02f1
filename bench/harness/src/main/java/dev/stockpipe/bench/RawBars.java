package dev.stockpipe.bench;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Topics;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a raw historical zone of 1-minute bars on a local path, exactly as the lake-writer
 * lays it out ({@code LakeLayout} keys, gzipped JSON lines from {@code JsonCodec}): the input
 * both DailyMetricsJob and the DuckDB baseline read. Size grows with the number of symbols over
 * a fixed set of trading days, so the file count stays the same between sizes.
 */
final class RawBars {

    static final int DAYS = 52;
    static final int BARS_PER_DAY = 390;
    static final int FILES_PER_DAY = 3;
    static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 2);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** The generated data set: where, which trading dates, how many rows. */
    record DataSet(Path lakeDir, LocalDate from, LocalDate to, long rows, long bytes) {
    }

    private RawBars() {
    }

    static List<LocalDate> tradingDays() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = FIRST_DAY; days.size() < DAYS; d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.add(d);
            }
        }
        return days;
    }

    static DataSet write(Path lakeDir, long targetRows) throws IOException {
        int symbols = (int) Math.max(1, Math.round(targetRows / (double) (DAYS * BARS_PER_DAY)));
        List<LocalDate> days = tradingDays();
        SplittableRandom random = new SplittableRandom(42);
        double[] price = new double[symbols];
        java.util.Arrays.fill(price, 100.0);
        long rows = 0;
        long bytes = 0;
        for (LocalDate day : days) {
            Instant open = day.atTime(LocalTime.of(9, 30)).atZone(NEW_YORK).toInstant();
            for (int file = 0; file < FILES_PER_DAY; file++) {
                Path out = lakeDir.resolve(LakeLayout.DEFAULT.rawHistoricalKey(open, Topics.HISTORICAL, file, rows));
                Files.createDirectories(out.getParent());
                try (OutputStream os = new FastGzip(Files.newOutputStream(out))) {
                    for (int s = file; s < symbols; s += FILES_PER_DAY) {
                        String symbol = String.format("S%05d", s);
                        for (int m = 0; m < BARS_PER_DAY; m++) {
                            double o = price[s];
                            double c = Math.max(1.0, o * (1 + random.nextGaussian() * 0.001));
                            double h = Math.max(o, c) * (1 + random.nextDouble() * 0.0005);
                            double l = Math.min(o, c) * (1 - random.nextDouble() * 0.0005);
                            price[s] = c;
                            HistoricalBar bar = new HistoricalBar(symbol, open.plusSeconds(60L * m), BarInterval.ONE_MINUTE,
                                    round(o), round(h), round(l), round(c), null, 100 + random.nextInt(10_000), HistoricalBar.SOURCE_SYNTHETIC, "bench");
                            byte[] line = JsonCodec.toBytes(bar);
                            os.write(line);
                            os.write('\n');
                            rows++;
                            bytes += line.length + 1;
                        }
                    }
                }
            }
        }
        return new DataSet(lakeDir, days.get(0), days.get(days.size() - 1), rows, bytes);
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    /** gzip at the fastest level: generating the input is not what is measured. */
    static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(new BufferedOutputStream(out, 1 << 16), 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
