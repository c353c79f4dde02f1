package dev.stockpipe.lakewriter.segment;

/**
 * One consumed Kafka record, reduced to what the writer needs, so segments can be built and
 * tested without a broker.
 *
 * @param control value of the control header, or {@code null} for a data record
 */
public record InboundRecord(String topic, int partition, long offset, byte[] value, String control) {
}
