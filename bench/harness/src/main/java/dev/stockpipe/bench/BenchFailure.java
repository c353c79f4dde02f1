package dev.stockpipe.bench;

/** A benchmark step that could not run; the message says what went wrong and what to do. */
final class BenchFailure extends RuntimeException {

    BenchFailure(String message) {
        super(message);
    }

    BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
