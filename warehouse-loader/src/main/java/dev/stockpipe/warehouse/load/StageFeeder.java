package dev.stockpipe.warehouse.load;

import dev.stockpipe.warehouse.source.RowSink;

/** Pushes every source row (data columns only) into the stage; returns the number of rows read. */
@FunctionalInterface
public interface StageFeeder {
    long feed(RowSink stage) throws Exception;
}
