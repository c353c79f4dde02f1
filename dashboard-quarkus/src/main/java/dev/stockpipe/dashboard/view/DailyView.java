package dev.stockpipe.dashboard.view;

import java.util.List;

/**
 * The daily metrics table and where it stands.
 *
 * @param status      {@code pending} (first read not done), {@code ok} or {@code unavailable}
 * @param reason      why it is unavailable, shown as "daily metrics unavailable: &lt;reason&gt;"
 * @param refreshedAt when the last read finished
 */
public record DailyView(String status, String reason, String refreshedAt, List<DailyRow> rows) {

    public static DailyView pending() {
        return new DailyView("pending", null, null, List.of());
    }
}
