package dev.stockpipe.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The chart beside the results file, drawn with Java2D (headless) so no plotting stack is needed:
 * (a) each comparison's ratio to its baseline against the target, (b) throughput of ours vs the
 * baseline, (c) DailyMetricsJob vs its Spark scan and DuckDB, wall time by input size, (d) end-to-end
 * probes, (e) how each stage's cost grows with its work (the growth rows of --full).
 */
final class Chart {

    private static final int W = 1400;
    private static final int H = 1250;
    /** Height of the 2 × 2 panels; the growth panel (e) fills the rest. */
    private static final int TOP = 900;
    private static final Color OURS = new Color(0x1f77b4);
    private static final Color BASE = new Color(0xff7f0e);
    private static final Color SCAN = new Color(0x9467bd);
    private static final Color GRID = new Color(0xdddddd);

    private Chart() {
    }

    static void write(Path file, Mode mode, List<Row> rows, Map<Long, double[]> scaling, Map<Double, double[]> steps) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("stockpipe benchmarks (" + mode.name().toLowerCase() + " mode, medians of " + mode.runs + ")", 20, 28);
        List<Row> compared = rows.stream().filter(r -> r.error() == null && r.ratio() != null && !r.baseline().isEmpty()).toList();
        ratios(g, 20, 50, W / 2 - 30, TOP / 2 - 60, compared);
        throughput(g, W / 2 + 10, 50, W / 2 - 30, TOP / 2 - 60,
                compared.stream().filter(r -> r.metric().contains("/s")).toList());
        scaling(g, 20, TOP / 2 + 10, W / 2 - 30, TOP / 2 - 30, scaling);
        steps(g, W / 2 + 10, TOP / 2 + 10, W / 2 - 30, TOP / 2 - 30, steps);
        growth(g, 20, TOP + 10, W - 40, H - TOP - 30,
                rows.stream().filter(r -> r.error() == null && r.metric().startsWith("growth") && !r.ours().isEmpty()).toList());
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void frame(Graphics2D g, int x, int y, int w, int h, String title) {
        g.setColor(new Color(0xf7f7f7));
        g.fillRect(x, y, w, h);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, x + 8, y + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    }

    private static void empty(Graphics2D g, int x, int y, String why) {
        g.setColor(Color.DARK_GRAY);
        g.drawString(why, x + 20, y + 50);
    }

