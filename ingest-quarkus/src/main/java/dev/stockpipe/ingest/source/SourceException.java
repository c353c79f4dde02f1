package dev.stockpipe.ingest.source;

/** A source could not deliver bars; the message is the sentence an operator needs. */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
