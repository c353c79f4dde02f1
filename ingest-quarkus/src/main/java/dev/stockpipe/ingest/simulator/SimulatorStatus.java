package dev.stockpipe.ingest.simulator;

import java.util.List;

/**
 * What {@code GET /simulator} returns. Once the simulator is stopped and Kafka has answered every
 * send ({@code ticks_in_flight = 0}), {@code ticks_generated = ticks_sent + ticks_failed +
 * ticks_dropped} holds exactly, and the topic holds each sent tick once.
 *
 * @param ticksSent     acknowledged by Kafka
 * @param ticksFailed   refused by Kafka or never handed to it (never in the topic)
 * @param ticksInFlight handed to the producer, not yet answered
 * @param ticksDropped  discarded by policy {@code drop} before sending; their seqs are holes in the topic
 * @param seqGaps       holes in the topic's seq: maximal runs of consecutive dropped seqs of one symbol
 */
public record SimulatorStatus(boolean running, int rate, String backpressure, long ticksGenerated, long ticksSent,
        long ticksFailed, long ticksInFlight, long ticksDropped, long seqGaps, long backpressureWaits,
        List<SymbolStatus> symbols) {

    /**
     * One symbol: the next seq it will use (so seqs {@code 0..next_seq-1} were generated), its
     * drops, and its most recent hole ({@code -1} when none).
     */
    public record SymbolStatus(String symbol, long nextSeq, long ticksDropped, long seqGaps, long lastGapFromSeq,
            long lastGapToSeq) {
    }
}
