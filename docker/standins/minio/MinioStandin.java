import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * Stand-in for the MinIO server where no image registry answers, written for this project: S3Proxy
 * 4.1.0 (an S3-compatible server, filesystem backend) behind MinIO's command line and conventions —
 * {@code minio server DIR [--address :9000] [--console-address :9001]}, credentials from
 * {@code MINIO_ROOT_USER} / {@code MINIO_ROOT_PASSWORD}, and MinIO's health endpoints
 * {@code /minio/health/live} and {@code /minio/health/ready} — so docker-compose.yml and
 * Testcontainers' MinIOContainer run it as they run MinIO. (No console: the address is accepted.)
 */
public final class MinioStandin {

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !"server".equals(args[0])) {
            System.err.println("usage: minio server DIR [--address :9000] [--console-address :9001]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        int port = 9000;
        for (int i = 2; i + 1 < args.length; i++) {
            if ("--address".equals(args[i])) {
                port = Integer.parseInt(args[i + 1].substring(args[i + 1].lastIndexOf(':') + 1));
            }
        }
        String user = System.getenv().getOrDefault("MINIO_ROOT_USER", "minioadmin");
        String password = System.getenv().getOrDefault("MINIO_ROOT_PASSWORD", "minioadmin");
        Files.createDirectories(dir);
        FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://0.0.0.0:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, user, password)
                .build();
        // S3Proxy keeps its Jetty server private: wrap its handler so the health paths answer 200
        Field field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        server.setHandler(new Health(server.getHandler()));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        proxy.start();
        System.out.println("S3-API: http://0.0.0.0:" + port + " (MinIO stand-in: S3Proxy, data in " + dir + ")");
        System.out.flush();
        stopped.await();
    }

    /** Answers MinIO's health checks itself; everything else goes to S3Proxy. */
    static final class Health extends Handler.Wrapper {

        Health(Handler inner) {
            super(inner);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            if (path.equals("/minio/health/live") || path.equals("/minio/health/ready")
                    || path.equals("/minio/health/cluster")) {
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
            return super.handle(request, response, callback);
        }
    }
}
