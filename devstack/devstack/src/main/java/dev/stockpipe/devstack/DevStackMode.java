package dev.stockpipe.devstack;

import java.util.Locale;

/**
 * How the test integrations ({@link DevStackExtension}, {@link DevStackTestResource}) provide
 * Kafka and S3: {@code embedded} child JVMs (default, no Docker needed) or {@code testcontainers}.
 * Chosen by the system property {@value #PROPERTY} or else the environment variable {@value #ENV}.
 */
public enum DevStackMode {
    EMBEDDED,
    TESTCONTAINERS;

    public static final String PROPERTY = "devstack.mode";
    public static final String ENV = "DEVSTACK_MODE";

    /** The requested mode; an unknown value is an error rather than a silent default. */
    public static DevStackMode requested() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
        }
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + "/" + PROPERTY + " must be 'embedded' or 'testcontainers', got '" + value + "'.", e);
        }
    }

    /**
     * Starts a stack in the requested mode. {@code testcontainers} without Testcontainers on the
     * classpath or without a Docker engine falls back to the embedded servers, with a warning
     * saying why, so the same tests run on both kinds of machine.
     */
    public static StackEndpoints startStack(DevStack.Builder settings) {
        if (requested() == TESTCONTAINERS) {
            String reason = testcontainersUnavailableReason();
            if (reason == null) {
                return TestcontainersDevStack.start(settings);
            }
            System.getLogger(DevStackMode.class.getName()).log(System.Logger.Level.WARNING,
                    ENV + "=testcontainers requested, but " + reason + "; starting the embedded Kafka and S3 servers instead.");
        }
        return settings.build().start();
    }

    private static String testcontainersUnavailableReason() {
        try {
            Class.forName("org.testcontainers.kafka.KafkaContainer", false, DevStackMode.class.getClassLoader());
            Class.forName("org.testcontainers.containers.MinIOContainer", false, DevStackMode.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "org.testcontainers:testcontainers-kafka and testcontainers-minio are not on the test classpath";
        }
        return TestcontainersDevStack.dockerAvailable() ? null : "no Docker engine was found";
    }
}
