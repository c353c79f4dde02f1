package dev.stockpipe.spark.daily;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.spark.SharedSpark;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The daily job reads the raw files once: the quality counts it checks before writing are observed
 * while the (cached) daily rows are computed, and equal what the separate quality query finds.
 * If Spark stopped reporting the observation, the job would still be right but read everything twice.
 */
class QualityObservationTest {

    @Test
    void qualityCountsAreObservedDuringTheMetricsPassAndMatchTheQuery() {
        Instant t = Instant.parse("2024-01-05T14:30:00Z");
        List<Row> rows = List.of(
                Bars.row("AAPL", t, "1m", 10.0, 11.0, 9.0, 10.5, 100L),
                Bars.row("AAPL", t.plusSeconds(60), "1m", 10.5, 11.0, 10.0, 10.8, 200L),
                Bars.row("MSFT", t, "1m", 20.0, 19.0, 21.0, 20.0, 100L),
                Bars.row("MSFT", t.plusSeconds(60), "1m", 20.0, 21.0, 19.0, 20.5, -1L));
        Dataset<Row> flagged = BarQuality.flag(SharedSpark.session().createDataFrame(rows, RawBars.SCHEMA));

        Dataset<Row> metrics = DailyMetricsTransform.compute(
                DailyMetricsJob.observeQuality(flagged).filter(col(BarQuality.ISSUE).isNull()), TradingCalendar.DEFAULT_EXCHANGE_ZONE)
                .persist();
        try {
            Dataset<Row> pass = metrics.groupBy().count();
            assertThat(pass.collectAsList().get(0).getLong(0)).isEqualTo(1);

            QualityReport observed = DailyMetricsJob.observedQuality(pass).orElseThrow(
                    () -> new AssertionError("Spark did not report the observed quality counts: the job would read its input twice"));
            QualityReport queried = DailyMetricsJob.quality(flagged);
            assertThat(observed).isEqualTo(queried);
            assertThat(observed.rowsRead()).isEqualTo(2);
            assertThat(observed.invalidByReason()).isEqualTo(Map.of(BarQuality.HIGH_BELOW_LOW, 1L, BarQuality.NEGATIVE_VOLUME, 1L));
            assertThat(observed.examples()).containsEntry(BarQuality.NEGATIVE_VOLUME, "volume=-1");
        } finally {
            metrics.unpersist();
        }
    }
}
