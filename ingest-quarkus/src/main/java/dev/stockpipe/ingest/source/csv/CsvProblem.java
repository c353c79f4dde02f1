package dev.stockpipe.ingest.source.csv;

import java.nio.file.Path;

/** A CSV row that could not become a bar, located by file and 1-based line number. */
public record CsvProblem(Path file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