    /** (a) ratio of medians per comparison, with the target ratio as a red tick. */
    private static void ratios(Graphics2D g, int x, int y, int w, int h, List<Row> rows) {
        frame(g, x, y, w, h, "(a) ratio to baseline (bar) vs target (red)");
        if (rows.isEmpty()) {
            empty(g, x, y, "no comparison measured");
            return;
        }
        double max = Math.max(1.2, rows.stream().mapToDouble(r -> Math.min(r.ratio(), 10)).max().orElse(1) * 1.1);
        int labelW = 250;
        int plotX = x + labelW;
        int plotW = w - labelW - 20;
        int barH = Math.min(34, (h - 50) / rows.size() - 8);
        gridX(g, plotX, y + 30, plotW, h - 40, max);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int by = y + 34 + i * (barH + 8);
            double v = Math.min(r.ratio(), 10);
            g.setColor(r.pass() == null ? Color.GRAY : (r.pass() ? new Color(0x2ca02c) : new Color(0xd62728)));
            g.fillRect(plotX, by, (int) (plotW * v / max), barH);
            g.setColor(Color.BLACK);
            // the benchmark's number, what is compared and at which size: several rows share one benchmark
            g.drawString(shorten(r.benchmark().split(" ")[0] + " " + r.ratioLabel() + ", " + r.metric(), 44), x + 6, by + barH / 2 + 4);
            g.drawString(String.format("%.2f", r.ratio()), plotX + (int) (plotW * v / max) + 4, by + barH / 2 + 4);
            Double t = targetRatio(r.target());
            if (t != null) {
                int tx = plotX + (int) (plotW * t / max);
                g.setColor(Color.RED);
                g.setStroke(new BasicStroke(3));
                g.drawLine(tx, by - 2, tx, by + barH + 2);
                g.setStroke(new BasicStroke(1));
            }
        }
    }

    /** (b) absolute throughput, ours vs baseline, log scale. */
    private static void throughput(Graphics2D g, int x, int y, int w, int h, List<Row> rows) {
        frame(g, x, y, w, h, "(b) throughput, ours (blue) vs baseline (orange), log scale");
        if (rows.isEmpty()) {
            empty(g, x, y, "no throughput measured");
            return;
        }
        double maxLog = Math.ceil(Math.log10(rows.stream().mapToDouble(r -> Math.max(r.oursMedian(), r.baselineMedian())).max().orElse(10)));
        double minLog = Math.max(0, maxLog - 4);
        int plotY = y + 40;
        int plotH = h - 110;
        int groupW = (w - 60) / rows.size();
        for (double e = minLog; e <= maxLog; e++) {
            int gy = plotY + plotH - (int) (plotH * (e - minLog) / (maxLog - minLog));
            g.setColor(GRID);
            g.drawLine(x + 50, gy, x + w - 10, gy);
            g.setColor(Color.DARK_GRAY);
            g.drawString("1e" + (int) e, x + 10, gy + 4);
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int gx = x + 60 + i * groupW;
            int bw = groupW / 3;
            bar(g, gx, plotY, plotH, bw, r.oursMedian(), minLog, maxLog, OURS);
            bar(g, gx + bw + 4, plotY, plotH, bw, r.baselineMedian(), minLog, maxLog, BASE);
            g.setColor(Color.BLACK);
            int chars = Math.max(8, groupW / 7);
            g.drawString(shorten(r.benchmark(), chars), gx, plotY + plotH + 16);
            g.drawString(shorten(r.metric(), chars), gx, plotY + plotH + 30);
        }
    }

    private static void bar(Graphics2D g, int x, int plotY, int plotH, int bw, double v, double minLog, double maxLog, Color c) {
        double lv = Math.max(minLog, Math.log10(Math.max(v, 1)));
        int bh = (int) (plotH * (lv - minLog) / (maxLog - minLog));
        g.setColor(c);
        g.fillRect(x, plotY + plotH - bh, bw, bh);
        g.setColor(Color.BLACK);
        g.drawString(Report.num(v), x, plotY + plotH - bh - 3);
    }

    /** (c) wall time by raw rows for the Spark job, DuckDB and the Spark scan ([job, DuckDB, scan] per size). */
    private static void scaling(Graphics2D g, int x, int y, int w, int h, Map<Long, double[]> scaling) {
        frame(g, x, y, w, h, "(c) daily metrics wall s by raw rows: job (blue), Spark scan (purple), DuckDB (orange)");
        if (scaling.isEmpty()) {
            empty(g, x, y, "benchmark 3 not measured");
            return;
        }
        List<Long> sizes = new ArrayList<>(scaling.keySet());
        double max = scaling.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1) * 1.15;
        int plotX = x + 60;
        int plotY = y + 40;
        int plotW = w - 100;
        int plotH = h - 90;
        gridY(g, plotX, plotY, plotW, plotH, max);
        int[] px = new int[sizes.size()];
        for (int i = 0; i < sizes.size(); i++) {
            px[i] = sizes.size() == 1 ? plotX + plotW / 2 : plotX + 20 + i * (plotW - 40) / (sizes.size() - 1);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%,d rows", sizes.get(i)), px[i] - 30, plotY + plotH + 16);
        }
        Color[] colors = {OURS, BASE, SCAN};
        for (int side = 0; side < colors.length; side++) {
            g.setColor(colors[side]);
            g.setStroke(new BasicStroke(2));
            int prevX = -1;
            int prevY = -1;
            for (int i = 0; i < sizes.size(); i++) {
                double[] values = scaling.get(sizes.get(i));
                if (side >= values.length) {
                    continue;
                }
                double v = values[side];
                int py = plotY + plotH - (int) (plotH * v / max);
                g.fillOval(px[i] - 5, py - 5, 10, 10);
                g.drawString(String.format("%.1f s", v), px[i] + 8, py - 4);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px[i], py);
                }
                prevX = px[i];
                prevY = py;
            }
            g.setStroke(new BasicStroke(1));
        }
    }

    /** (e) how each stage's cost grows with its work (the growth rows: ours and the baseline's factor). */
    private static void growth(Graphics2D g, int x, int y, int w, int h, List<Row> rows) {
        frame(g, x, y, w, h, "(e) growth of cost with the work (×): ours (blue) vs baseline (orange); 1.0 = flat, the size factor = linear");
        if (rows.isEmpty()) {
            empty(g, x, y, "no growth measured (two sizes per stage: --full)");
            return;
        }
        double max = rows.stream().mapToDouble(r -> Math.max(r.oursMedian(), r.baseline().isEmpty() ? 0 : r.baselineMedian())).max()
                .orElse(1) * 1.2;
        int plotX = x + 60;
        int plotY = y + 35;
        int plotW = w - 80;
        int plotH = h - 85;
        gridY(g, plotX, plotY, plotW, plotH, max);
        int groupW = plotW / rows.size();
        int bw = Math.max(8, groupW / 3 - 6);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int gx = plotX + 10 + i * groupW;
            double[] vals = {r.oursMedian(), r.baseline().isEmpty() ? Double.NaN : r.baselineMedian()};
            Color[] colors = {OURS, BASE};
            for (int k = 0; k < 2; k++) {
                if (Double.isNaN(vals[k])) {
                    continue;
                }
                int bh = (int) (plotH * vals[k] / max);
                g.setColor(colors[k]);
                g.fillRect(gx + k * (bw + 4), plotY + plotH - bh, bw, bh);
                g.setColor(Color.BLACK);
                g.drawString(String.format("%.2f", vals[k]), gx + k * (bw + 4), plotY + plotH - bh - 3);
            }
            int chars = Math.max(12, groupW / 7);
            g.drawString(shorten(r.benchmark() + ": " + r.ourName() + " vs " + r.baselineName(), chars), gx, plotY + plotH + 16);
            g.drawString(shorten(r.metric().replace("growth of ", ""), chars), gx, plotY + plotH + 30);
        }
    }

    /** (d) end-to-end steps: target rate, achieved send rate, landed rate. */
    private static void steps(Graphics2D g, int x, int y, int w, int h, Map<Double, double[]> steps) {
        frame(g, x, y, w, h, "(d) end to end: target (grey), sent (blue), landed (green) ticks/s");
        if (steps.isEmpty()) {
            empty(g, x, y, "benchmark 5 not measured");
            return;
        }
        double max = steps.entrySet().stream().mapToDouble(e -> Math.max(e.getKey(), Math.max(e.getValue()[0], e.getValue()[1])))
                .max().orElse(1) * 1.15;
        int plotX = x + 70;
        int plotY = y + 40;
        int plotW = w - 90;
        int plotH = h - 90;
        gridY(g, plotX, plotY, plotW, plotH, max);
        int groupW = plotW / steps.size();
        int i = 0;
        for (Map.Entry<Double, double[]> e : steps.entrySet()) {
            int gx = plotX + 10 + i * groupW;
            int bw = Math.max(6, groupW / 4 - 4);
            double[] vals = {e.getKey(), e.getValue()[0], e.getValue()[1]};
            Color[] colors = {Color.LIGHT_GRAY, OURS, new Color(0x2ca02c)};
            for (int k = 0; k < 3; k++) {
                int bh = (int) (plotH * vals[k] / max);
                g.setColor(colors[k]);
                g.fillRect(gx + k * (bw + 3), plotY + plotH - bh, bw, bh);
            }
            g.setColor(Color.BLACK);
            g.drawString(String.format("%,.0f/s %s", e.getKey(), e.getValue()[2] > 0 ? "✓" : "✗"), gx, plotY + plotH + 16);
            i++;
        }
    }

    private static void gridX(Graphics2D g, int x, int y, int w, int h, double max) {
        double step = niceStep(max);
        for (double v = 0; v <= max; v += step) {
            int gx = x + (int) (w * v / max);
            g.setColor(GRID);
            g.drawLine(gx, y, gx, y + h);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Report.num(v), gx - 8, y + h + 12);
        }
    }

    private static void gridY(Graphics2D g, int x, int y, int w, int h, double max) {
        double step = niceStep(max);
        for (double v = 0; v <= max; v += step) {
            int gy = y + h - (int) (h * v / max);
            g.setColor(GRID);
            g.drawLine(x, gy, x + w, gy);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Report.num(v), x - 55, gy + 4);
        }
    }

    private static double niceStep(double max) {
        double raw = max / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        return (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
    }

    /** The number in a target like "≥ 0.8" or "≤ 3× at 10M rows", or null. */
    static Double targetRatio(String target) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[≥≤]\\s*([0-9.]+)").matcher(target);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
