package dev.stockpipe.devstack;

import java.io.IOException;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same Kafka + S3 pair as {@link DevStack}, as containers ({@code apache/kafka} in KRaft
 * mode and MinIO) for machines with a Docker engine. Selected with {@code DEVSTACK_MODE=testcontainers}
 * (see {@link DevStackMode}); Testcontainers itself is an optional dependency the consumer adds
 * ({@code org.testcontainers:testcontainers-kafka} and {@code testcontainers-minio}).
 *
 * <p>No fault injection here: that needs the child processes of {@link DevStack}.
 */
public final class TestcontainersDevStack implements StackEndpoints {

    /** Override with the environment variables of the same name. */
    public static final String KAFKA_IMAGE_ENV = "DEVSTACK_KAFKA_IMAGE";
    public static final String MINIO_IMAGE_ENV = "DEVSTACK_MINIO_IMAGE";
    /** Same broker version as the parent POM's kafka.version. */
    static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String DEFAULT_MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";
    /** The container's internal BROKER listener, reachable from inside the container. */
    private static final String IN_CONTAINER_BOOTSTRAP = "localhost:9093";

    private final KafkaContainer kafka;
    private final MinIOContainer minio;
    private final String region;
    private final String bucket;

    private TestcontainersDevStack(KafkaContainer kafka, MinIOContainer minio, String region, String bucket) {
        this.kafka = kafka;
        this.minio = minio;
        this.region = region;
        this.bucket = bucket;
    }

    /** True when Testcontainers finds a working Docker engine. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts both containers with the settings of the builder (ports and data dir do not apply). */
    public static TestcontainersDevStack start(DevStack.Builder settings) {
        // an override (a local stand-in where no registry answers) honours the official images' conventions
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(image(KAFKA_IMAGE_ENV, DEFAULT_KAFKA_IMAGE))
                .asCompatibleSubstituteFor("apache/kafka"))
                .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(settings.partitionsSetting()))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        MinIOContainer minio = new MinIOContainer(DockerImageName.parse(image(MINIO_IMAGE_ENV, DEFAULT_MINIO_IMAGE))
                .asCompatibleSubstituteFor("minio/minio"))
                .withUserName(settings.accessKeySetting())
                .withPassword(settings.secretKeySetting());
        TestcontainersDevStack stack = new TestcontainersDevStack(kafka, minio, settings.regionSetting(), settings.bucketsSetting().get(0));
        try {
            kafka.start();
            minio.start();
            stack.createTopics(settings.topicsSetting(), settings.partitionsSetting());
            S3BucketCreator creator = new S3BucketCreator(stack.s3Endpoint(), stack.s3Region(), stack.s3AccessKey(), stack.s3SecretKey());
            settings.bucketsSetting().forEach(creator::ensureBucket);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void createTopics(List<String> topics, int partitions) {
        for (String topic : topics) {
            try {
                Container.ExecResult result = kafka.execInContainer("/opt/kafka/bin/kafka-topics.sh",
                        "--bootstrap-server", IN_CONTAINER_BOOTSTRAP, "--create", "--if-not-exists",
                        "--topic", topic, "--partitions", Integer.toString(partitions), "--replication-factor", "1");
                if (result.getExitCode() != 0) {
                    throw new IllegalStateException("Creating topic " + topic + " in the Kafka container failed: " + result.getStderr());
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not run kafka-topics.sh in the Kafka container.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + topic + ".", e);
            }
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String s3Endpoint() {
        return minio.getS3URL();
    }

    @Override
    public String s3Region() {
        return region;
    }

    @Override
    public String s3AccessKey() {
        return minio.getUserName();
    }

    @Override
    public String s3SecretKey() {
        return minio.getPassword();
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void close() {
        minio.stop();
        kafka.stop();
    }

    private static String image(String env, String fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }
}
