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

    /**
     * Rows read, and the number of distinct keys among them when the feeder counted them.
     *
     * @param deduplicated whether the feeder staged only one row per key (then the stage holds
     *                     {@code distinctKeys} rows and the MERGE reads it without ranking)
     */
    record Fed(long rows, OptionalLong distinctKeys, boolean deduplicated) {

        public Fed {
            if (deduplicated && distinctKeys.isEmpty()) {
                throw new IllegalArgumentException("a deduplicated stage needs its row count (distinctKeys)");
            }
        }

        /** The rows the stage must now hold. */
        long staged() {
            return deduplicated ? distinctKeys.getAsLong() : rows;
        }
    }
}
