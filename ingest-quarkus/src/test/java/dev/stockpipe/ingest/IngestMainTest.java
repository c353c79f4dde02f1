package dev.stockpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.job.JobRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IngestMainTest {

    @Test
    void anUnknownCommandIsAUsageErrorInOneLine() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new IngestMain(null, null, null, null).run("backfill", "--date", "2024-01-02");
        } finally {
            System.setErr(original);
        }
        assertThat(exit).isEqualTo(JobRunner.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("ingest: unknown command 'backfill'; use 'historical --from YYYY-MM-DD");
    }
}
