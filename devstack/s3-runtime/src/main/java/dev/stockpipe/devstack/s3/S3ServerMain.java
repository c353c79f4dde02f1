package dev.stockpipe.devstack.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * Child-JVM entry point of the devstack S3 server: S3Proxy on loopback with AWS v2/v4
 * signature checking, backed by a directory (objects survive a restart) or by memory.
 *
 * <p>Protocol with the launcher ({@code dev.stockpipe.devstack.ChildServer}): arguments
 * {@code --port N [--data-dir DIR] --buckets a,b}; the access key and secret come from the
 * environment variables {@value #ACCESS_KEY_ENV} and {@value #SECRET_KEY_ENV} (kept off the
 * command line); prints {@value #READY_LINE} once it serves and the buckets exist; stops on
 * SIGTERM and when its stdin reaches end-of-file (the launcher died).
 */
public final class S3ServerMain {

    static final String READY_LINE = "DEVSTACK-READY";
    static final String ACCESS_KEY_ENV = "DEVSTACK_CHILD_S3_ACCESS_KEY";
    static final String SECRET_KEY_ENV = "DEVSTACK_CHILD_S3_SECRET_KEY";
    private static final String HOST = "127.0.0.1";

    private S3ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int port = Integer.parseInt(required(options, "port"));
        String dataDir = options.get("data-dir");
        List<String> buckets = splitList(options.getOrDefault("buckets", ""));
        String accessKey = requiredEnv(ACCESS_KEY_ENV);
        String secretKey = requiredEnv(SECRET_KEY_ENV);

        BlobStore blobStore = openBlobStore(dataDir);
        for (String bucket : buckets) {
            if (!blobStore.containerExists(bucket)) {
                blobStore.createContainer(bucket);
            }
        }

        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();

        // Jetty's threads are not daemons: the JVM ends only after an explicit stop
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
                blobStore.close();
            } catch (Exception e) {
                e.printStackTrace(System.out);
            } finally {
                stopped.countDown();
            }
        }, "devstack-s3-shutdown"));
        exitWhenParentGoes();

        proxy.start(); // Jetty's start is synchronous: bound and serving, or an exception
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("S3Proxy did not start on port " + port + ": state " + proxy.getState());
        }
        System.out.println(READY_LINE + " endpoint=http://" + HOST + ":" + port);
        System.out.flush();
        stopped.await();
    }

    private static BlobStore openBlobStore(String dataDir) throws IOException {
        if (dataDir == null || dataDir.isBlank()) {
            return new TransientNio2BlobStore();
        }
        Path base = Path.of(dataDir).toAbsolutePath();
        Files.createDirectories(base);
        return new FilesystemNio2BlobStore(base.toString());
    }

    /** The launcher keeps our stdin open while it lives; end-of-file means it is gone. */
    private static void exitWhenParentGoes() {
        Thread watchdog = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent on stdin; only its end matters
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end-of-file
            }
            System.exit(0);
        }, "devstack-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing required argument --" + name);
        }
        return value;
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Missing required environment variable " + name);
        }
        return value;
    }

    private static List<String> splitList(String csv) {
        List<String> values = new ArrayList<>();
        for (String value : csv.split(",")) {
            if (!value.isBlank()) {
                values.add(value.trim());
            }
        }
        return values;
    }
}
