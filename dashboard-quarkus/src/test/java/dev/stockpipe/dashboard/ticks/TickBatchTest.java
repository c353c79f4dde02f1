package dev.stockpipe.dashboard.ticks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.dashboard.state.Staleness;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.state.UnreadableRecords;
import dev.stockpipe.dashboard.view.SymbolView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickBatchTest {

    static final long NOW = Instant.parse("2026-01-05T14:30:00Z").toEpochMilli();

    final SymbolRegistry registry = new SymbolRegistry(List.of("AAPL", "MSFT"), 3, 60);
    final Staleness staleness = new Staleness(Duration.ofSeconds(5), NOW);
    final UnreadableRecords unreadable = new UnreadableRecords("stock.realtime", 10_000);
    final TickBatch batch = new TickBatch(registry, staleness, unreadable);

    static byte[] tick(String symbol, String ts, double price, long volume) {
        return JsonCodec.toBytes(new Tick(symbol, Instant.parse(ts), price, volume, 1, Tick.SOURCE_SIMULATOR));
    }

    static byte[] text(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    SymbolView view(String symbol) {
        return registry.find(symbol).view(Long.MIN_VALUE, Long.MAX_VALUE, 100);
    }

    @Test
    void aBatchBecomesOneUpdatePerSymbolWithItsLastPriceAndTime() {
        batch.accept(tick("AAPL", "2026-01-05T14:29:59.100Z", 100.25, 10), NOW);
        batch.accept(tick("MSFT", "2026-01-05T14:29:59.200Z", 300.5, 5), NOW);
        batch.accept(tick("AAPL", "2026-01-05T14:29:59.300Z", 101.75, 7), NOW);

        assertThat(batch.finish(NOW)).isEqualTo(3);
        assertThat(view("AAPL").price()).isEqualTo(101.75);
        assertThat(view("AAPL").lastTickTs()).isEqualTo("2026-01-05T14:29:59.300Z");
        assertThat(view("MSFT").price()).isEqualTo(300.5);
        assertThat(registry.find("AAPL").version()).isEqualTo(1); // one apply for two ticks
        assertThat(unreadable.total()).isZero();
        assertThat(staleness.staleSince(NOW + 4_999)).isEqualTo(-1);
    }

    @Test
    void pricesReadByTheScannerEqualJavasParse() {
        String[] prices = {"0.1", "187.23", "1234.5678", "99999.99999", "3", "1e2", "2.5E-3", "123456789012345678901.5",
            "0.30000000000000004", "4503599627370497.5"};
        for (String p : prices) {
            batch.accept(text("{\"symbol\":\"AAPL\",\"ts\":\"2026-01-05T14:29:59.000Z\",\"price\":" + p
                    + ",\"volume\":1,\"seq\":1,\"source\":\"simulator\"}"), NOW);
            batch.finish(NOW);
            assertThat(view("AAPL").price()).as(p).isEqualTo(Double.parseDouble(p));
        }
    }

    @Test
    void anUnusualButValidTickIsReadThroughTheContractParser() {
        // an escaped character in the source value: the scanner hands over, the contract parser accepts it
        batch.accept(text("{\"source\":\"sim\\u0075lator\",\"seq\":4,\"volume\":3,\"price\":42.5,"
                + "\"ts\":\"2026-01-05T14:29:59+01:00\",\"symbol\":\"MSFT\"}"), NOW);
        batch.finish(NOW);

        assertThat(view("MSFT").price()).isEqualTo(42.5);
        assertThat(view("MSFT").lastTickTs()).isEqualTo("2026-01-05T13:29:59.000Z");
        assertThat(unreadable.total()).isZero();
    }

    @Test
    void unreadableRecordsAreCountedWithTheirReasonNotShown() {
        batch.accept(text("not json"), NOW);
        batch.accept(null, NOW);
        batch.accept(text("{\"symbol\":\"AAPL\",\"ts\":\"2026-01-05T14:29:59.000Z\",\"price\":-1,\"volume\":1,\"seq\":1,\"source\":\"s\"}"), NOW);
        batch.accept(text("{\"symbol\":\"AAPL\",\"ts\":\"2026-01-05T14:29:59.000Z\",\"volume\":1,\"seq\":1,\"source\":\"s\"}"), NOW);
        batch.accept(text("{\"symbol\":\"AAPL\",\"ts\":\"2026-13-45T99:29:59.000Z\",\"price\":5,\"volume\":1,\"seq\":1,\"source\":\"s\"}"), NOW);
        batch.finish(NOW);

        assertThat(unreadable.total()).isEqualTo(5);
        assertThat(unreadable.lastReason()).contains("2026-13-45T99:29:59.000Z");
        assertThat(view("AAPL").lastTickTs()).isNull();
    }

    @Test
    void newSymbolsAreRegisteredUpToTheCapThenCounted() {
        batch.accept(tick("TSLA", "2026-01-05T14:29:59.000Z", 250, 1), NOW);
        batch.accept(tick("NVDA", "2026-01-05T14:29:59.000Z", 900, 1), NOW);
        batch.accept(tick("lower", "2026-01-05T14:29:59.000Z", 900, 1), NOW);
        batch.finish(NOW);

        assertThat(registry.names()).containsExactly("AAPL", "MSFT", "TSLA");
        assertThat(unreadable.total()).isEqualTo(2);
        assertThat(unreadable.lastReason()).contains("lower");
    }

    @Test
    void noTickNoStalenessUpdate() {
        batch.accept(text("garbage"), NOW);
        assertThat(batch.finish(NOW)).isZero();
        assertThat(staleness.staleSince(NOW + 5_000)).isEqualTo(NOW); // stale since start: no tick ever came
    }
}
