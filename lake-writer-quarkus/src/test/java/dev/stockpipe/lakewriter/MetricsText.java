package dev.stockpipe.lakewriter;

/** Reads values out of a Prometheus text page ({@code /q/metrics}). */
final class MetricsText {

    private MetricsText() {
    }

    /** Sum of every sample of {@code name} whose labels contain all of {@code labels} (e.g. {@code topic="stock.realtime"}). */
    static double sum(String page, String name, String... labels) {
        return page.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> {
                    for (String label : labels) {
                        if (!l.contains(label)) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
