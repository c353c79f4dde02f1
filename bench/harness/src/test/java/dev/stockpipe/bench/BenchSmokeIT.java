package dev.stockpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the harness, not a benchmark: {@code bench/run.sh --tiny} must start the
 * devstack and the services, run every benchmark beside its baseline at tiny scale, and write a
 * well-formed results file and a readable chart. No figure is judged (at this scale they mean
 * nothing, and timed assertions have no place in the test suite).
 */
class BenchSmokeIT {

    @TempDir
    static Path tmp;

    static Path home;
    static int exitCode;
    static String results;

    @BeforeAll
    static void runTiny() throws IOException, InterruptedException {
        home = Path.of(System.getProperty("stockpipe.home", "../..")).toAbsolutePath().normalize();
        assertThat(home.resolve("bench/run.sh")).as("stockpipe.home must be the repository root").isExecutable();
        Path out = tmp.resolve("results");
        Process p = new ProcessBuilder(home.resolve("bench/run.sh").toString(), "--tiny", "--out", out.toString(), "--work-dir",
                tmp.resolve("work").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("bench.log").toFile())
                .start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("bench/run.sh --tiny did not finish within 15 min; log: " + tmp.resolve("bench.log"));
        }
        exitCode = p.exitValue();
        Path md = out.resolve("latest.md");
        results = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8) : "";
        if (exitCode != 0) {
            System.err.println(Files.readString(tmp.resolve("bench.log")));
        }
    }

    @Test
    void everyBenchmarkRanAndTheHarnessExitedZero() {
        assertThat(results).as("results file").isNotEmpty().doesNotContain("not run");
        assertThat(exitCode).as("exit code of bench/run.sh --tiny (its output is printed above on failure)").isZero();
    }

    @Test
    void resultsFileHasMachineSummaryAndOneRowPerBenchmark() {
        assertThat(results).startsWith("# Benchmark results").contains("Mode **tiny**").contains("## Machine")
                .contains("| Java |").contains("| CPU |").contains(Report.SUMMARY_HEADER).contains("![throughput and scaling](latest.png)");
        List<String> summaryRows = results.lines().dropWhile(l -> !l.equals(Report.SUMMARY_HEADER)).skip(2)
                .takeWhile(l -> l.startsWith("|")).toList();
        for (String bench : List.of(ProducerBench.NAME, LandingBench.NAME, DailyMetricsBench.NAME, WindowMetricsBench.NAME, MergeBench.NAME,
                EndToEndBench.NAME, DashboardBench.NAME + " consumer", DashboardBench.NAME + " page")) {
            assertThat(summaryRows).as("summary rows of " + bench).anyMatch(r -> r.startsWith("| " + bench + " |"));
        }
        for (String row : summaryRows) {
            String[] cells = row.split("\\|", -1);
            assertThat(cells).as("seven columns in " + row).hasSize(9);
            assertThat(cells[7].strip()).as("verdict of " + row).isIn("pass", "miss", "n/a");
            assertThat(cells[3].strip()).as("our median in " + row).matches("[0-9][0-9,]*(\\.[0-9]+)?");
        }
    }

    @Test
    void comparisonsReportBaselineAndRatio() {
        List<String> compared = results.lines()
                .filter(l -> l.startsWith("| " + ProducerBench.NAME) || l.startsWith("| " + MergeBench.NAME + " | rows/s into PostgreSQL")
                        || l.startsWith("| " + DailyMetricsBench.NAME + " | wall s") || l.startsWith("| " + WindowMetricsBench.NAME + " | wall s")
                        || l.startsWith("| " + LandingBench.NAME + " | records/s |") || l.startsWith("| " + EndToEndBench.NAME + " |"))
                .toList();
        assertThat(compared).as("simulator, copier, loader, daily job (parsed scan, count only, DuckDB), window job (parsed scan, "
                + "count only) and end-to-end comparisons").hasSize(9);
        // the Spark targets are against the scan that parses every field; the bare count is information
        assertThat(compared).filteredOn(r -> r.contains(" vs count only |")).hasSize(2)
                .allSatisfy(r -> assertThat(r).contains("| record |"));
        for (String row : compared) {
            String[] cells = row.split("\\|", -1);
            assertThat(cells[4].strip()).as("baseline median in " + row).matches("[0-9][0-9,]*(\\.[0-9]+)?");
            assertThat(cells[5].strip()).as("ratio in " + row).matches("[0-9]+\\.[0-9]{2}");
        }
    }

    @Test
    void chartIsAReadablePng() throws IOException {
        BufferedImage img = ImageIO.read(tmp.resolve("results/latest.png").toFile());
        assertThat(img).as("latest.png decodes as an image").isNotNull();
        assertThat(img.getWidth()).isGreaterThan(400);
        assertThat(img.getHeight()).isGreaterThan(300);
    }
}
