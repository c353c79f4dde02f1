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
}
