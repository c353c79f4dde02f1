package dev.stockpipe.ingest;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.Tick;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native-image builds keep the shared contract records reflectively accessible, so JSON tooling
 * and logging that reflect on them behave as in JVM mode. (The wire encoding itself, contracts'
 * {@code JsonCodec}, builds JSON trees by hand and needs no reflection; REST DTOs are registered by
 * Quarkus automatically.)
 */
@RegisterForReflection(targets = {HistoricalBar.class, Tick.class, EndOfRun.class, BarInterval.class})
final class NativeReflection {

    private NativeReflection() {
    }
}
