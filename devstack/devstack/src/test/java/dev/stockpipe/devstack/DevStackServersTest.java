package dev.stockpipe.devstack;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.contracts.Topics;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The default stack, as other modules' tests get it: real clients against the real servers. */
@ExtendWith(DevStackExtension.class)
class DevStackServersTest {

    @Test
    void createsEveryPipelineTopicWithThreePartitions(StackEndpoints stack) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get(30, TimeUnit.SECONDS);

            assertThat(topics).containsOnlyKeys(Topics.ALL);
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));

            for (String topic : Topics.ALL) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                        .get(resource).get("cleanup.policy").value();
                assertThat(policy).as(topic).isEqualTo(Topics.COMPACTED.contains(topic) ? "compact" : "delete");
            }
        }
    }

    @Test
    void recordsGoThroughTheBrokerToAConsumerGroupInKeyOrder(StackEndpoints stack) throws Exception {
        Map<String, String> sent = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            sent.put("SYM" + (i % 4) + "#" + i, "{\"price\":" + (100 + i) + "}");
        }
        try (KafkaProducer<String, String> producer = TestClients.producer(stack)) {
            for (Map.Entry<String, String> record : sent.entrySet()) {
                String symbol = record.getKey().substring(0, 4);
                producer.send(new ProducerRecord<>(Topics.REALTIME, symbol, record.getKey() + "|" + record.getValue())).get();
            }
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = TestClients.consumer(stack, "round-trip-test")) {
            consumer.subscribe(List.of(Topics.REALTIME));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                assertThat(received).hasSize(sent.size());
            });
        }

        assertThat(received).extracting(r -> r.value().split("\\|", 2)[0]).containsExactlyInAnyOrderElementsOf(sent.keySet());
        // one symbol, one partition: its records arrive in the order they were sent
        Map<String, List<Integer>> sequenceBySymbol = received.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> Integer.parseInt(r.value().split("[#|]")[1]), Collectors.toList())));
        assertThat(sequenceBySymbol).hasSize(4);
        sequenceBySymbol.values().forEach(sequence -> assertThat(sequence).isSorted());
        assertThat(received.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(ConsumerRecord::partition, Collectors.toSet()))).values()).allSatisfy(p -> assertThat(p).hasSize(1));
    }

    @Test
    void topicsAreNotCreatedOnFirstUse(StackEndpoints stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("stock.typo", "k", "v")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not present in metadata");
        }
    }

    @Test
    void objectsCanBePutListedAndReadBackWithTheAwsSdk(StackEndpoints stack) {
        try (S3Client s3 = TestClients.s3(stack)) {
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(RuntimeEnv.DEFAULT_BUCKET);

            s3.putObject(b -> b.bucket(stack.bucket()).key("raw/realtime/year=2026/a.jsonl"), RequestBody.fromString("{\"a\":1}\n"));
            s3.putObject(b -> b.bucket(stack.bucket()).key("raw/realtime/year=2026/b.jsonl"), RequestBody.fromString("{\"b\":2}\n"));
            s3.putObject(b -> b.bucket(stack.bucket()).key("processed/other.parquet"), RequestBody.fromBytes(new byte[] {1, 2, 3}));

            ListObjectsV2Response listed = s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("raw/realtime/"));
            assertThat(listed.contents()).extracting(S3Object::key)
                    .containsExactly("raw/realtime/year=2026/a.jsonl", "raw/realtime/year=2026/b.jsonl");
            String body = s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("raw/realtime/year=2026/b.jsonl"))
                    .asString(StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("{\"b\":2}\n");
        }
    }

    @Test
    void requestsSignedWithAnotherSecretAreRejected(StackEndpoints stack) {
        try (S3Client s3 = TestClients.s3(stack, "not-the-secret")) {
            assertThatThrownBy(s3::listBuckets).isInstanceOfSatisfying(S3Exception.class,
                    e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void bucketCreatorSignsAPutTheServerAccepts(StackEndpoints stack) {
        S3BucketCreator creator = new S3BucketCreator(stack.s3Endpoint(), stack.s3Region(), stack.s3AccessKey(), stack.s3SecretKey());
        creator.ensureBucket("created-by-sigv4");
        creator.ensureBucket("created-by-sigv4"); // already ours: still fine

        try (S3Client s3 = TestClients.s3(stack)) {
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("created-by-sigv4");
        }
        S3BucketCreator wrongSecret = new S3BucketCreator(stack.s3Endpoint(), stack.s3Region(), stack.s3AccessKey(), "wrong");
        assertThatThrownBy(() -> wrongSecret.ensureBucket("never-created"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 403");
    }

    @Test
    void connectionSettingsUseTheRuntimeEnvNamesAndRoundTripThroughTheEnvFile(StackEndpoints stack, @TempDir Path dir) throws Exception {
        Map<String, String> settings = stack.connectionProperties();
        assertThat(settings).containsOnlyKeys(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS, RuntimeEnv.S3_ENDPOINT, RuntimeEnv.S3_REGION,
                RuntimeEnv.S3_ACCESS_KEY_ID, RuntimeEnv.S3_SECRET_ACCESS_KEY, RuntimeEnv.S3_PATH_STYLE, RuntimeEnv.LAKE_BUCKET);
        assertThat(settings.get(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS)).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(settings.get(RuntimeEnv.S3_ENDPOINT)).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(settings.get(RuntimeEnv.LAKE_BUCKET)).isEqualTo(RuntimeEnv.DEFAULT_BUCKET);
        assertThat(settings.get(RuntimeEnv.S3_REGION)).isEqualTo(RuntimeEnv.DEFAULT_REGION);

        Path file = stack.writeEnvFile(dir.resolve("nested/devstack.env"));
        Properties read = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            read.load(reader);
        }
        assertThat(read).containsExactlyInAnyOrderEntriesOf(settings);
        assertThat(Files.readAllLines(file)).filteredOn(line -> !line.startsWith("#")).hasSize(7).allMatch(line -> line.matches("[A-Z_0-9]+=\\S+"));
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file); // the temp file was moved, not left behind
        }
    }

    @Test
    void quarkusPropertiesPointTheKafkaAndS3ClientsAtTheStack(StackEndpoints stack) {
        Map<String, String> config = DevStackTestResource.quarkusProperties(stack);

        assertThat(config).containsEntry("kafka.bootstrap.servers", stack.kafkaBootstrapServers())
                .containsEntry("quarkus.s3.endpoint-override", stack.s3Endpoint())
                .containsEntry("quarkus.s3.aws.region", RuntimeEnv.DEFAULT_REGION)
                .containsEntry("quarkus.s3.aws.credentials.type", "static")
                .containsEntry("quarkus.s3.aws.credentials.static-provider.access-key-id", stack.s3AccessKey())
                .containsEntry("quarkus.s3.aws.credentials.static-provider.secret-access-key", stack.s3SecretKey())
                .containsEntry("quarkus.s3.path-style-access", "true")
                .containsEntry("lake.bucket", RuntimeEnv.DEFAULT_BUCKET)
                .containsEntry("quarkus.kafka.devservices.enabled", "false")
                .containsEntry("quarkus.s3.devservices.enabled", "false");
        assertThat(Set.copyOf(config.keySet())).hasSize(10);
    }
}
