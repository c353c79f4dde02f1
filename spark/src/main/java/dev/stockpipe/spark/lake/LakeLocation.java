package dev.stockpipe.spark.lake;

import dev.stockpipe.contracts.LakeLayout;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the lake lives: {@code s3a://bucket[/prefix]} or a local directory, plus the
 * {@link LakeLayout} of keys under it. Every path a job touches is {@code root + "/" + key}, so the
 * same job runs against MinIO, S3 or a temp directory in a test.
 *
 * @param root URI without trailing slash, e.g. {@code s3a://stock-lake} or {@code file:/tmp/lake}
 */
public record LakeLocation(String root, LakeLayout layout) {

    public LakeLocation {
        if (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
    }

    /**
     * Parses {@code s3a://bucket}, {@code s3://bucket} (read as s3a), {@code file:///dir} or a plain
     * path (made absolute).
     */
    public static LakeLocation parse(String text, LakeLayout layout) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The lake location is empty: pass --lake s3a://BUCKET or a local directory");
        }
        String t = text.trim();
        if (t.startsWith("s3://")) {
            t = "s3a://" + t.substring("s3://".length());
        }
        if (t.startsWith("s3a://")) {
            String bucket = URI.create(t).getHost();
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("The lake location '" + text + "' names no bucket: use s3a://BUCKET");
            }
            return new LakeLocation(t, layout);
        }
        if (t.startsWith("file:")) {
            return new LakeLocation(Path.of(URI.create(t)).toAbsolutePath().normalize().toUri().toString(), layout);
        }
        if (t.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("Unsupported lake location '" + text + "': use s3a://BUCKET or a local directory");
        }
        return new LakeLocation(Path.of(t).toAbsolutePath().normalize().toUri().toString(), layout);
    }

    /** The URI of a {@link LakeLayout} key or prefix. */
    public String path(String key) {
        return root + "/" + key;
    }

    public boolean isS3() {
        return root.startsWith("s3a://");
    }

    /** The bucket when the lake is on S3. */
    public Optional<String> bucket() {
        return isS3() ? Optional.of(URI.create(root).getHost()) : Optional.empty();
    }
}
