package dev.stockpipe.devstack;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.stockpipe.contracts.RuntimeEnv;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: starts a stack and hands Quarkus its connection settings, which also
 * switches off the Kafka and S3 Dev Services (they need Docker).
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(DevStackTestResource.class)   // or @QuarkusTestResource(DevStackTestResource.class)
 * class LakeWriterIT {
 *     @InjectDevStack DevStack stack;              // or StackEndpoints
 * }
 * }</pre>
 *
 * <p>Init arguments ({@code initArgs = @ResourceArg(name = "partitions", value = "1")}):
 * {@value #ARG_PARTITIONS}, {@value #ARG_TOPICS} and {@value #ARG_BUCKETS} (comma-separated),
 * {@value #ARG_S3_STORAGE} ({@code filesystem}|{@code memory}), {@value #ARG_KAFKA} and {@value #ARG_S3}
 * ({@code false} to leave a server out).
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ARG_PARTITIONS = "partitions";
    public static final String ARG_TOPICS = "topics";
    public static final String ARG_BUCKETS = "buckets";
    public static final String ARG_S3_STORAGE = "s3-storage";
    /** {@code false} leaves that server out (a module that needs only S3 saves the broker's start). */
    public static final String ARG_KAFKA = "kafka";
    public static final String ARG_S3 = "s3";

    /** Configuration keys returned by {@link #start()}. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String S3_ENDPOINT_OVERRIDE = "quarkus.s3.endpoint-override";
    public static final String S3_REGION = "quarkus.s3.aws.region";
    public static final String S3_CREDENTIALS_TYPE = "quarkus.s3.aws.credentials.type";
    public static final String S3_ACCESS_KEY_ID = "quarkus.s3.aws.credentials.static-provider.access-key-id";
    public static final String S3_SECRET_ACCESS_KEY = "quarkus.s3.aws.credentials.static-provider.secret-access-key";
    public static final String S3_PATH_STYLE = "quarkus.s3.path-style-access";
    public static final String LAKE_BUCKET = "lake.bucket";
    public static final String KAFKA_DEVSERVICES = "quarkus.kafka.devservices.enabled";
    public static final String S3_DEVSERVICES = "quarkus.s3.devservices.enabled";

    private static volatile StackEndpoints current;

    private final DevStack.Builder settings = DevStack.builder();
    private StackEndpoints stack;

    @Override
    public void init(Map<String, String> initArgs) {
        String partitions = initArgs.get(ARG_PARTITIONS);
        if (partitions != null) {
            settings.partitions(Integer.parseInt(partitions.trim()));
        }
        String topics = initArgs.get(ARG_TOPICS);
        if (topics != null) {
            settings.topics(Arrays.stream(topics.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList());
        }
        String buckets = initArgs.get(ARG_BUCKETS);
        if (buckets != null) {
            settings.buckets(Arrays.stream(buckets.split(",")).map(String::trim).filter(b -> !b.isEmpty()).toList());
        }
        String storage = initArgs.get(ARG_S3_STORAGE);
        if (storage != null) {
            settings.s3Storage(DevStack.S3Storage.valueOf(storage.trim().toUpperCase(java.util.Locale.ROOT)));
        }
        settings.withKafka(!"false".equalsIgnoreCase(initArgs.getOrDefault(ARG_KAFKA, "true").trim()));
        settings.withS3(!"false".equalsIgnoreCase(initArgs.getOrDefault(ARG_S3, "true").trim()));
    }

    @Override
    public Map<String, String> start() {
        stack = DevStackMode.startStack(settings);
        current = stack;
        return quarkusProperties(stack);
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
        current = null;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack, this::isInjectionPoint);
    }

    /** The stack of the running test resource (null when none runs), for code without injection. */
    public static StackEndpoints current() {
        return current;
    }

    /** The Quarkus configuration that points Kafka (SmallRye) and the S3 client at {@code stack}. */
    public static Map<String, String> quarkusProperties(StackEndpoints stack) {
        Map<String, String> env = stack.connectionProperties();
        Map<String, String> config = new LinkedHashMap<>();
        if (env.containsKey(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS)) {
            config.put(KAFKA_BOOTSTRAP_SERVERS, env.get(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS));
            config.put(KAFKA_DEVSERVICES, "false");
        }
        if (env.containsKey(RuntimeEnv.S3_ENDPOINT)) {
            config.put(S3_ENDPOINT_OVERRIDE, env.get(RuntimeEnv.S3_ENDPOINT));
            config.put(S3_REGION, env.get(RuntimeEnv.S3_REGION));
            config.put(S3_CREDENTIALS_TYPE, "static");
            config.put(S3_ACCESS_KEY_ID, env.get(RuntimeEnv.S3_ACCESS_KEY_ID));
            config.put(S3_SECRET_ACCESS_KEY, env.get(RuntimeEnv.S3_SECRET_ACCESS_KEY));
            config.put(S3_PATH_STYLE, "true");
            config.put(LAKE_BUCKET, env.get(RuntimeEnv.LAKE_BUCKET));
            config.put(S3_DEVSERVICES, "false");
        }
        return config;
    }

    /** Matched by annotation name: the test class may come from another class loader than this resource. */
    private boolean isInjectionPoint(Field field) {
        boolean annotated = false;
        for (Annotation annotation : field.getAnnotations()) {
            annotated |= annotation.annotationType().getName().equals(InjectDevStack.class.getName());
        }
        if (!annotated) {
            return false;
        }
        if (!field.getType().isInstance(stack)) {
            throw new IllegalStateException("@InjectDevStack field " + field.getDeclaringClass().getSimpleName() + "." + field.getName()
                    + " has type " + field.getType().getName() + ", but the running stack is a " + stack.getClass().getName()
                    + " (use StackEndpoints, or DevStack in embedded mode).");
        }
        return true;
    }
}
