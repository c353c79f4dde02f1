package dev.stockpipe.warehouse.source;

/** A source row the warehouse must not receive (missing key, non-finite number, unreadable file). */
public final class BadRowException extends RuntimeException {
    public BadRowException(String message) {
        super(message);
    }

    public BadRowException(String message, Throwable cause) {
        super(message, cause);
    }
}
