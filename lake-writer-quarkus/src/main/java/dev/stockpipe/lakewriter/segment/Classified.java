package dev.stockpipe.lakewriter.segment;

import dev.stockpipe.contracts.EndOfRun;
import java.time.Instant;

/** What a consumed record turned out to be after validation. */
public sealed interface Classified {

    /** A valid record: its JSON line, its symbol, the event time that places it, and its run (bars only). */
    record Valid(byte[] line, String symbol, Instant ts, String runId) implements Classified {
    }

    /** A record for the DLQ, with every reason on one line. */
    record Invalid(String reason) implements Classified {
    }

    /** An end-of-run control record of a historical backfill. */
    record Marker(EndOfRun endOfRun) implements Classified {
    }
}
