package dev.stockpipe.contracts;

/**
 * The control record ingest sends to every partition of {@code stock.historical} once a backfill
 * run has been fully acknowledged by Kafka (header {@link Topics#HEADER_CONTROL} =
 * {@link Topics#CONTROL_END_OF_RUN}).
 *
 * @param recordsSent      bars of the run across all partitions
 * @param partitionRecords bars of the run sent to the partition carrying this marker, so the
 *                         lake-writer can check that partition is complete
 * @param partitionCount   how many partitions received a marker, so the lake-writer knows when
 *                         every marker has landed
 */
public record EndOfRun(String runId, long recordsSent, long partitionRecords, int partitionCount) {
}
