package dev.stockpipe.ingest.health;

import java.time.Instant;

/** The latest answer of {@link KafkaProbe}: whether the broker answered and has ingest's topics, and when it was asked. */
public record KafkaReachability(boolean up, String detail, Instant checkedAt) {

    static KafkaReachability notCheckedYet() {
        return new KafkaReachability(false, "Kafka has not been checked yet", Instant.EPOCH);
    }
}
