package dev.stockpipe.ingest.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStack;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.ingest.support.InjectWireMock;
import dev.stockpipe.ingest.support.KafkaReader;
import dev.stockpipe.ingest.support.SeqAudit;
import dev.stockpipe.ingest.support.SimulatorSnapshot;
import dev.stockpipe.ingest.support.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the broker under load, then a restart on the same port and data, against
 * the real broker (devstack child JVM). Each test prints one {@code OUTAGE-RESULT} line with the
 * numbers for the closing note.
 *
 * <ul>
 * <li>simulator, {@code slow-down}, 60 s outage: generation pauses once the in-flight limit is
 * full; afterwards the topic holds every generated seq exactly once, in order, and nothing
 * counts as failed or dropped;</li>
 * <li>simulator, {@code drop}: every tick generated during the outage is counted as dropped, and
 * the holes in the topic are exactly the counted drops and gaps;</li>
 * <li>both: {@code /q/health/live} answers 200 within 1 s throughout, {@code /q/health/ready}
 * goes DOWN and comes back UP;</li>
 * <li>backfill: a short outage is ridden out and the run commits exactly once; a long one fails
 * the run with one sentence, and the rerun with the same run id lands each bar once for
 * {@code read_committed} readers although the aborted attempt's bars are still in the log.</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(BrokerOutageIT.Outage.class)
@WithTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = DevStackTestResource.ARG_S3, value = "false"))
@WithTestResource(WireMockResource.class)
class BrokerOutageIT {

