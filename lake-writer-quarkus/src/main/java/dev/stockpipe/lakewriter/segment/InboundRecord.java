package dev.stockpipe.lakewriter.segment;

/**
 * One consumed Kafka record, reduced to what the writer needs, so segments can be built and
 * tested without a broker.
 *
 * @param key     the record key (the symbol by contract), or {@code null}; it only chose the partition:
 *                the value is what lands
 * @param control value of the control header, or {@code null} for a data record
 */
public record InboundRecord(String topic, int partition, long offset, String key, byte[] value, String control) {
}
