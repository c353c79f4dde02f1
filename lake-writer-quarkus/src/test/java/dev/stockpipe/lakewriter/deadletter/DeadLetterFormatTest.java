package dev.stockpipe.lakewriter.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.lakewriter.segment.InboundRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

class DeadLetterFormatTest {

    static final int PRODUCER_LIMIT = (Integer) ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    static final String REASON = Violation.INVALID_JSON + ": Unrecognized token 'xxxx'";

    final DeadLetterFormat format = new DeadLetterFormat(1_000_000, 16_384);

    static InboundRecord record(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        return new InboundRecord(Topics.REALTIME, 0, 42, "AAPL", value, null);
    }

    static String header(DeadLetter letter, String name) {
        return new String(letter.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRecordThatFitsIsCopiedUnchangedWithItsSourceAndReason() {
        DeadLetter letter = format.of(record(500), REASON);

        assertThat(letter.bounded()).isFalse();
        assertThat(letter.value()).isEqualTo(record(500).value());
        assertThat(header(letter, Topics.HEADER_DLQ_TOPIC)).isEqualTo(Topics.REALTIME);
        assertThat(header(letter, Topics.HEADER_DLQ_PARTITION)).isEqualTo("0");
        assertThat(header(letter, Topics.HEADER_DLQ_OFFSET)).isEqualTo("42");
        assertThat(header(letter, Topics.HEADER_DLQ_REASON)).isEqualTo(REASON);
        assertThat(letter.headers().lastHeader(DeadLetterFormat.HEADER_ORIGINAL_SIZE)).isNull();
    }

    /** The incident: a 1,048,400-byte value the broker took, whose DLQ copy (1,048,990 bytes) the producer refused. */
    @Test
    void theOneMegabyteValueOfTheIncidentIsSentBoundedWithItsSizeAndReasonTooLarge() {
        DeadLetter letter = format.of(record(1_048_400), REASON);

        assertThat(letter.bounded()).isTrue();
        assertThat(letter.value()).hasSize(16_384).isEqualTo(Arrays.copyOf(record(1_048_400).value(), 16_384));
        assertThat(header(letter, DeadLetterFormat.HEADER_ORIGINAL_SIZE)).isEqualTo("1048400");
        assertThat(header(letter, Topics.HEADER_DLQ_OFFSET)).isEqualTo("42");
        assertThat(Violation.codeOf(header(letter, Topics.HEADER_DLQ_REASON))).isEqualTo(DeadLetterFormat.TOO_LARGE);
        assertThat(header(letter, Topics.HEADER_DLQ_REASON)).contains("1048400-byte value").endsWith(REASON);
        assertThat(letter.estimatedBytes()).isLessThan(20_000);
    }

    @Test
    void theEstimateIsNeverBelowWhatTheProducerChecksAgainstMaxRequestSize() {
        for (int size : new int[] {0, 1, 127, 128, 16_383, 16_384, 999_000, 1_048_400}) {
            DeadLetter whole = new DeadLetterFormat(Integer.MAX_VALUE / 2, 16_384).of(record(size), REASON);
            int producer = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                    Compression.NONE.type(), null, java.nio.ByteBuffer.wrap(whole.value()), whole.headers().toArray());
            assertThat(whole.estimatedBytes()).as("size %d", size).isGreaterThanOrEqualTo(producer);
        }
        assertThat(format.of(record(1_048_400), REASON).estimatedBytes()).isLessThan(PRODUCER_LIMIT);
    }

    @Test
    void aCopyRefusedByTheBrokerCanBeBoundedWhateverItsSize() {
        DeadLetter letter = format.bounded(record(40_000), REASON, "refused as too large: The message is 40123 bytes");

        assertThat(letter.bounded()).isTrue();
        assertThat(letter.value()).hasSize(16_384);
        assertThat(header(letter, Topics.HEADER_DLQ_REASON)).startsWith(DeadLetterFormat.TOO_LARGE + ": ").contains("refused");
    }

    @Test
    void onlyACopyLongerThanTheBoundedPayloadCanShrink() {
        assertThat(format.canShrink(format.of(record(500), REASON))).as("small: the topic is misconfigured").isFalse();
        assertThat(format.canShrink(format.of(record(40_000), REASON))).isTrue();
        assertThat(format.canShrink(format.bounded(record(40_000), REASON, "refused"))).as("already bounded").isFalse();
    }

    @Test
    void anEmptyOrNullValueIsCopiedAsEmpty() {
        DeadLetter letter = format.of(new InboundRecord(Topics.HISTORICAL, 2, 7, null, null, null), REASON);

        assertThat(letter.bounded()).isFalse();
        assertThat(letter.value()).isEmpty();
    }

    @Test
    void aLongReasonIsCutToAFixedNumberOfBytesInTheBoundedCopy() {
        String longReason = Violation.INVALID_JSON + ": " + "é".repeat(5_000);

        DeadLetter letter = format.of(record(1_048_400), longReason);

        assertThat(letter.headers().lastHeader(Topics.HEADER_DLQ_REASON).value().length)
                .isLessThanOrEqualTo(DeadLetterFormat.MAX_BOUNDED_REASON_BYTES);
        assertThat(header(letter, Topics.HEADER_DLQ_REASON)).doesNotContain("\uFFFD");
    }

    @Test
    void aTruncationThatLeavesNoRoomForHeadersIsAConfigurationError() {
        assertThatThrownBy(() -> new DeadLetterFormat(10_000, 9_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lake.dlq.truncated-payload-bytes");
    }
}
