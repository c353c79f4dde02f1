package dev.stockpipe.lakewriter.segment;

import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Validated;
import dev.stockpipe.contracts.Violation;
import java.time.Instant;

/**
 * Applies the contracts' validation to a consumed record. The landed line is the producer's own
 * JSON (so the lake holds exactly what was sent); only a value spread over several lines is
 * re-encoded compactly, because the raw zone is JSON lines.
 */
public final class RecordClassifier {

    /** Reason code for a control record whose value cannot be read. */
    public static final String INVALID_CONTROL = Violation.INVALID_CONTROL;

    private RecordClassifier() {
    }

    public static Classified classify(InboundRecord record, Instant now) {
        byte[] value = record.value();
        if (record.control() != null) {
            return classifyControl(record);
        }
        if (value == null) {
            return new Classified.Invalid(Violation.INVALID_JSON + ": no value (null, a tombstone)");
        }
        if (value.length == 0) {
            return new Classified.Invalid(Violation.INVALID_JSON + ": empty value");
        }
        if (Topics.HISTORICAL.equals(record.topic())) {
            Validated<HistoricalBar> bar = RecordValidator.parseBar(value, now);
            return bar.isValid()
                    ? new Classified.Valid(oneLine(value), bar.value().symbol(), bar.value().ts(), bar.value().runId())
                    : new Classified.Invalid(bar.reasonText());
        }
        if (Topics.REALTIME.equals(record.topic())) {
            Validated<Tick> tick = RecordValidator.parseTick(value, now);
            return tick.isValid()
                    ? new Classified.Valid(oneLine(value), tick.value().symbol(), tick.value().ts(), null)
                    : new Classified.Invalid(tick.reasonText());
        }
        throw new IllegalArgumentException("The lake-writer does not know topic '" + record.topic()
                + "': subscribe it only to " + Topics.HISTORICAL + " and " + Topics.REALTIME);
    }

    private static Classified classifyControl(InboundRecord record) {
        if (!Topics.HISTORICAL.equals(record.topic()) || !Topics.CONTROL_END_OF_RUN.equals(record.control())) {
            return new Classified.Invalid(INVALID_CONTROL + ": unknown control record '" + record.control()
                    + "' on " + record.topic());
        }
        try {
            return new Classified.Marker(JsonCodec.parseEndOfRun(record.value() == null ? new byte[0] : record.value()));
        } catch (IllegalArgumentException e) {
            return new Classified.Invalid(INVALID_CONTROL + ": " + e.getMessage());
        }
    }

    private static byte[] oneLine(byte[] value) {
        for (byte b : value) {
            if (b == '\n' || b == '\r') {
                return JsonCodec.toBytes(JsonCodec.readTree(value));
            }
        }
        return value;
    }
}
