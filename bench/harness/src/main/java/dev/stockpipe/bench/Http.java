package dev.stockpipe.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to the services' REST and metrics endpoints. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /** The body of a 2xx answer, or null when the service does not answer (yet). */
    static String getOrNull(String url) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() / 100 == 2 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while calling " + url, e);
        }
    }

    static String get(String url) {
        String body = getOrNull(url);
        if (body == null) {
            throw new BenchFailure("GET " + url + " failed: is the service still running?");
        }
        return body;
    }

    static void post(String url) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new BenchFailure("POST " + url + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new BenchFailure("POST " + url + " failed: is the service still running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while calling " + url, e);
        }
    }

    /**
     * Sum of every sample of a Prometheus metric in a {@code /q/metrics} text (all label sets),
     * e.g. {@code lake_records_landed_total}.
     */
    static double metric(String prometheusText, String name) {
        double sum = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            char next = line.length() > name.length() ? line.charAt(name.length()) : ' ';
            if (next != '{' && next != ' ') {
                continue;
            }
            String value = line.substring(line.lastIndexOf(' ') + 1);
            try {
                sum += Double.parseDouble(value);
            } catch (NumberFormatException ignored) {
                // a sample with a timestamp or NaN: not a counter value we can add
            }
        }
        return sum;
    }

    /** Polls every {@code everyMillis} until {@code probe} holds; fails with {@code what} after {@code timeout}. */
    static void await(Duration timeout, long everyMillis, java.util.function.BooleanSupplier probe, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!probe.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure(what.get());
            }
            pause(everyMillis);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }
}
