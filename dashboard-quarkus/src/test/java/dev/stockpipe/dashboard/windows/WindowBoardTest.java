package dev.stockpipe.dashboard.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.dashboard.view.WindowRow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowBoardTest {

    static WindowMetrics row(String symbol, WindowSize size, String end, double avg) {
        Instant windowEnd = Instant.parse(end);
        return new WindowMetrics(symbol, size, windowEnd.minus(size.length()), windowEnd, avg, 0.5, 100, 10);
    }

    final WindowBoard board = new WindowBoard();

    @Test
    void keepsTheRowWithTheNewestWindowEndPerSymbolAndSize() {
        board.offer(row("AAPL", WindowSize.FIFTEEN_MINUTES, "2026-01-05T14:30:00Z", 1));
        board.offer(row("AAPL", WindowSize.FIFTEEN_MINUTES, "2026-01-05T14:35:00Z", 2));
        assertThat(board.offer(row("AAPL", WindowSize.FIFTEEN_MINUTES, "2026-01-05T14:25:00Z", 3))).isFalse(); // older, late
        board.offer(row("AAPL", WindowSize.ONE_HOUR, "2026-01-05T14:30:00Z", 4));
        board.offer(row("MSFT", WindowSize.FIFTEEN_MINUTES, "2026-01-05T14:40:00Z", 5));

        assertThat(board.changedAfter(0)).extracting(WindowRow::symbol, WindowRow::window, WindowRow::movingAvg)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("AAPL", "15m", 2.0),
                        org.assertj.core.groups.Tuple.tuple("AAPL", "1h", 4.0),
                        org.assertj.core.groups.Tuple.tuple("MSFT", "15m", 5.0));
        assertThat(board.lastWindowEnd()).isEqualTo(Instant.parse("2026-01-05T14:40:00Z"));
    }

    @Test
    void aRepublishedWindowReplacesTheHeldOneAndShowsAsChanged() {
        board.offer(row("AAPL", WindowSize.FIFTEEN_MINUTES, "2026-01-05T14:30:00Z", 1));
        long seen = board.version();
        assertThat(board.changedAfter(seen)).isEmpty();
        assertThat(board.offer(row("AAPL", WindowSize.FIFTEEN_MINUTES, "2026-01-05T14:30:00Z", 1.5))).isTrue();
        assertThat(board.changedAfter(seen)).singleElement().extracting(WindowRow::movingAvg).isEqualTo(1.5);
        assertThat(board.of("AAPL")).hasSize(1);
        assertThat(board.of("MSFT")).isEmpty();
    }
}
