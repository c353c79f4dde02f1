package dev.stockpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.ExchangeCalendar;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.contracts.fixtures.TimestampVectors;
import dev.stockpipe.devstack.DevStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every timestamp form the contracts accept (the shared vectors), sent as bars and ticks through the
 * real chain — Kafka, the packaged lake-writer, Spark's daily and window jobs, the loader into DuckDB
 * — arrives as the instant it means, to the microsecond.
 *
 * <p>How the microsecond is checked: each vector bar has two neighbours of its own symbol, one
 * microsecond before and one after its instant, in the canonical form. The daily open is the open of
 * the earliest bar and the close that of the latest, so the warehouse shows the neighbours' values
 * (1 and 3) only if every reader placed the vector bar exactly between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimestampFormsIT {

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** After every vector instant: pushes the window job's watermark past all their windows. */
    private static final Instant CLOCK = Instant.parse("2026-10-29T18:00:00Z");

    private final Path dir = Path.of("target/timestamp-forms-it").toAbsolutePath();
    private final List<TimestampVectors.Accepted> vectors = TimestampVectors.accepted();
    private DevStack stack;
    private ManagedProcess writer;
    private Services services;
    private Map<String, String> env;

    @BeforeAll
    void start() throws Exception {
        deleteTree(dir);
        Path home = Path.of(System.getProperty("stockpipe.home", "..")).toAbsolutePath().normalize();
        stack = DevStack.builder().dataDir(dir.resolve("devstack")).build().start();
        env = new HashMap<>(stack.connectionProperties());
        services = new Services(home, dir.resolve("logs"));
        Map<String, String> writerEnv = new HashMap<>(env);
        writerEnv.put("LAKE_ROTATION_MAX_AGE", "2s");
        writer = services.startQuarkus("lake-writer", Services.freePort(), writerEnv, Duration.ofMinutes(3));
    }

    @AfterAll
    void stop() {
        if (writer != null) {
            writer.stop(Duration.ofSeconds(20));
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static String barSymbol(int i) {
        return "TSB" + (char) ('A' + i);
    }

    private static String tickSymbol(int i) {
        return "TST" + (char) ('A' + i);
    }

    private static String bar(String symbol, String ts, double price) {
        return "{\"symbol\":\"" + symbol + "\",\"ts\":\"" + ts + "\",\"interval\":\"1m\",\"open\":" + price + ",\"high\":"
                + (price + 0.5) + ",\"low\":" + (price - 0.5) + ",\"close\":" + price
                + ",\"adj_close\":null,\"volume\":10,\"source\":\"csv\",\"run_id\":\"ts-forms\"}";
    }

    private static String tick(String symbol, String ts, double price, long seq) {
        return "{\"symbol\":\"" + symbol + "\",\"ts\":\"" + ts + "\",\"price\":" + price + ",\"volume\":7,\"seq\":" + seq
                + ",\"source\":\"simulator\"}";
    }

    @Test
    void everyAcceptedFormReachesTheWarehouseAsTheInstantItMeans() throws Exception {
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(15);
        int bars = 0;
        int ticks = 0;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < vectors.size(); i++) {
                TimestampVectors.Accepted v = vectors.get(i);
                String s = barSymbol(i);
                producer.send(new ProducerRecord<>(Topics.HISTORICAL, s, bar(s, MICROS.format(v.utc().minus(1, ChronoUnit.MICROS)), 1)));
                producer.send(new ProducerRecord<>(Topics.HISTORICAL, s, bar(s, v.text(), 2)));
                producer.send(new ProducerRecord<>(Topics.HISTORICAL, s, bar(s, MICROS.format(v.utc().plus(1, ChronoUnit.MICROS)), 3)));
                bars += 3;
                producer.send(new ProducerRecord<>(Topics.REALTIME, tickSymbol(i), tick(tickSymbol(i), v.text(), 10 + i, 1)));
                ticks++;
            }
            producer.send(new ProducerRecord<>(Topics.REALTIME, "CLOCK", tick("CLOCK", MICROS.format(CLOCK), 1, 1)));
            ticks++;
            producer.flush();
        }

        try (LakeReader lake = new LakeReader(env)) {
            int expectedBars = bars;
            int expectedTicks = ticks;
            LakeReader.poll(Duration.ofMinutes(2), () -> lake.rawLines(LakeLayout.DEFAULT.rawHistoricalRoot()).size() == expectedBars
                            && lake.rawLines(LakeLayout.DEFAULT.rawRealtimeRoot()).size() == expectedTicks ? Optional.of(true) : Optional.empty(),
                    () -> "the lake-writer did not land " + expectedBars + " bars and " + expectedTicks + " ticks (none may be dead-lettered)");
        }

        // daily path: one job over the whole range, one load per trading date (the loader refuses a trading day without data)
        TreeSet<LocalDate> dates = new TreeSet<>();
        vectors.forEach(v -> dates.add(v.utc().atZone(ExchangeCalendar.ZONE).toLocalDate()));
        Services.JobRun daily = services.job("spark-job:daily-metrics", List.of("daily-metrics", "--from", dates.first().toString(),
                "--to", dates.last().toString(), "--run-id", "ts-forms"), env, Duration.ofMinutes(10));
        assertThat(daily.count("invalid_rows")).isZero();
        assertThat(daily.count("lines_read")).isEqualTo(bars);
        Path warehouse = dir.resolve("warehouse.duckdb");
        for (LocalDate date : dates) {
            services.job("loader:load", List.of("load", "--date", date.toString(), "--run-id", "ts-forms", "--warehouse", "duckdb",
                    "--duckdb-file", warehouse.toString()), env, Duration.ofMinutes(5));
        }
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse, new Properties());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT symbol, trade_date, daily_open, daily_close, daily_high, daily_low, bar_count "
                        + "FROM DAILY_STOCK_METRICS")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getDate(2).toLocalDate() + " open=" + rs.getDouble(3) + " close=" + rs.getDouble(4)
                        + " high=" + rs.getDouble(5) + " low=" + rs.getDouble(6) + " bars=" + rs.getLong(7));
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < vectors.size(); i++) {
            expected.put(barSymbol(i), vectors.get(i).utc().atZone(ExchangeCalendar.ZONE).toLocalDate()
                    + " open=1.0 close=3.0 high=3.5 low=0.5 bars=3");
        }
        assertThat(rows).as("warehouse rows per vector (%s)", vectors).isEqualTo(expected);

        // window path: each vector tick is counted in exactly the 15m windows that contain its instant
        Services.JobRun window = services.job("spark-job:window-metrics", List.of("window-metrics", "--available-now",
                "--run-id", "ts-forms", "--slide", "5m", "--watermark", "2m"), env, Duration.ofMinutes(10));
        assertThat(window.count("invalid_rows")).isZero();
        assertThat(window.count("lines_read")).isEqualTo(ticks);
        Map<String, TreeSet<Instant>> starts = windowStarts(WindowSize.FIFTEEN_MINUTES);
        for (int i = 0; i < vectors.size(); i++) {
            Instant u = vectors.get(i).utc();
            TreeSet<Instant> want = new TreeSet<>();
            long slide = Duration.ofMinutes(5).toSeconds();
            Instant last = Instant.ofEpochSecond(Math.floorDiv(u.getEpochSecond(), slide) * slide);
            for (Instant s = last; s.isAfter(u.minus(Duration.ofMinutes(15))); s = s.minus(Duration.ofMinutes(5))) {
                want.add(s);
            }
            assertThat(starts.get(tickSymbol(i))).as("15m windows of %s (%s)", vectors.get(i).text(), u).isEqualTo(want);
        }
    }

    /** symbol → window starts of the processed window table, read from the lake's Parquet with DuckDB. */
    private Map<String, TreeSet<Instant>> windowStarts(WindowSize size) throws Exception {
        Path local = dir.resolve("windows-" + size.code());
        Files.createDirectories(local);
        try (LakeReader lake = new LakeReader(env)) {
            int n = 0;
            for (String key : lake.keys(LakeLayout.DEFAULT.processedRealtimeRoot(size))) {
                if (key.endsWith(".parquet")) {
                    Files.write(local.resolve("part-" + (n++) + ".parquet"), lake.get(key));
                }
            }
            assertThat(n).as("window parquet files").isPositive();
        }
        Map<String, TreeSet<Instant>> starts = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", new Properties());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT symbol, epoch_us(window_start) FROM read_parquet('" + local + "/*.parquet')")) {
            while (rs.next()) {
                starts.computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                        .add(Instant.EPOCH.plus(rs.getLong(2), ChronoUnit.MICROS));
            }
        }
        return starts;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
