package dev.stockpipe.warehouse.load;

import dev.stockpipe.warehouse.dialect.StageWriter;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Fills the stage with every source row plus this run's lineage values ({@code loaded_at},
 * {@code run_id}), by the fastest path {@code stage} accepts.
 */
@FunctionalInterface
public interface StageFeeder {

    Fed feed(StageWriter stage, Instant loadedAt, String runId) throws Exception;

    /** Rows read, and the number of distinct keys among them when the feeder counted them. */
    record Fed(long rows, OptionalLong distinctKeys) {
    }
}
