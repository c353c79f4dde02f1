package dev.stockpipe.bench;

import java.util.List;

/**
 * One line of the results: our figure and the baseline's, each the median of its runs, their
 * ratio and the target. A row that could not be measured carries {@code error} instead.
 *
 * @param benchmark  e.g. "1 simulator → Kafka"
 * @param metric     what is measured, e.g. "ticks/s"
 * @param ours       every run of our side
 * @param baseline   every run of the baseline side (empty when there is none)
 * @param ratioLabel how the ratio is formed, e.g. "ours / baseline"
 * @param ratio      the ratio of the medians, or null
 * @param target     the target from the issue, in words
 * @param pass       whether the target is met; null when there is no target at this scale
 */
record Row(String benchmark, String metric, String ourName, List<Double> ours, String baselineName, List<Double> baseline,
        String ratioLabel, Double ratio, String target, Boolean pass, String note, String error) {

    static Row failed(String benchmark, String metric, String error) {
        return new Row(benchmark, metric, "", List.of(), "", List.of(), "", null, "", false, "", error);
    }

    double oursMedian() {
        return Stats.median(ours);
    }

    double baselineMedian() {
        return Stats.median(baseline);
    }

    String verdict() {
        if (error != null) {
            return "not run";
        }
        return pass == null ? "n/a" : (pass ? "pass" : "miss");
    }
}
