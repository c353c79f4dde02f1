package dev.stockpipe.lakewriter;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.RunManifest;
import dev.stockpipe.contracts.Tick;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native-image builds keep the shared contract records reflectively accessible, as in JVM mode.
 * The wire and manifest encodings (contracts' {@code JsonCodec}) build JSON trees by hand and need
 * no reflection themselves.
 */
@RegisterForReflection(targets = {HistoricalBar.class, Tick.class, EndOfRun.class, RunManifest.class,
        RunManifest.ManifestObject.class})
final class NativeReflection {

    private NativeReflection() {
    }
}
