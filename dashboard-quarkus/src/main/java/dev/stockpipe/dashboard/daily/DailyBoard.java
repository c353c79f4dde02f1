package dev.stockpipe.dashboard.daily;

import dev.stockpipe.dashboard.view.DailyView;

/** The daily metrics as last read, with a version a stream compares to send them only when they changed. */
public final class DailyBoard {

    private DailyView view = DailyView.pending();
    private long version;

    public synchronized void replace(DailyView next) {
        if (!next.equals(view)) {
            version++;
        }
        view = next;
    }

    public synchronized DailyView view() {
        return view;
    }

    public synchronized long version() {
        return version;
    }
}
