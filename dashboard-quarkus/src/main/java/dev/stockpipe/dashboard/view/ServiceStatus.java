package dev.stockpipe.dashboard.view;

/**
 * Readiness of one configured service.
 *
 * @param status {@code UP}, {@code DOWN}, {@code unreachable}, or {@code unknown} before the first poll
 * @param reason why it is not UP (the DOWN checks, or the connection error)
 */
public record ServiceStatus(String name, String url, String status, String reason) {
}
