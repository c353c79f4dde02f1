package dev.stockpipe.warehouse.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The two lake operations the loader needs; an interface so tests can count or fail them. */
public interface LakeClient extends AutoCloseable {

    /** Keys under {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Copies the object {@code key} to {@code target}. */
    void download(String key, Path target) throws IOException;

    /** A human-readable location for messages, e.g. {@code s3://stock-lake/processed/...}. */
    String describe(String prefix);

    @Override
    void close();
}
