package dev.stockpipe.ingest.backfill;

import dev.stockpipe.contracts.RunIds;
import dev.stockpipe.ingest.backfill.BadInput.Caller;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.source.BarSources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/** {@link BackfillRequestCheck} with this service's sources and configured defaults, for REST and the job. */
@ApplicationScoped
public class BackfillRequests {

    private final BackfillRequestCheck check;

    @Inject
    public BackfillRequests(BarSources sources, IngestConfig config) {
        this(new BackfillRequestCheck(sources::find, new BackfillRequestCheck.Defaults(config.historical().source(),
                config.symbols(), config.historical().interval()), Clock.systemUTC()));
    }

    /** For tests of the command line: the given rules instead of the service's. */
    public BackfillRequests(BackfillRequestCheck check) {
        this.check = check;
    }

    /**
     * The checked request, or a {@link BadInput}; a missing run id becomes
     * {@code <prefix>-<source>-<now>} (sanitized).
     */
    public BackfillRequest check(BackfillInput input, Caller caller, String runIdPrefix) {
        return check.check(input, caller, source -> RunIds.sanitize(runIdPrefix + "-" + source + "-" + Instant.now()));
    }
}
