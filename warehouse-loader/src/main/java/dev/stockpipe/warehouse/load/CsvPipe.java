package dev.stockpipe.warehouse.load;

import dev.stockpipe.warehouse.dialect.StageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A named pipe between DuckDB writing the stage CSV and the warehouse's {@code COPY} reading it,
 * so that the two overlap instead of one waiting for a whole file from the other. The reader
 * runs on its own thread; whatever happens to the {@code COPY}, the pipe is read to its end so
 * that DuckDB never blocks on a full pipe.
 */
final class CsvPipe {

    private final Path fifo;
    private volatile boolean opened;
    private Thread reader;
    private long copied;
    private Exception failure;

    private CsvPipe(Path fifo) {
        this.fifo = fifo;
    }

    /** Makes a named pipe at {@code path} with {@code mkfifo}; empty where there is none (then use a file). */
    static Optional<CsvPipe> create(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Optional.of(new CsvPipe(path));
            }
            p.destroy();
        } catch (IOException e) {
            // no mkfifo on this system
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    Path path() {
        return fifo;
    }

    /** Starts {@code stage}'s COPY from the pipe; call right before the writer opens it. */
    void startReading(StageWriter stage) {
        reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                opened = true;
                try {
                    copied = stage.copyCsv(in);
                } catch (Exception e) {
                    failure = e;
                    in.transferTo(OutputStream.nullOutputStream());
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }, "stage-copy");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The writer is done (or failed). A writer that failed before opening the pipe leaves the
     * reader waiting in open: open and close the write end once so it sees an empty input.
     */
    void writerFinished() throws IOException {
        if (reader != null && !opened && reader.isAlive()) {
            Files.newOutputStream(fifo).close();
        }
    }

    /** Waits for the COPY; returns its rows or throws what it threw. */
    long awaitCopied() throws Exception {
        if (reader == null) {
            throw new IllegalStateException("the stage COPY was never started");
        }
        reader.join();
        if (failure != null) {
            throw failure;
        }
        return copied;
    }

    boolean started() {
        return reader != null;
    }
}
