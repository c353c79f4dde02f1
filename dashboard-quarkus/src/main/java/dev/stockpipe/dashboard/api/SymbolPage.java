package dev.stockpipe.dashboard.api;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The HTML of {@code /symbols/{symbol}}: a template (web/symbol.html, not served as a static file) with
 * the symbol filled in, and the 404 page. Everything inserted is HTML-escaped: the path is user input.
 */
@Singleton
public class SymbolPage {

    static final String PLACEHOLDER = "{{SYMBOL}}";
    private final String template;

    public SymbolPage() {
        try (InputStream in = SymbolPage.class.getResourceAsStream("/web/symbol.html")) {
            if (in == null) {
                throw new IllegalStateException("web/symbol.html is missing from the application jar; rebuild the module");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read web/symbol.html from the application jar", e);
        }
    }

    String of(String symbol) {
        return template.replace(PLACEHOLDER, escape(symbol));
    }

    static String unknown(String symbol, List<String> known) {
        String items = known.stream().map(s -> "<li><a href=\"/symbols/" + escape(s) + "\">" + escape(s) + "</a></li>")
                .collect(Collectors.joining("\n"));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unknown symbol " + escape(symbol)
                + "</title><link rel=\"stylesheet\" href=\"/dashboard.css\"></head><body>\n"
                + "<h1 id=\"not-found\">Unknown symbol: <code>" + escape(symbol) + "</code></h1>\n"
                + "<p>The dashboard knows no symbol <code>" + escape(symbol) + "</code>: it is neither configured "
                + "(DASHBOARD_SYMBOLS) nor seen on stock.realtime. Known symbols:</p>\n<ul id=\"known-symbols\">\n" + items
                + "\n</ul>\n<p><a href=\"/\">Back to the dashboard</a></p>\n</body></html>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
