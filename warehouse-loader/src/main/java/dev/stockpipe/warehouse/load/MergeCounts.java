package dev.stockpipe.warehouse.load;

/**
 * What one load did (or, in a dry run, would do).
 *
 * @param rowsStaged      rows bulk-loaded into the stage (= rows read)
 * @param distinctKeys    rows left after removing duplicate keys
 * @param inserted        keys new to the target
 * @param updated         keys whose values changed
 * @param unchanged       keys already present with identical values
 */
public record MergeCounts(long rowsStaged, long distinctKeys, long inserted, long updated, long unchanged) {

    public long duplicateRows() {
        return rowsStaged - distinctKeys;
    }
}
