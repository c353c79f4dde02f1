package dev.stockpipe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.stockpipe.contracts.RuntimeEnv;

/**
 * Where a running Kafka + S3 pair can be reached, whichever way it was started (child JVMs in
 * {@link DevStack}, containers in {@link TestcontainersDevStack}). Tests and launchers only need
 * this view; fault injection needs the concrete {@link DevStack}.
 */
public interface StackEndpoints extends AutoCloseable {

    /** {@code host:port} of the broker's PLAINTEXT listener. */
    String kafkaBootstrapServers();

    /** {@code http://host:port} of the S3 API; clients must use path-style access. */
    String s3Endpoint();

    String s3Region();

    String s3AccessKey();

    String s3SecretKey();

    /** The lake bucket (raw and processed zones), created at start. */
    String bucket();

    /** Stops the servers; safe to call more than once. */
    @Override
    void close();

    /**
     * The connection settings keyed by the {@link RuntimeEnv} names every pipeline process reads,
     * in a stable order.
     */
    default Map<String, String> connectionProperties() {
        return connectionProperties(true, true);
    }

    /** The settings of the servers asked for, in a stable order (a stack may run only one of them). */
    default Map<String, String> connectionProperties(boolean withKafka, boolean withS3) {
        Map<String, String> env = new LinkedHashMap<>();
        if (withKafka) {
            env.put(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers());
        }
        if (withS3) {
            env.put(RuntimeEnv.S3_ENDPOINT, s3Endpoint());
            env.put(RuntimeEnv.S3_REGION, s3Region());
            env.put(RuntimeEnv.S3_ACCESS_KEY_ID, s3AccessKey());
            env.put(RuntimeEnv.S3_SECRET_ACCESS_KEY, s3SecretKey());
            env.put(RuntimeEnv.S3_PATH_STYLE, "true");
            env.put(RuntimeEnv.LAKE_BUCKET, bucket());
        }
        return env;
    }

    /**
     * Writes {@link #connectionProperties()} as {@code KEY=VALUE} lines: readable by
     * {@code java.util.Properties}, by {@code set -a; . FILE} in a shell and as a compose
     * {@code env_file}. Replaced atomically, so a reader never sees half a file; owner-only
     * ({@code 0600}), because it holds the S3 secret.
     */
    default Path writeEnvFile(Path file) {
        StringBuilder text = new StringBuilder("# stockpipe devstack connection settings; regenerated on every start\n");
        connectionProperties().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Path target = file.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the devstack env file " + file, e);
        }
    }
}
