package dev.stockpipe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the results file: machine, summary table (medians, ratios, targets, pass/miss), then every run. */
final class Report {

    /** Heading of the summary table; the smoke test checks for it. */
    static final String SUMMARY_HEADER = "| benchmark | metric | ours (median) | baseline (median) | ratio | target | result |";

    private Report() {
    }

    static void write(Path file, Mode mode, List<String> args, Map<String, String> machine, Instant started, Duration took,
            String loadStart, String loadEnd, List<Row> rows, String chartName) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Mode **").append(mode.name().toLowerCase()).append("** (`bench/run.sh").append(args.isEmpty() ? "" : " " + String.join(" ", args))
                .append("`), started ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(", took ")
                .append(took.toSeconds() / 60).append(" min ").append(took.toSeconds() % 60).append(" s; every figure is the median of ")
                .append(mode.runs).append(mode.runs == 1 ? " run" : " runs").append(" unless the metric says otherwise.\n\n");
        md.append("> **Noise.** Both sides of each comparison ran in the same process tree, alternating run by run, on the same machine, ")
                .append("so their ratio is meaningful even when absolute figures are not; but other builds and tests may have been running ")
                .append("on this machine at the same time (1-min load average ").append(loadStart).append(" at the start, ").append(loadEnd)
                .append(" at the end, on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores). Rerun on a quiet machine before quoting absolute numbers.\n\n");
        if (mode == Mode.TINY) {
            md.append("> **Tiny scale** (smoke test): the sizes are too small for any figure below to mean anything.\n\n");
        }
        md.append("## Machine\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Summary\n\n").append(SUMMARY_HEADER).append("\n|---|---|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            if (r.error() != null) {
                md.append("| ").append(r.benchmark()).append(" | ").append(r.metric()).append(" | — | — | — | — | not run |\n");
                continue;
            }
            md.append("| ").append(r.benchmark()).append(" | ").append(r.metric()).append(" | ").append(num(r.oursMedian())).append(" | ")
                    .append(r.baseline().isEmpty() ? "—" : num(r.baselineMedian())).append(" | ")
                    .append(r.ratio() == null ? "—" : String.format("%.2f", r.ratio())).append(" | ").append(r.target()).append(" | ")
                    .append(r.verdict()).append(" |\n");
        }
        md.append("\n![throughput and scaling](").append(chartName).append(")\n\n## Details\n\n");
        Map<String, List<Row>> byBench = rows.stream().collect(Collectors.groupingBy(Row::benchmark, LinkedHashMap::new, Collectors.toList()));
        byBench.forEach((bench, list) -> {
            md.append("### ").append(bench).append("\n\n");
            for (Row r : list) {
                md.append("- **").append(r.metric()).append("**");
                if (r.error() != null) {
                    md.append(": not run — ").append(r.error().replace("\n", " ")).append("\n");
                    continue;
                }
                md.append(": ").append(r.ourName()).append(" ").append(runs(r.ours()));
                if (!r.baseline().isEmpty()) {
                    md.append("; ").append(r.baselineName()).append(" ").append(runs(r.baseline()));
                }
                if (r.ratio() != null) {
                    md.append("; ratio (").append(r.ratioLabel()).append(") ").append(String.format("%.2f", r.ratio()));
                }
                md.append("; target ").append(r.target()).append(" → ").append(r.verdict()).append(".");
                if (!r.note().isEmpty()) {
                    md.append(" ").append(r.note()).append(".");
                }
                md.append("\n");
            }
            md.append("\n");
        });
        md.append("How each figure is measured: see [bench/README.md](../README.md). Logs of this run: the `logs/` folder of the work directory.\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }

    private static String runs(List<Double> values) {
        return values.stream().map(Report::num).collect(Collectors.joining(", ", "[", "]"));
    }
}
