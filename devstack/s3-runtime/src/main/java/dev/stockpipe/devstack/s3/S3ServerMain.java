package dev.stockpipe.devstack.s3;

import static dev.stockpipe.devstack.child.ChildProcess.exitWhenParentGoes;
import static dev.stockpipe.devstack.child.ChildProcess.parse;
import static dev.stockpipe.devstack.child.ChildProcess.required;
import static dev.stockpipe.devstack.child.ChildProcess.splitList;

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

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Missing required environment variable " + name);
        }
        return value;
    }

}
