package dev.stockpipe.dashboard.daily;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.LakeKey;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.dashboard.config.DashboardConfig;
import dev.stockpipe.dashboard.view.DailyRow;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads the newest trade date of the daily metrics from the processed zone, the warehouse-loader's way:
 * list {@code processed/historical/date=…/} over the S3 API, download that date's Parquet files, and
 * read them with an in-memory DuckDB (its own S3 support needs an extension download that is not
 * possible everywhere). The S3 client is built on first use, so a missing or wrong lake setting is a
 * reason on the page, not a failed start.
 */
final class DailyLakeReader implements AutoCloseable {

    private final DashboardConfig.Daily config;
    private final LakeLayout layout;
    private S3Client s3;

    DailyLakeReader(DashboardConfig.Daily config) {
        this.config = config;
        this.layout = new LakeLayout(LakeLayout.DEFAULT_RAW_ROOT, config.processedRoot());
    }

    /** The rows of the newest trade date, one per symbol; throws with a reason fit for the page. */
    List<DailyRow> readNewest() throws IOException, SQLException {
        S3Client client = client();
        String root = layout.processedHistoricalRoot();
        Map<LocalDate, List<String>> byDate = new TreeMap<>();
        try {
            client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(config.bucket()).prefix(root).build())
                    .contents().stream().map(S3Object::key).filter(k -> k.endsWith(".parquet"))
                    .forEach(key -> layout.parse(key).ifPresent(parsed -> {
                        if (parsed instanceof LakeKey.ProcessedHistorical h) {
                            byDate.computeIfAbsent(h.tradeDate(), d -> new ArrayList<>()).add(key);
                        }
                    }));
        } catch (RuntimeException e) {
            throw new IOException("cannot list s3://" + config.bucket() + "/" + root + " (" + e.getMessage() + ")", e);
        }
        if (byDate.isEmpty()) {
            throw new IOException("no Parquet files under s3://" + config.bucket() + "/" + root + " yet (run the daily Spark job)");
        }
        LocalDate newest = ((TreeMap<LocalDate, List<String>>) byDate).lastKey();
        Path dir = Files.createTempDirectory("dashboard-daily-");
        try {
            List<String> local = new ArrayList<>();
            int n = 0;
            for (String key : byDate.get(newest)) {
                Path target = dir.resolve("part-" + (n++) + ".parquet");
                client.getObject(GetObjectRequest.builder().bucket(config.bucket()).key(key).build(), target);
                local.add(target.toString());
            }
            return query(local, newest);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static List<DailyRow> query(List<String> files, LocalDate tradeDate) throws SQLException {
        String sql = "SELECT " + String.join(", ", Fields.SYMBOL, Fields.DAILY_OPEN, Fields.DAILY_HIGH, Fields.DAILY_LOW,
                Fields.DAILY_CLOSE, Fields.DAILY_VOLUME, Fields.PCT_CHANGE) + " FROM read_parquet(?, hive_partitioning = false)";
        List<DailyRow> rows = new ArrayList<>();
        // the driver itself, not DriverManager: under Quarkus' class loaders DriverManager may not see it
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
                PreparedStatement ps = duck.prepareStatement(sql)) {
            ps.setObject(1, duck.createArrayOf("VARCHAR", files.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DailyRow(rs.getString(1), tradeDate.toString(), rs.getDouble(2), rs.getDouble(3),
                            rs.getDouble(4), rs.getDouble(5), rs.getLong(6), rs.getDouble(7)));
                }
            }
        }
        rows.sort(Comparator.comparing(DailyRow::symbol));
        return rows;
    }

    private S3Client client() {
        if (s3 == null) {
            boolean pathStyle = config.pathStyle().orElse(config.endpoint().filter(e -> !e.isBlank()).isPresent());
            S3ClientBuilder builder = S3Client.builder()
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(java.time.Duration.ofSeconds(2))
                            .socketTimeout(java.time.Duration.ofSeconds(20)).build())
                    .region(Region.of(config.region()))
                    .forcePathStyle(pathStyle)
                    .credentialsProvider(credentials());
            config.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
            s3 = builder.build();
        }
        return s3;
    }

    /** The lake-writer's rule: both keys = static, neither = the AWS default chain, one alone = a mistake. */
    private AwsCredentialsProvider credentials() {
        String id = config.accessKeyId().filter(s -> !s.isBlank()).orElse(null);
        String secret = config.secretAccessKey().filter(s -> !s.isBlank()).orElse(null);
        if (id != null && secret != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
        }
        if (id == null && secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        throw new IllegalStateException("only one of S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY is set; set both or neither");
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
