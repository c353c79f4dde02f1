package dev.stockpipe.warehouse.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.warehouse.config.Secrets;
import dev.stockpipe.warehouse.dialect.SnowflakeSettings;
import dev.stockpipe.warehouse.table.Identifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identifier validation and secret handling, without any server. */
class SafetyTest {

    @TempDir
    Path tmp;

    @Test
    void identifiersRejectAnythingThatCouldChangeTheSql() {
        assertThat(Identifiers.isValid("DAILY_STOCK_METRICS")).isTrue();
        assertThat(Identifiers.isValid("_loader_it2")).isTrue();
        for (String bad : new String[] {"", "1abc", "a b", "a;drop", "a\"b", "a'b", "a--", "a.b", "x".repeat(64), null}) {
            assertThat(Identifiers.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThatThrownBy(() -> Identifiers.require("x; DROP TABLE y", "schema"))
                .hasMessageStartingWith("Invalid schema name 'x; DROP TABLE y'");
    }

    @Test
    void secretsComeFromTheVariableOrItsFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw"), "from-file\n");
        assertThat(Secrets.read(Map.of("PW", "direct"), "PW")).contains("direct");
        assertThat(Secrets.read(Map.of("PW_FILE", file.toString()), "PW")).contains("from-file");
        assertThat(Secrets.read(Map.of(), "PW")).isEmpty();
        assertThatThrownBy(() -> Secrets.read(Map.of("PW", "a", "PW_FILE", file.toString()), "PW"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Secrets.read(Map.of("PW_FILE", tmp.resolve("missing").toString()), "PW"))
                .hasMessageContaining("Could not read the secret file named by PW_FILE");
    }

    @Test
    void snowflakeSettingsNeedExactlyOneAuthMethodAndHideSecrets() {
        SnowflakeSettings s = new SnowflakeSettings("jdbc:snowflake://a.snowflakecomputing.com/", "a", "u",
                Optional.empty(), Optional.empty(), "DB", "PUBLIC", Optional.empty(), Optional.of("/k.p8"),
                Optional.of("hunter2-passphrase"), 100);
        assertThat(s.keyPair()).isTrue();
        assertThat(s.toString()).contains("key-pair").doesNotContain("hunter2");
        assertThatThrownBy(() -> new SnowflakeSettings("jdbc:snowflake://x/", "a", "u", Optional.empty(),
                Optional.empty(), "DB", "PUBLIC", Optional.of("pw"), Optional.of("/k.p8"), Optional.empty(), 100))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new SnowflakeSettings("jdbc:snowflake://x/", "a", "u", Optional.empty(),
                Optional.empty(), "DB;", "PUBLIC", Optional.of("pw"), Optional.empty(), Optional.empty(), 100))
                .hasMessageContaining("Invalid Snowflake database name");
    }
}
