package dev.stockpipe.devstack;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevStackMainOptionsTest {

    @Test
    void defaultsAreTheFixedLocalPortsAndDataDir() {
        DevStack stack = DevStackMain.Options.parse(new String[0]).settings.build();

        assertThat(stack.kafkaPort()).isEqualTo(9092);
        assertThat(stack.s3Port()).isEqualTo(9000);
        assertThat(stack.dataDir()).isEqualTo(Path.of("data/devstack").toAbsolutePath().normalize());
        assertThat(stack.buckets()).containsExactly("stock-lake");
        assertThat(stack.partitions()).isEqualTo(3);
        assertThat(stack.jvmOptions()).containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void theJvmProfileOrVerbatimOptionsReachBothServers() {
        assertThat(DevStackMain.Options.parse(new String[] {"--profile", "throughput"}).settings.build().jvmOptions()).isEmpty();
        assertThat(DevStackMain.Options.parse(new String[] {"--profile", "fast-start"}).settings.build().jvmOptions())
                .isEqualTo(DevStack.JvmProfile.FAST_START.options());
        assertThat(DevStackMain.Options.parse(new String[] {"--jvm-options", " -XX:+UseParallelGC  -Xss1m "}).settings.build().jvmOptions())
                .containsExactly("-XX:+UseParallelGC", "-Xss1m");
        assertThatThrownBy(() -> DevStackMain.Options.parse(new String[] {"--profile", "turbo"}))
                .hasMessageContaining("--profile must be throughput or fast-start, got 'turbo'");
    }

    @Test
    void optionsOverrideTheDefaults(@org.junit.jupiter.api.io.TempDir Path dir) {
        DevStackMain.Options options = DevStackMain.Options.parse(new String[] {"--data-dir", dir.toString(), "--kafka-port", "19092",
                "--s3-port", "19000", "--partitions", "1", "--buckets", "raw, processed", "--env-file", "x.env"});
        DevStack stack = options.settings.build();

        assertThat(stack.kafkaPort()).isEqualTo(19092);
        assertThat(stack.s3Port()).isEqualTo(19000);
        assertThat(stack.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(stack.buckets()).containsExactly("raw", "processed");
        assertThat(stack.bucket()).isEqualTo("raw");
        assertThat(stack.partitions()).isEqualTo(1);
        assertThat(options.envFile).isEqualTo(Path.of("x.env"));
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> DevStackMain.Options.parse(new String[] {"--kafka-port", "90000"}))
                .hasMessageContaining("--kafka-port must be a TCP port");
        assertThatThrownBy(() -> DevStackMain.Options.parse(new String[] {"--s3-storage", "tape"}))
                .hasMessageContaining("filesystem or memory");
        assertThatThrownBy(() -> DevStackMain.Options.parse(new String[] {"--nope", "1"})).hasMessageContaining("Unknown option --nope");
        assertThatThrownBy(() -> DevStackMain.Options.parse(new String[] {"--data-dir"})).hasMessageContaining("Missing value");
    }

    /** Fixed endpoints: the settings as a started stack would give them. */
    private record Endpoints(String secret) implements StackEndpoints {
        @Override public String kafkaBootstrapServers() { return "127.0.0.1:9092"; }
        @Override public String s3Endpoint() { return "http://127.0.0.1:9000"; }
        @Override public String s3Region() { return "us-east-1"; }
        @Override public String s3AccessKey() { return "dev-access"; }
        @Override public String s3SecretKey() { return secret; }
        @Override public String bucket() { return "stock-lake"; }
        @Override public void close() { }
    }

    @Test
    void printedSettingsMaskTheSecretAndTheEnvFileIsOwnerOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Endpoints stack = new Endpoints("s3cr3t-known-value");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Path envFile = dir.resolve("devstack.env");
        DevStackMain.printSettings(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
                stack.connectionProperties(), envFile);
        String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(printed).doesNotContain("s3cr3t-known-value").contains("S3_SECRET_ACCESS_KEY=******")
                .contains("S3_ACCESS_KEY_ID=dev-access");
        stack.writeEnvFile(envFile);
        assertThat(java.nio.file.Files.readString(envFile)).contains("S3_SECRET_ACCESS_KEY=s3cr3t-known-value");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(envFile)))
                .isEqualTo("rw-------");
    }
}
