package dev.stockpipe.warehouse.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.warehouse.cli.LoaderMain;
import dev.stockpipe.warehouse.lake.S3Settings;
import dev.stockpipe.warehouse.load.LoadHooks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The loader's S3 rule, from the shared environment variables to the client settings: no endpoint = AWS S3
 * itself (virtual-hosted), both static keys = those keys, neither = the AWS default credentials chain, one =
 * a failure naming both before any lake call. {@code it.S3DefaultChainIT} shows the chain against a real server.
 */
class S3SettingsTest {

    @Test
    void noVariablesMeansAwsS3VirtualHostedAndTheDefaultChain() {
        S3Settings s = S3Settings.fromEnv(Map.of());
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.bucket()).isEqualTo("stock-lake");
        assertThat(s.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void bothKeysWithoutEndpointSignWithThemAgainstAws() {
        S3Settings s = S3Settings.fromEnv(Map.of("S3_ACCESS_KEY_ID", "AKIDEXAMPLE", "S3_SECRET_ACCESS_KEY", "secret-example",
                "S3_REGION", "eu-west-1", "LAKE_BUCKET", "prod-lake"));
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.bucket()).isEqualTo("prod-lake");
        assertThat(keys(s)).isEqualTo("AKIDEXAMPLE/secret-example");
        assertThat(s.toString()).doesNotContain("secret-example");
    }

    @Test
    void anEndpointIsUsedPathStyleByDefaultWithOrWithoutKeys() {
        S3Settings withKeys = S3Settings.fromEnv(Map.of("S3_ENDPOINT", "http://minio:9000", "S3_ACCESS_KEY_ID", "k",
                "S3_SECRET_ACCESS_KEY", "s"));
        assertThat(withKeys.endpoint()).contains(URI.create("http://minio:9000"));
        assertThat(withKeys.pathStyle()).isTrue();
        assertThat(keys(withKeys)).isEqualTo("k/s");

        S3Settings withoutKeys = S3Settings.fromEnv(Map.of("S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com",
                "S3_PATH_STYLE", "false"));
        assertThat(withoutKeys.pathStyle()).isFalse();
        assertThat(withoutKeys.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(S3Settings.fromEnv(Map.of("S3_PATH_STYLE", "true")).pathStyle()).isTrue();
    }

    @Test
    void emptyVariablesCountAsUnset() {
        S3Settings s = S3Settings.fromEnv(Map.of("S3_ENDPOINT", "", "S3_PATH_STYLE", "", "S3_ACCESS_KEY_ID", "",
                "S3_SECRET_ACCESS_KEY", " "));
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void onlyOneOfTheKeysFailsWithOneSentenceNamingBoth() {
        assertThatThrownBy(() -> S3Settings.fromEnv(Map.of("S3_ACCESS_KEY_ID", "k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The lake's S3 credentials are incomplete: S3_ACCESS_KEY_ID is set but S3_SECRET_ACCESS_KEY is not;"
                        + " set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY for static keys, or neither to use the AWS"
                        + " default credentials chain (IRSA, instance role, AWS_* variables, profile).");
        assertThatThrownBy(() -> S3Settings.fromEnv(Map.of("S3_ENDPOINT", "http://minio:9000", "S3_SECRET_ACCESS_KEY", "s")))
                .hasMessageContaining("S3_SECRET_ACCESS_KEY is set but S3_ACCESS_KEY_ID is not");
    }

    @Test
    void theJobStopsOnHalfGivenKeysWithExitOneAndOneLineBeforeTouchingTheLake() {
        for (Map<String, String> env : List.of(Map.of("S3_ACCESS_KEY_ID", "k"), Map.of("S3_SECRET_ACCESS_KEY", "s"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = LoaderMain.run(new String[] {"load", "--date", "2024-01-05", "--run-id", "r"}, env,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    LoadHooks.NONE, s -> {
                        throw new AssertionError("half-given credentials must not reach the lake");
                    });
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(stderr).isEqualTo(1);
            assertThat(stderr).contains("The lake's S3 credentials are incomplete")
                    .contains("set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY").doesNotContain("\tat ");
            assertThat(stderr.strip().lines()).hasSize(1);
        }
    }

    private static String keys(S3Settings s) {
        assertThat(s.credentialsProvider()).isInstanceOf(StaticCredentialsProvider.class);
        AwsCredentials c = s.credentialsProvider().resolveCredentials();
        return c.accessKeyId() + "/" + c.secretAccessKey();
    }
}
