package dev.stockpipe.ingest.backfill;

/** A backfill run failed; no end-of-run marker was sent. The message says what to do. */
public class BackfillException extends RuntimeException {

    public BackfillException(String message, Throwable cause) {
        super(message, cause);
    }

    public BackfillException(String message) {
        super(message);
    }
}
