package dev.stockpipe.warehouse.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stockpipe.warehouse.dialect.StageWriter;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipe between DuckDB's CSV writer and the warehouse's COPY must never leave either side
 * waiting: a COPY that fails still reads the pipe to its end, and a writer that fails before
 * opening the pipe releases the reader.
 */
class CsvPipeTest {

    private static final Duration HANG = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void theCopyReadsEveryLineTheWriterWrites() {
        CsvPipe pipe = CsvPipe.create(dir.resolve("stage.csv")).orElseThrow();
        pipe.startReading(copy(in -> new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().count()));

        long copied = assertTimeoutPreemptively(HANG, () -> {
            write(pipe.path(), 200_000);
            pipe.writerFinished();
            return pipe.awaitCopied();
        });

        assertThat(copied).isEqualTo(200_000);
    }

    @Test
    void aFailedCopyStillDrainsThePipeSoTheWriterFinishes() {
        CsvPipe pipe = CsvPipe.create(dir.resolve("stage.csv")).orElseThrow();
        pipe.startReading(copy(in -> {
            in.readNBytes(100);
            throw new SQLException("COPY failed on line 3");
        }));

        assertTimeoutPreemptively(HANG, () -> {
            write(pipe.path(), 200_000); // megabytes: far more than a pipe holds
            pipe.writerFinished();
            assertThatThrownBy(pipe::awaitCopied).isInstanceOf(SQLException.class).hasMessage("COPY failed on line 3");
        });
    }

    @Test
    void aWriterThatNeverOpensThePipeReleasesTheReader() {
        CsvPipe pipe = CsvPipe.create(dir.resolve("stage.csv")).orElseThrow();
        pipe.startReading(copy(in -> in.readAllBytes().length));

        long copied = assertTimeoutPreemptively(HANG, () -> {
            pipe.writerFinished();
            return pipe.awaitCopied();
        });

        assertThat(copied).isZero();
    }

    private static void write(Path fifo, int lines) throws Exception {
        try (OutputStream out = Files.newOutputStream(fifo)) {
            for (int i = 0; i < lines; i++) {
                out.write(("S" + i + ",2024-03-08,1.5,2.5\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static StageWriter copy(StageWriter.CsvStreamCopy copy) {
        return StageWriter.csvStream(copy);
    }
}
