package dev.stockpipe.local;

import java.io.PrintStream;
import java.time.Duration;

/** Visible progress: numbered steps with elapsed time, so a user sees where a long run is. */
final class Progress {

    private final PrintStream out;
    private final int totalSteps;
    private final long started = System.nanoTime();
    private int step;

    Progress(PrintStream out, int totalSteps) {
        this.out = out;
        this.totalSteps = totalSteps;
    }

    void step(String what) {
        step++;
        out.printf("[%s] step %d/%d: %s%n", elapsed(), step, totalSteps, what);
        out.flush();
    }

    void info(String format, Object... args) {
        out.printf("[%s]     %s%n", elapsed(), String.format(format, args));
        out.flush();
    }

    String elapsed() {
        Duration d = Duration.ofNanos(System.nanoTime() - started);
        return String.format("%02d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
