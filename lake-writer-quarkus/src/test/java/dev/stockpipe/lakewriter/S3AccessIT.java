package dev.stockpipe.lakewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStackExtension;
import dev.stockpipe.devstack.StackEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How the packaged writer (prod profile, configured only by the environment) reaches the lake: a half-given
 * pair of static keys stops the start with one sentence; no static keys means the AWS default credentials
 * chain, shown here with the chain's {@code AWS_*} variables against devstack's S3 server (the same chain
 * takes IRSA's web identity token or an instance role on AWS); and an endpoint without {@code S3_PATH_STYLE}
 * means path-style addressing, which S3Proxy on 127.0.0.1 needs. The rest of the rule (no endpoint = AWS
 * itself) is {@code config.S3ConfigurationTest}.
 */
class S3AccessIT {

    @RegisterExtension
    static final DevStackExtension STACK = new DevStackExtension();

    static final Duration LANDING = Duration.ofMinutes(2);

    @Test
    void onlyOneOfTheStaticKeysStopsTheStartWithOneSentenceNamingBoth(StackEndpoints stack) throws Exception {
        for (String missing : List.of("S3_SECRET_ACCESS_KEY", "S3_ACCESS_KEY_ID")) {
            String name = "s3-half-without-" + missing;
            Files.deleteIfExists(Path.of("target", "it-logs", name + ".log"));
            try (WriterProcess writer = WriterProcess.start(name, stack, Map.of(missing, "", "LAKE_CONSUMER_GROUP", name))) {
                assertThat(writer.awaitExit(Duration.ofMinutes(1))).as("exit code").isEqualTo(1);
                String given = missing.equals("S3_ACCESS_KEY_ID") ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID";
                assertThat(writer.logText())
                        .contains("The lake's S3 credentials are incomplete: " + given + " is set but " + missing
                                + " is not; set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY for static keys, or neither"
                                + " to use the AWS default credentials chain")
                        .as("one sentence, no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
            }
        }
    }

    @Test
    void withoutStaticKeysTheDefaultChainSignsAndAnEndpointMeansPathStyle(StackEndpoints stack) throws Exception {
        String group = "s3-default-chain";
        Instant ts = LocalDate.of(2024, 7, 1).atTime(9, 30).toInstant(ZoneOffset.UTC);
        String prefix = LakeContents.realtimeDay(LocalDate.of(2024, 7, 1));
        PackagedWriterIT.startGroupAtTheEnd(stack, group);
        Map<String, String> env = Map.of("S3_ACCESS_KEY_ID", "", "S3_SECRET_ACCESS_KEY", "", "S3_PATH_STYLE", "",
                "AWS_ACCESS_KEY_ID", stack.s3AccessKey(), "AWS_SECRET_ACCESS_KEY", stack.s3SecretKey(),
                "LAKE_CONSUMER_GROUP", group, "LAKE_GROUP_INSTANCE_ID", group);
        try (S3Client s3 = PackagedWriterIT.s3(stack); KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack);
                WriterProcess writer = WriterProcess.start(group, stack, env).awaitReady()) {
            assertThat(writer.logText()).contains("S3 credentials: the AWS default credentials chain");
            producer.send(new ProducerRecord<>(Topics.REALTIME, "CHAIN", PackagedWriterIT.tick("CHAIN", ts, 0))).get();
            await().atMost(LANDING).ignoreExceptions()
                    .until(() -> LakeContents.tickCounts(s3, stack.bucket(), prefix).containsKey("CHAIN#0"));
        }
    }
}
