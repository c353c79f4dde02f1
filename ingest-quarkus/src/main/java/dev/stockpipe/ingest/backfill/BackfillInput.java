package dev.stockpipe.ingest.backfill;

import java.util.List;

/**
 * A backfill as a user typed it — REST body or command line — before any checking. Null means
 * "not given": the configured default applies (a run id is generated), except for the dates.
 */
public record BackfillInput(String source, List<String> symbols, String from, String to, String interval, String runId) {
}
