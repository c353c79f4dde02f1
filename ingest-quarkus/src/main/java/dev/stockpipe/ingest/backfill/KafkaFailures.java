package dev.stockpipe.ingest.backfill;

import dev.stockpipe.ingest.publish.RunProducers;
import dev.stockpipe.ingest.publish.RunTransaction;
import java.time.Duration;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Turns what Kafka threw during a run into the one sentence an operator needs: what happened,
 * what it means for the data (an uncommitted attempt is invisible to {@code read_committed}
 * consumers), and what to do. The Kafka exception stays the cause.
 */
final class KafkaFailures {

    /** What the run was doing, and whether the wait that ran out was the producer's max.block.ms or the ack timeout. */
    enum Step {
        CONNECT("starting the run's transaction", true),
        PARTITIONS("reading the partitions of stock.historical", true),
        BARS("sending bars", false),
        MARKERS("sending the end-of-run markers", false),
        COMMIT("committing", false);

        final String text;
        final boolean blockingCall;

        Step(String text, boolean blockingCall) {
            this.text = text;
            this.blockingCall = blockingCall;
        }
    }

    private final String bootstrap;
    private final Duration maxBlock;
    private final Duration ackTimeout;

    KafkaFailures(String bootstrap, Duration maxBlock, Duration ackTimeout) {
        this.bootstrap = bootstrap;
        this.maxBlock = maxBlock;
        this.ackTimeout = ackTimeout;
    }

    BackfillException describe(String runId, Step step, RuntimeException e) {
        Throwable cause = e instanceof RunTransaction.SendRefused && e.getCause() != null ? e.getCause() : e;
        String rerun = "rerun with run id " + runId + " once the broker is back";
        String message;
        if (cause instanceof ProducerFencedException) {
            message = "Another attempt of run " + runId + " started with the same run id and took over while this one was "
                    + step.text + "; this attempt stopped and none of its records is visible";
        } else if (cause instanceof InvalidTxnTimeoutException) {
            message = "Kafka at " + bootstrap + " refused the run's transaction timeout (" + cause.getMessage()
                    + "); set ingest.historical.transaction-timeout to at most the broker's transaction.max.timeout.ms";
        } else if (cause instanceof TransactionalIdAuthorizationException) {
            message = "Kafka at " + bootstrap + " does not allow transactional id " + RunProducers.TRANSACTIONAL_ID_PREFIX
                    + runId + "; grant WRITE and DESCRIBE on the transactional-id prefix " + RunProducers.TRANSACTIONAL_ID_PREFIX;
        } else if (cause instanceof AuthorizationException) {
            message = "Kafka at " + bootstrap + " denied access while " + step.text + " (" + cause.getMessage()
                    + "); check the credentials and ACLs";
        } else if (e instanceof RunTransaction.CommitOutcomeUnknown) {
            message = "Kafka at " + bootstrap + " did not confirm the commit of run " + runId + " within "
                    + ackTimeout.toSeconds() + " s, so the run may or may not be visible; " + rerun
                    + " (it aborts the attempt if still open; if it had committed, the run is in the topic twice, see README 'Reruns')";
        } else if (e instanceof RunTransaction.AckTimeout || cause instanceof TimeoutException) {
            long waited = (step.blockingCall ? maxBlock : ackTimeout).toSeconds();
            message = "Kafka at " + bootstrap + " did not answer within " + waited + " s while " + step.text
                    + ": check that the broker is running and KAFKA_BOOTSTRAP_SERVERS points at it, then " + rerun
                    + " (nothing of this attempt is visible to read_committed consumers)";
        } else {
            message = "Kafka at " + bootstrap + " refused the run while " + step.text + " (" + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage() + "); nothing of this attempt is visible to read_committed consumers; " + rerun;
        }
        return new BackfillException(message, cause);
    }
}
