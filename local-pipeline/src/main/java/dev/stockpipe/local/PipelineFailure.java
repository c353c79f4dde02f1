package dev.stockpipe.local;

/** A step of the local pipeline failed; the message says which, why, and where its log is. */
final class PipelineFailure extends RuntimeException {

    PipelineFailure(String message) {
        super(message);
    }

    PipelineFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
