package dev.stockpipe.warehouse.source;

import java.nio.file.Path;

/** A Parquet object fetched from the lake: its lake key (for messages) and its local copy. */
public record SourceFile(String lakeKey, Path localPath) {
}
