package dev.stockpipe.warehouse.load;

import java.sql.Connection;

/**
 * Points inside the load transaction where tests inject faults (drop the connection, throw) to
 * prove that a failure leaves the target as it was. Production runs use {@link #NONE}.
 */
public interface LoadHooks {

    LoadHooks NONE = new LoadHooks() {
    };

    /** After the stage is filled, before the MERGE. */
    default void afterStage(Connection connection) throws Exception {
    }

    /** After the MERGE ran, before the commit. */
    default void beforeCommit(Connection connection) throws Exception {
    }
}
