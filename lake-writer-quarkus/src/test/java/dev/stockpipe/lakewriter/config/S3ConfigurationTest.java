package dev.stockpipe.lakewriter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.lakewriter.land.S3Credentials;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The S3 client settings the packaged writer resolves from its environment: the real application.properties,
 * the {@code prod} profile (or {@code dev}/{@code test}), the interceptors Quarkus discovers (the path-style
 * default), and the credentials choice of {@link S3Credentials}. No server is needed to see that an absent
 * endpoint means AWS itself; {@code S3AccessIT} runs the packaged writer for the cases a server can show.
 */
class S3ConfigurationTest {

    record Resolved(Optional<String> endpoint, boolean pathStyle, String region, AwsCredentialsProvider credentials) {
    }

    @Test
    void productionWithoutAnyS3VariableMeansAwsS3VirtualHostedAndTheDefaultChain() {
        Resolved r = resolve("prod", Map.of());
        assertThat(r.endpoint()).as("no endpoint override: the SDK's AWS endpoint for the region").isEmpty();
        assertThat(r.pathStyle()).isFalse();
        assertThat(r.region()).isEqualTo("us-east-1");
        assertThat(r.credentials()).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void productionWithBothKeysAndNoEndpointSignsWithThemAgainstAws() {
        Resolved r = resolve("prod", Map.of("S3_ACCESS_KEY_ID", "AKIDEXAMPLE", "S3_SECRET_ACCESS_KEY", "secret-example",
                "S3_REGION", "eu-west-1"));
        assertThat(r.endpoint()).isEmpty();
        assertThat(r.pathStyle()).isFalse();
        assertThat(r.region()).isEqualTo("eu-west-1");
        assertThat(keysOf(r)).isEqualTo("AKIDEXAMPLE/secret-example");
    }

    @Test
    void productionWithAnEndpointUsesItPathStyleByDefault() {
        Resolved r = resolve("prod", Map.of("S3_ENDPOINT", "http://minio:9000", "S3_ACCESS_KEY_ID", "k", "S3_SECRET_ACCESS_KEY", "s"));
        assertThat(r.endpoint()).contains("http://minio:9000");
        assertThat(r.pathStyle()).as("S3_PATH_STYLE unset, endpoint set").isTrue();
        assertThat(keysOf(r)).isEqualTo("k/s");
    }

    @Test
    void anEndpointWithoutKeysUsesTheDefaultChain() {
        Resolved r = resolve("prod", Map.of("S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com"));
        assertThat(r.endpoint()).contains("https://s3.eu-west-1.amazonaws.com");
        assertThat(r.credentials()).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void anExplicitPathStyleWinsEitherWay() {
        assertThat(resolve("prod", Map.of("S3_ENDPOINT", "http://minio:9000", "S3_PATH_STYLE", "false")).pathStyle()).isFalse();
        assertThat(resolve("prod", Map.of("S3_PATH_STYLE", "true")).pathStyle()).isTrue();
    }

    @Test
    void emptyVariablesCountAsUnset() {
        Resolved r = resolve("prod", Map.of("S3_ENDPOINT", "", "S3_PATH_STYLE", "", "S3_ACCESS_KEY_ID", "",
                "S3_SECRET_ACCESS_KEY", ""));
        assertThat(r.endpoint()).isEmpty();
        assertThat(r.pathStyle()).isFalse();
        assertThat(r.credentials()).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void onlyOneOfTheKeysFailsWithOneSentenceNamingBoth() {
        assertThatThrownBy(() -> resolve("prod", Map.of("S3_ACCESS_KEY_ID", "k")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The lake's S3 credentials are incomplete: S3_ACCESS_KEY_ID is set but S3_SECRET_ACCESS_KEY is not;"
                        + " set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY for static keys, or neither to use the AWS"
                        + " default credentials chain (IRSA, instance role, AWS_* variables, profile).");
        assertThatThrownBy(() -> resolve("prod", Map.of("S3_ENDPOINT", "http://minio:9000", "S3_SECRET_ACCESS_KEY", "s",
                "S3_ACCESS_KEY_ID", "")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("S3_SECRET_ACCESS_KEY is set but S3_ACCESS_KEY_ID is not");
    }

    @Test
    void theDevAndTestProfilesDefaultToDevstack() {
        for (String profile : new String[] {"dev", "test"}) {
            Resolved r = resolve(profile, Map.of());
            assertThat(r.endpoint()).as(profile).contains("http://localhost:9000");
            assertThat(r.pathStyle()).as(profile).isTrue();
            assertThat(keysOf(r)).as(profile).isEqualTo("stockpipe-dev/stockpipe-dev-secret");
        }
        assertThat(resolve("test", Map.of("S3_ENDPOINT", "http://127.0.0.1:4566")).endpoint()).contains("http://127.0.0.1:4566");
    }

    static Resolved resolve(String profile, Map<String, String> env) {
        SmallRyeConfig config = config(profile, env);
        LakeWriterConfig lake = config.getConfigMapping(LakeWriterConfig.class);
        return new Resolved(config.getOptionalValue(S3PathStyleDefault.ENDPOINT, String.class),
                config.getValue(S3PathStyleDefault.PATH_STYLE, Boolean.class),
                config.getValue("quarkus.s3.aws.region", String.class),
                S3Credentials.resolve(lake.s3().accessKeyId(), lake.s3().secretAccessKey()));
    }

    /** application.properties (ordinal 250) below the environment (300), with Quarkus' duration syntax, as in the app. */
    static SmallRyeConfig config(String profile, Map<String, String> env) {
        try {
            return new SmallRyeConfigBuilder()
                    .withProfile(profile)
                    .addDefaultInterceptors()
                    .addDiscoveredInterceptors()
                    .withSources(new PropertiesConfigSource(
                            S3ConfigurationTest.class.getClassLoader().getResource("application.properties"), 250))
                    .withSources(new EnvConfigSource(env, 300))
                    .withConverter(Duration.class, 100, new DurationConverter())
                    .withMapping(LakeWriterConfig.class)
                    .withValidateUnknown(false)
                    .build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String keysOf(Resolved r) {
        assertThat(r.credentials()).isInstanceOf(StaticCredentialsProvider.class);
        AwsCredentials c = r.credentials().resolveCredentials();
        return c.accessKeyId() + "/" + c.secretAccessKey();
    }
}
