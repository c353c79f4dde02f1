import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.gaul.s3proxy.AccessGrant;
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
 *
 * <p>Users besides the root user, for least privilege: {@code PUT /minio/admin/v3/stand-in/user} with
 * the root user's Basic credentials and the parameters {@code accessKey}, {@code secretKey} and
 * {@code buckets} (comma-separated) creates or updates a user that may use only those buckets; the
 * {@code mc} stand-in calls it for {@code mc admin user add} and {@code mc admin policy attach}. Users
 * are kept in {@code DIR/.minio-standin-users}, so a restart keeps them.
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
        Users users = new Users(dir.resolve(".minio-standin-users"));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://0.0.0.0:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, user, password)
                .build();
        // S3Proxy keeps its Jetty server private: wrap its handler so the health paths answer 200
        Field field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        server.setHandler(new Health(server.getHandler(), users, user, password));
        proxy.setBlobStoreLocator((identity, container, blob) -> {
            if (user.equals(identity)) {
                return new AccessGrant(password, store);
            }
            Users.User u = users.get(identity);
            if (u == null || (container != null && !u.buckets().contains(container))) {
                return null;
            }
            return new AccessGrant(u.secret(), store);
        });

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

    /** The users besides root: access key -> secret and allowed buckets, kept in a file. */
    static final class Users {

        record User(String secret, Set<String> buckets) {
        }

        private final Path file;
        private final Map<String, User> users = new ConcurrentHashMap<>();

        Users(Path file) throws IOException {
            this.file = file;
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", -1);
                    if (f.length == 3) {
                        users.put(f[0], new User(f[1], buckets(f[2])));
                    }
                }
            }
        }

        static Set<String> buckets(String csv) {
            return Arrays.stream(csv.split(",")).map(String::trim).filter(b -> !b.isEmpty()).collect(Collectors.toSet());
        }

        User get(String accessKey) {
            return accessKey == null ? null : users.get(accessKey);
        }

        synchronized void put(String accessKey, User user) {
            users.put(accessKey, user);
            String text = users.entrySet().stream()
                    .map(e -> e.getKey() + "\t" + e.getValue().secret() + "\t" + String.join(",", e.getValue().buckets()))
                    .collect(Collectors.joining("\n", "", "\n"));
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Answers MinIO's health checks and the stand-in's user administration; everything else goes to S3Proxy. */
    static final class Health extends Handler.Wrapper {

        private final Users users;
        private final String rootAuthorization;

        Health(Handler inner, Users users, String rootUser, String rootPassword) {
            super(inner);
            this.users = users;
            this.rootAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                    (rootUser + ":" + rootPassword).getBytes(StandardCharsets.UTF_8));
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
            if (path.equals("/minio/admin/v3/stand-in/user")) {
                if (!rootAuthorization.equals(request.getHeaders().get("Authorization"))) {
                    response.setStatus(403);
                } else {
                    var query = Request.extractQueryParameters(request);
                    String accessKey = query.getValue("accessKey");
                    String secretKey = query.getValue("secretKey");
                    if (accessKey == null || secretKey == null || accessKey.isBlank() || secretKey.length() < 8) {
                        response.setStatus(400);
                    } else {
                        String buckets = query.getValue("buckets");
                        users.put(accessKey, new Users.User(secretKey, Users.buckets(buckets == null ? "" : buckets)));
                        response.setStatus(200);
                    }
                }
                callback.succeeded();
                return true;
            }
            return super.handle(request, response, callback);
        }
    }
}
