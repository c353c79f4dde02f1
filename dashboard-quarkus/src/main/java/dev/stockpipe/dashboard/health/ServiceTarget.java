package dev.stockpipe.dashboard.health;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A service whose readiness the dashboard polls: a name and its base URL. */
public record ServiceTarget(String name, URI baseUrl) {

    /** Path appended to the base URL: Quarkus' readiness endpoint. */
    public static final String READY_PATH = "/q/health/ready";

    public URI readyUrl() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + READY_PATH);
    }

    /**
     * Parses {@code ingest=http://host:8081,lake-writer=http://host:8082}; blank = no service. A mistake fails
     * with one sentence naming the entry, since a silently ignored service would never show as down.
     */
    public static List<ServiceTarget> parseList(Optional<String> text) {
        List<ServiceTarget> targets = new ArrayList<>();
        if (text.isEmpty() || text.get().isBlank()) {
            return targets;
        }
        Set<String> names = new HashSet<>();
        for (String entry : text.get().split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("dashboard.services entry '" + trimmed
                        + "' is not name=http://host:port; write e.g. ingest=http://localhost:8081");
            }
            String name = trimmed.substring(0, eq).trim();
            String url = trimmed.substring(eq + 1).trim();
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dashboard.services entry '" + trimmed + "' has an invalid URL: " + e.getMessage(), e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("dashboard.services entry '" + trimmed
                        + "' needs an http(s)://host:port URL, got '" + url + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("dashboard.services names '" + name + "' twice; give each service one entry");
            }
            targets.add(new ServiceTarget(name, uri));
        }
        return targets;
    }
}
