package dev.stockpipe.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DropLedgerTest {

    @Test
    void consecutiveDroppedSeqsOfASymbolAreOneGap() {
        DropLedger ledger = new DropLedger();
        assertThat(ledger.dropped("AAPL", 5)).isTrue();
        assertThat(ledger.dropped("MSFT", 5)).isTrue();
        assertThat(ledger.dropped("AAPL", 6)).isFalse();
        assertThat(ledger.dropped("AAPL", 7)).isFalse();
        assertThat(ledger.dropped("AAPL", 9)).isTrue(); // seq 8 was sent
        assertThat(ledger.ticks()).isEqualTo(5);
        assertThat(ledger.gaps()).isEqualTo(3);
        assertThat(ledger.bySymbol()).containsExactly(
                Map.entry("AAPL", new DropLedger.SymbolDrops(4, 2, 9, 9)),
                Map.entry("MSFT", new DropLedger.SymbolDrops(1, 1, 5, 5)));
    }

    @Test
    void theReportCoversOnlyWhatWasDroppedSinceThePreviousOne() {
        DropLedger ledger = new DropLedger();
        ledger.dropped("AAPL", 1);
        ledger.dropped("AAPL", 2);
        DropLedger.Report first = ledger.sinceLastReport();
        assertThat(first.ticks()).isEqualTo(2);
        assertThat(first.gaps()).isEqualTo(1);
        assertThat(ledger.sinceLastReport().isEmpty()).isTrue();

        ledger.dropped("AAPL", 3); // the same hole continues: no new gap
        DropLedger.Report second = ledger.sinceLastReport();
        assertThat(second.ticks()).isEqualTo(1);
        assertThat(second.gaps()).isZero();
        assertThat(second.bySymbol().get("AAPL")).isEqualTo(new DropLedger.SymbolDrops(1, 0, 1, 3));
        assertThat(ledger.gaps()).isEqualTo(1);
    }

    @Test
    void policiesParseTheirSpellingsAndNameTheKeyOtherwise() {
        assertThat(BackpressurePolicy.find(" Slow-Down ")).contains(BackpressurePolicy.SLOW_DOWN);
        assertThat(BackpressurePolicy.find("slow_down")).contains(BackpressurePolicy.SLOW_DOWN);
        assertThat(BackpressurePolicy.find("fast")).isEmpty();
        assertThat(BackpressurePolicy.SLOW_DOWN.code()).isEqualTo("slow-down");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BackpressurePolicy.parse("fast"))
                .hasMessage("ingest.simulator.backpressure must be 'drop' or 'slow-down', got 'fast'");
    }
}