    static final int RATE = 5_000;
    static final Duration SLOW_DOWN_OUTAGE = Duration.ofSeconds(60);
    static final Duration DROP_OUTAGE = Duration.ofSeconds(15);
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);
    static final RestAssuredConfig TIMEOUTS = SimulatorSnapshot.TIMEOUTS;

    /** A short ack timeout, so the "long outage" case fails within half a minute. */
    public static class Outage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.historical.ack-timeout", ACK_TIMEOUT.toString(),
                    "kafka.max.block.ms", "5000");
        }
    }

    /** Two daily bars (2024-01-02 and 2024-01-03) in the chart API's shape; served for every symbol. */
    static final String CHART = """
            {"chart":{"result":[{"meta":{"currency":"USD","exchangeTimezoneName":"America/New_York"},
            "timestamp":[1704205800,1704292200],
            "indicators":{"quote":[{"open":[187.15,184.22],"high":[188.44,185.88],"low":[183.89,183.43],
            "close":[185.64,184.25],"volume":[82488700,58414500]}],"adjclose":[{"adjclose":[184.94,183.55]}]}}],"error":null}}
            """;
    static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA");

    @InjectDevStack
    DevStack stack;

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void yahoo() {
        wireMock.resetAll();
        for (String s : SYMBOLS) {
            // MSFT answers late, so the run is between symbols, with a transaction open, when the broker dies
            int delay = s.equals("MSFT") ? 4_000 : 0;
            wireMock.stubFor(get(urlPathEqualTo("/v8/finance/chart/" + s)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(CHART).withFixedDelay(delay)));
        }
    }

    @AfterEach
    void brokerBack() {
        if (!stack.isKafkaRunning()) {
            stack.startKafka();
        }
        given().post("/simulator/stop");
        // the next test starts from a ready service: a backfill asked for while the last Kafka probe still
        // says unreachable (the previous outage, or a probe that timed out on busy cores) is refused with 503
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().config(TIMEOUTS).get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void slowDownPausesGenerationAndLosesNothingAcrossAKilledBroker() {
        SimulatorSnapshot before = SimulatorSnapshot.take();
        given().post("/simulator/start?rate=" + RATE + "&backpressure=slow-down").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> SimulatorSnapshot.take().sent() >= before.sent() + 10_000);

        OutageWatch watch = outage(SLOW_DOWN_OUTAGE);

        await().atMost(Duration.ofSeconds(60)).until(() -> SimulatorSnapshot.take().sent() >= watch.atEnd().generated() + 10_000);
        given().post("/simulator/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> SimulatorSnapshot.take().inFlight() == 0);
        SimulatorSnapshot after = SimulatorSnapshot.take();

        // while the broker was gone, generation stopped once the in-flight limit was full
        SimulatorSnapshot tenSecondsBeforeRestart = watch.sampleAt(SLOW_DOWN_OUTAGE.minusSeconds(10));
        assertThat(watch.atEnd().generated()).as("generated during the last 10 s of the outage")
                .isEqualTo(tenSecondsBeforeRestart.generated());
        assertThat(watch.atEnd().inFlight()).isEqualTo(16_384);

        SeqAudit topic = SeqAudit.of(stack.kafkaBootstrapServers(), Topics.REALTIME, before, after);
        long generated = after.generated() - before.generated();
        assertThat(after.dropped() - before.dropped()).as("dropped").isZero();
        assertThat(after.failed() - before.failed()).as("failed").isZero();
        assertThat(after.sent() - before.sent()).as("sent").isEqualTo(generated);
        assertThat(topic.duplicates()).as("duplicate seqs").isZero();
        assertThat(topic.outOfOrder()).as("seqs out of order").isZero();
        assertThat(topic.missing()).as("seqs missing from the topic").isZero();
        assertThat(topic.distinct()).isEqualTo(generated);

        print("slow-down", watch, before, after, topic);
    }

    @Test
    void dropCountsEveryTickGeneratedWhileTheBrokerIsGoneAndEachHole() {
        SimulatorSnapshot before = SimulatorSnapshot.take();
        given().post("/simulator/start?rate=" + RATE + "&backpressure=drop").then().statusCode(200)
                .body("backpressure", org.hamcrest.Matchers.equalTo("drop"));
        await().atMost(Duration.ofSeconds(60)).until(() -> SimulatorSnapshot.take().sent() >= before.sent() + 10_000);

        OutageWatch watch = outage(DROP_OUTAGE);

        await().atMost(Duration.ofSeconds(60)).until(() -> SimulatorSnapshot.take().sent() >= watch.atEnd().generated() + 10_000);
        given().post("/simulator/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> SimulatorSnapshot.take().inFlight() == 0);
        SimulatorSnapshot after = SimulatorSnapshot.take();

        SeqAudit topic = SeqAudit.of(stack.kafkaBootstrapServers(), Topics.REALTIME, before, after);
        long generated = after.generated() - before.generated();
        long dropped = after.dropped() - before.dropped();
        assertThat(dropped).as("ticks dropped while the broker was gone").isGreaterThan(RATE * 5L);
        assertThat(after.failed() - before.failed()).as("failed").isZero();
        assertThat(after.sent() - before.sent() + dropped).isEqualTo(generated);
        assertThat(topic.duplicates()).isZero();
        assertThat(topic.outOfOrder()).isZero();
        assertThat(topic.distinct()).as("distinct seqs in the topic = generated - dropped").isEqualTo(generated - dropped);
        topic.assertHolesAreTheCountedDrops(before, after);
        assertThat(metric("ingest_ticks_dropped_total")).isEqualTo((double) after.dropped());
        assertThat(metric("ingest_seq_gaps_total")).isEqualTo((double) after.gaps());

        print("drop", watch, before, after, topic);
    }

    @Test
    void aBackfillRidesOutAShortOutageAndCommitsExactlyOnce() {
        String runId = "outage-ride-out";
        startBackfill(runId);
        await().atMost(Duration.ofSeconds(30)).until(() -> backfill(runId).getList("symbols_done").contains("AAPL"));

        long killed = System.nanoTime();
        stack.killKafka();
        await().atMost(Duration.ofSeconds(15)).until(() -> given().config(TIMEOUTS).get("/q/health/ready").statusCode() == 503);
        stack.startKafka();
        double outage = seconds(System.nanoTime() - killed);

        await().atMost(Duration.ofSeconds(90)).until(() -> !backfill(runId).getString("status").equals("running"));
        JsonPath done = backfill(runId);
        assertThat(done.getString("status")).as("%s", done.prettify()).isEqualTo("succeeded");

        Landed landed = Landed.read(stack.kafkaBootstrapServers(), runId, true);
        assertThat(landed.bars()).isEqualTo(6);
        assertThat(landed.distinctBars()).isEqualTo(6);
        assertThat(landed.markers()).hasSize(3);
        assertThat(landed.markers().values()).allMatch(m -> m.recordsSent() == 6);
        System.out.printf("OUTAGE-RESULT backfill-ride-out outage_s=%.1f ack_timeout_s=%d status=%s bars_committed=%d "
                + "distinct=%d markers=%d elapsed_s=%.1f%n", outage, ACK_TIMEOUT.toSeconds(), done.getString("status"),
                landed.bars(), landed.distinctBars(), landed.markers().size(), seconds(System.nanoTime() - killed));
    }

    @Test
    void aLongOutageFailsTheBackfillInOneSentenceAndTheRerunLandsEachBarOnce() {
        String runId = "outage-rerun";
        startBackfill(runId);
        await().atMost(Duration.ofSeconds(30)).until(() -> backfill(runId).getList("symbols_done").contains("AAPL"));

        long killed = System.nanoTime();
        stack.killKafka();
        await().atMost(ACK_TIMEOUT.plusSeconds(60)).until(() -> backfill(runId).getString("status").equals("failed"));
        double failedAfter = seconds(System.nanoTime() - killed);
        JsonPath failed = backfill(runId);
        String error = failed.getString("errors[0]");
        assertThat(error).doesNotContain("\n").contains("did not answer within", "rerun with run id " + runId);
        assertThat(failed.getInt("markers_sent")).isZero();
        // while readiness is DOWN a new backfill is refused at once, with the reason
        io.restassured.response.Response refused = given().contentType(ContentType.JSON)
                .body("{\"from\":\"2024-01-02\",\"to\":\"2024-01-03\",\"run_id\":\"outage-refused\"}").post("/backfills");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(503);
        assertThat(refused.jsonPath().getString("error")).contains("The backfill was not started: Kafka at", "/q/health/ready");

        stack.startKafka();
        double outage = seconds(System.nanoTime() - killed);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().config(TIMEOUTS).get("/q/health/ready").statusCode() == 200);

        startBackfill(runId); // a failed run may be started again under its id
        await().atMost(Duration.ofSeconds(90)).until(() -> !backfill(runId).getString("status").equals("running"));
        assertThat(backfill(runId).getString("status")).isEqualTo("succeeded");

        Landed committed = Landed.read(stack.kafkaBootstrapServers(), runId, true);
        Landed everything = Landed.read(stack.kafkaBootstrapServers(), runId, false);
        assertThat(committed.bars()).as("bars a read_committed consumer sees").isEqualTo(6);
        assertThat(committed.distinctBars()).isEqualTo(6);
        assertThat(committed.markers()).hasSize(3);
        assertThat(everything.bars()).as("the aborted attempt's bars are still in the log").isGreaterThan(6);
        System.out.printf("OUTAGE-RESULT backfill-rerun outage_s=%.1f failed_after_s=%.1f error=\"%s\" "
                + "rerun_bars_committed=%d distinct=%d markers=%d bars_in_log_incl_aborted=%d%n", outage, failedAfter, error,
                committed.bars(), committed.distinctBars(), committed.markers().size(), everything.bars());
    }

    // ---- the outage itself -------------------------------------------------------------

    /**
     * Kills the broker, checks health once a second for {@code length} — liveness 200 within 1 s
     * every time, readiness DOWN within 10 s and from then on — then restarts the broker and waits
     * for readiness UP.
     */
    private OutageWatch outage(Duration length) {
        OutageWatch watch = new OutageWatch(System.nanoTime());
        stack.killKafka();
        await().atMost(length.plusSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long t0 = System.nanoTime();
            int live = given().config(TIMEOUTS).get("/q/health/live").statusCode();
            long t1 = System.nanoTime();
            int ready = given().config(TIMEOUTS).get("/q/health/ready").statusCode();
            long t2 = System.nanoTime();
            long elapsed = t2 - watch.killedAt;
            watch.maxLiveMs = Math.max(watch.maxLiveMs, (t1 - t0) / 1_000_000);
            watch.maxReadyMs = Math.max(watch.maxReadyMs, (t2 - t1) / 1_000_000);
            assertThat(live).as("liveness while the broker is down").isEqualTo(200);
            assertThat((t1 - t0) / 1_000_000).as("liveness answer time (ms)").isLessThan(1_000);
            assertThat((t2 - t1) / 1_000_000).as("readiness answer time (ms)").isLessThan(1_000);
            if (watch.readyDownAfter < 0 && ready == 503) {
                watch.readyDownAfter = seconds(elapsed);
            }
            if (watch.readyDownAfter >= 0) {
                assertThat(ready).as("readiness once it went DOWN, broker still down").isEqualTo(503);
            }
            watch.samples.add(new Sample(elapsed, SimulatorSnapshot.take()));
            return elapsed >= length.toNanos();
        });
        assertThat(watch.readyDownAfter).as("seconds until readiness went DOWN").isBetween(0.0, 10.0);
        stack.startKafka();
        watch.outageSeconds = seconds(System.nanoTime() - watch.killedAt);
        long restarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().config(TIMEOUTS).get("/q/health/ready").statusCode() == 200);
        watch.readyUpAfter = seconds(System.nanoTime() - restarted);
        return watch;
    }

    static final class OutageWatch {
        final long killedAt;
        final List<Sample> samples = new ArrayList<>();
        long maxLiveMs;
        long maxReadyMs;
        double readyDownAfter = -1;
        double readyUpAfter;
        double outageSeconds;

        OutageWatch(long killedAt) {
            this.killedAt = killedAt;
        }

        SimulatorSnapshot atEnd() {
            return samples.get(samples.size() - 1).snapshot();
        }

        /** The last sample taken at or before {@code t} after the kill. */
        SimulatorSnapshot sampleAt(Duration t) {
            SimulatorSnapshot s = samples.get(0).snapshot();
            for (Sample sample : samples) {
                if (sample.elapsedNanos() <= t.toNanos()) {
                    s = sample.snapshot();
                }
            }
            return s;
        }
    }

    record Sample(long elapsedNanos, SimulatorSnapshot snapshot) {
    }

    private static void print(String policy, OutageWatch w, SimulatorSnapshot before, SimulatorSnapshot after, SeqAudit topic) {
        System.out.printf("OUTAGE-RESULT simulator policy=%s rate=%d outage_s=%.1f generated=%d sent=%d dropped=%d "
                        + "seq_gaps=%d failed=%d distinct_in_topic=%d duplicates=%d missing=%d out_of_order=%d "
                        + "generated_during_outage=%d max_live_ms=%d max_ready_ms=%d ready_down_after_s=%.1f "
                        + "ready_up_after_restart_s=%.1f%n",
                policy, RATE, w.outageSeconds, after.generated() - before.generated(), after.sent() - before.sent(),
                after.dropped() - before.dropped(), after.gaps() - before.gaps(), after.failed() - before.failed(),
                topic.distinct(), topic.duplicates(), topic.missing(), topic.outOfOrder(),
                w.atEnd().generated() - w.samples.get(0).snapshot().generated(), w.maxLiveMs, w.maxReadyMs,
                w.readyDownAfter, w.readyUpAfter);
    }

    // ---- backfills --------------------------------------------------------------------------

    private static void startBackfill(String runId) {
        given().contentType(ContentType.JSON).body("{\"source\":\"yahoo\",\"symbols\":[\"AAPL\",\"MSFT\",\"NVDA\"],"
                + "\"from\":\"2024-01-02\",\"to\":\"2024-01-03\",\"interval\":\"1d\",\"run_id\":\"" + runId + "\"}")
                .post("/backfills").then().statusCode(202);
    }

    private static JsonPath backfill(String runId) {
        return given().config(TIMEOUTS).get("/backfills/" + runId).then().statusCode(200).extract().jsonPath();
    }

    /** The bars and markers of one run in {@code stock.historical}, as a committed-only or a read-everything consumer sees them. */
    record Landed(long bars, long distinctBars, Map<Integer, EndOfRun> markers) {

        static Landed read(String bootstrap, String runId, boolean committedOnly) {
            List<ConsumerRecord<String, byte[]>> records;
            try (KafkaReader reader = committedOnly ? new KafkaReader(bootstrap, Topics.HISTORICAL)
                    : KafkaReader.everything(bootstrap, Topics.HISTORICAL)) {
                records = reader.readToEnd(Duration.ofSeconds(60));
            }
            long bars = 0;
            Set<String> distinct = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                if (BackfillIT.isMarker(r)) {
                    continue;
                }
                var bar = JsonCodec.readTree(r.value());
                if (runId.equals(bar.path("run_id").asText())) {
                    bars++;
                    distinct.add(bar.path("symbol").asText() + "@" + bar.path("ts").asText());
                }
            }
            Map<Integer, EndOfRun> markers = committedOnly ? BackfillIT.markersOf(records, runId) : Map.of();
            return new Landed(bars, distinct.size(), markers);
        }
    }

    private static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in /q/metrics"));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
