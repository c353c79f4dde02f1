package dev.stockpipe.ingest;

import dev.stockpipe.contracts.job.JobRunner;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.health.KafkaProbe;
import dev.stockpipe.ingest.job.HistoricalJob;
import dev.stockpipe.ingest.simulator.TickSimulator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * One artifact, two modes: without arguments the service runs (REST, simulator) until stopped;
 * with {@code historical …} it runs one backfill under the job contract and exits with its code.
 */
@QuarkusMain
public class IngestMain implements QuarkusApplication {

    /**
     * A job serves no HTTP: it would hold the service's port (two jobs on one host, or a job beside the
     * service on a host network, could not start) and answer probes nobody sends.
     */
    public static void main(String... args) {
        if (args.length > 0 && System.getProperty("quarkus.http.host-enabled") == null) {
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        Quarkus.run(IngestMain.class, args);
    }

    public static final String HISTORICAL = "historical";

    private final HistoricalJob historicalJob;
    private final TickSimulator simulator;
    private final IngestConfig config;
    private final KafkaProbe probe;

    public IngestMain(HistoricalJob historicalJob, TickSimulator simulator, IngestConfig config, KafkaProbe probe) {
        this.historicalJob = historicalJob;
        this.simulator = simulator;
        this.config = config;
        this.probe = probe;
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            if (config.simulator().autoStart()) {
                simulator.start(config.simulator().rate());
            }
            Quarkus.waitForExit();
            return 0;
        }
        if (HISTORICAL.equals(args[0])) {
            probe.disable(); // a job reports Kafka problems itself; no readiness to serve
            return historicalJob.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
        }
        System.err.println("ingest: unknown command '" + args[0] + "'; use 'historical --from YYYY-MM-DD --to YYYY-MM-DD "
                + "[--source synthetic|csv|yahoo] [--symbols A,B] [--interval 1d] [--run-id ID] [--xcom-file PATH]', "
                + "or no arguments to run the service");
        return JobRunner.EXIT_USAGE;
    }
}
