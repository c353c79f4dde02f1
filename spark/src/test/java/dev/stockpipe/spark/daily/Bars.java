package dev.stockpipe.spark.daily;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Test data helpers: bars as contract records and as rows of {@link RawBars#SCHEMA}. */
final class Bars {

    private Bars() {
    }

    static HistoricalBar bar(String symbol, String ts, String interval, double open, double high, double low,
            double close, long volume, String runId) {
        return new HistoricalBar(symbol, JsonCodec.parseInstant(ts), BarInterval.parse(interval), open, high, low, close,
                null, volume, HistoricalBar.SOURCE_SYNTHETIC, runId);
    }

    static HistoricalBar bar(String symbol, String ts, String interval, double open, double high, double low,
            double close, long volume) {
        return bar(symbol, ts, interval, open, high, low, close, volume, "run-1");
    }

    static Row row(HistoricalBar b) {
        return RowFactory.create(b.symbol(), Timestamp.from(b.ts()), b.interval().code(), b.open(), b.high(), b.low(),
                b.close(), b.adjClose(), b.volume(), b.source(), b.runId());
    }

    static Row row(String symbol, Instant ts, String interval, Double open, Double high, Double low, Double close,
            Long volume) {
        return RowFactory.create(symbol, ts == null ? null : Timestamp.from(ts), interval, open, high, low, close, null,
                volume, HistoricalBar.SOURCE_SYNTHETIC, "run-1");
    }

    static Dataset<Row> frame(SparkSession spark, List<HistoricalBar> bars) {
        return spark.createDataFrame(bars.stream().map(Bars::row).toList(), RawBars.SCHEMA);
    }
}
