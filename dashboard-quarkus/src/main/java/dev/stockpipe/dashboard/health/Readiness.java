package dev.stockpipe.dashboard.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.dashboard.view.ServiceStatus;
import java.util.ArrayList;
import java.util.List;

/** Turns one answer of a {@code /q/health/ready} endpoint (or its failure) into a {@link ServiceStatus}. */
final class Readiness {

    static final String UP = "UP";
    static final String DOWN = "DOWN";
    static final String UNREACHABLE = "unreachable";
    static final String UNKNOWN = "unknown";
    /** Reasons are cut to this length: they go into every pushed message (see PushBound). */
    static final int MAX_REASON_CHARS = 160;

    private Readiness() {
    }

    static ServiceStatus unknown(ServiceTarget target) {
        return new ServiceStatus(target.name(), target.baseUrl().toString(), UNKNOWN, "not polled yet");
    }

    /** 200 = UP; any other answer = DOWN, naming the checks that are down when the body says so. */
    static ServiceStatus answered(ServiceTarget target, int status, String body) {
        if (status == 200) {
            return new ServiceStatus(target.name(), target.baseUrl().toString(), UP, null);
        }
        return new ServiceStatus(target.name(), target.baseUrl().toString(), DOWN, cut("HTTP " + status + downChecks(body)));
    }

    static ServiceStatus failed(ServiceTarget target, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return new ServiceStatus(target.name(), target.baseUrl().toString(), UNREACHABLE, cut(message));
    }

    private static String downChecks(String body) {
        try {
            JsonNode checks = JsonCodec.readTree(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("checks");
            List<String> down = new ArrayList<>();
            for (JsonNode check : checks) {
                if (!UP.equals(check.path("status").asText())) {
                    down.add(check.path("name").asText("?"));
                }
            }
            return down.isEmpty() ? "" : ", checks down: " + String.join(", ", down);
        } catch (RuntimeException e) {
            return ""; // not a SmallRye Health body: the status code says enough
        }
    }

    static String cut(String text) {
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS - 1) + "…";
    }
}
