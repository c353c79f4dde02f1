package dev.stockpipe.warehouse.load;

/**
 * What one load did (or, in a dry run, would do).
 *
 * @param rowsRead        rows read from the source files
 * @param distinctKeys    rows left after removing duplicate keys
 * @param inserted        keys new to the target
 * @param updated         keys whose values changed
 * @param unchanged       keys already present with identical values
 */
public record MergeCounts(long rowsRead, long distinctKeys, long inserted, long updated, long unchanged) {

    public long duplicateRows() {
        return rowsRead - distinctKeys;
    }
}
