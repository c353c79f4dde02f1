package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {

    private final LakeLayout layout = LakeLayout.DEFAULT;

    @Test
    void historicalObjectsGoToTheUtcDayOfTheBar() {
        String key = layout.rawHistoricalKey(Instant.parse("2024-01-05T23:59:59.999Z"), Topics.HISTORICAL, 2, 123);
        assertThat(key).isEqualTo("raw/historical/year=2024/month=01/day=05/stock.historical+2+00000000000000000123.jsonl.gz");
        // one millisecond later is the next UTC day
        assertThat(layout.rawHistoricalKey(Instant.parse("2024-01-06T00:00:00Z"), Topics.HISTORICAL, 2, 124))
                .startsWith("raw/historical/year=2024/month=01/day=06/");
    }

    @Test
    void realtimeObjectsGoToTheUtcHourAcrossTheYearBoundary() {
        assertThat(layout.rawRealtimeKey(Instant.parse("2024-12-31T23:59:59.999Z"), Topics.REALTIME, 0, 0))
                .isEqualTo("raw/realtime/year=2024/month=12/day=31/hour=23/stock.realtime+0+00000000000000000000.jsonl.gz");
        assertThat(layout.rawRealtimeKey(Instant.parse("2025-01-01T00:00:00Z"), Topics.REALTIME, 0, 1))
                .startsWith("raw/realtime/year=2025/month=01/day=01/hour=00/");
    }

    @Test
    void rawKeysParseBackIntoTheirParts() {
        String key = layout.rawRealtimeKey(Instant.parse("2024-03-10T07:15:00Z"), Topics.REALTIME, 11, 9_876_543_210L);
        assertThat(layout.parse(key)).contains(new LakeKey.RawObject(LakeKey.Stream.REALTIME, LocalDate.of(2024, 3, 10), 7,
                Topics.REALTIME, 11, 9_876_543_210L));
        String hist = layout.rawHistoricalKey(Instant.parse("2024-02-29T12:00:00Z"), Topics.HISTORICAL, 0, 5);
        assertThat(layout.parse(hist)).contains(new LakeKey.RawObject(LakeKey.Stream.HISTORICAL, LocalDate.of(2024, 2, 29), null,
                Topics.HISTORICAL, 0, 5));
    }

    @Test
    void objectNamesSortInOffsetOrder() {
        assertThat(LakeLayout.objectName(Topics.REALTIME, 0, 9)).isLessThan(LakeLayout.objectName(Topics.REALTIME, 0, 10));
    }

    @Test
    void manifestAndProcessedKeysRoundTrip() {
        assertThat(layout.manifestKey("scheduled__2024-01-05T21_30_00_00_00"))
                .isEqualTo("raw/_manifests/historical/run_id=scheduled__2024-01-05T21_30_00_00_00.json");
        assertThat(layout.parse(layout.manifestKey("r-1"))).contains(new LakeKey.Manifest("r-1"));

        LocalDate d = LocalDate.of(2024, 3, 10);
        assertThat(layout.processedHistoricalPrefix(d)).isEqualTo("processed/historical/date=2024-03-10/");
        assertThat(layout.parse(layout.processedHistoricalPrefix(d) + "part-00000-abc.snappy.parquet"))
                .contains(new LakeKey.ProcessedHistorical(d, "part-00000-abc.snappy.parquet"));
        assertThat(layout.processedRealtimePrefix(WindowSize.ONE_HOUR, d)).isEqualTo("processed/realtime/window=1h/date=2024-03-10/");
        assertThat(layout.parse("processed/realtime/window=15m/date=2024-03-10/part-0.parquet"))
                .contains(new LakeKey.ProcessedRealtime(WindowSize.FIFTEEN_MINUTES, d, "part-0.parquet"));
        assertThat(layout.checkpointPrefix("window-metrics")).isEqualTo("processed/realtime/_checkpoints/window-metrics/");
        assertThat(layout.processedRealtimeRoot()).isEqualTo("processed/realtime/");
    }

    @Test
    void foreignAndMalformedKeysDoNotParse() {
        assertThat(layout.parse("raw/historical/year=2024/month=13/day=01/x.jsonl.gz")).isEmpty();
        assertThat(layout.parse("raw/realtime/year=2024/month=01/day=01/hour=24/stock.realtime+0+1.jsonl.gz")).isEmpty();
        assertThat(layout.parse("processed/historical/date=2024-02-30/part-0.parquet")).isEmpty();
        assertThat(layout.parse("elsewhere/file.txt")).isEmpty();
    }

    @Test
    void zoneRootsAreConfigurableAndValidated() {
        LakeLayout custom = new LakeLayout("lake/raw", "lake/curated");
        String key = custom.rawHistoricalKey(Instant.parse("2024-01-05T10:00:00Z"), Topics.HISTORICAL, 0, 0);
        assertThat(key).startsWith("lake/raw/historical/");
        assertThat(custom.parse(key)).isPresent();
        assertThat(LakeLayout.DEFAULT.parse(key)).isEmpty();
        assertThatThrownBy(() -> new LakeLayout("/raw", "processed")).hasMessageContaining("'/raw'");
        assertThatThrownBy(() -> layout.manifestKey("../etc")).hasMessageContaining("Invalid run id");
    }
}
