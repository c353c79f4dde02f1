package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@link RunIds} and {@link LakeLayout#manifestKey} agree with the Airflow DAG's Python copies:
 * both read {@code airflow/tests/run_id_vectors.json}.
 */
class RunIdVectorsTest {

    /** Surefire runs in the module directory; the vectors live with the Airflow tests. */
    private static final Path VECTORS = Path.of("..", "airflow", "tests", "run_id_vectors.json");

    private static JsonNode vectors(String name) throws IOException {
        assertThat(VECTORS).as("shared run-id vectors").isRegularFile();
        JsonNode list = JsonCodec.readTree(Files.readAllBytes(VECTORS)).get(name);
        assertThat(list).as(name).isNotNull();
        assertThat(list.isArray() && !list.isEmpty()).as("%s is a non-empty array", name).isTrue();
        return list;
    }

    @Test
    void sanitizeGivesTheSharedAnswers() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (JsonNode v : vectors("sanitize")) {
            softly.assertThat(RunIds.sanitize(v.get("raw").asText())).as("sanitize(%s)", v.get("raw"))
                    .isEqualTo(v.get("run_id").asText());
        }
        softly.assertAll();
    }

    @Test
    void validityGivesTheSharedAnswers() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (JsonNode v : vectors("valid")) {
            softly.assertThat(RunIds.isValid(v.asText())).as("isValid(%s)", v).isTrue();
        }
        for (JsonNode v : vectors("invalid")) {
            softly.assertThat(RunIds.isValid(v.asText())).as("isValid(%s)", v).isFalse();
        }
        softly.assertAll();
    }

    @Test
    void manifestKeyGivesTheSharedAnswers() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (JsonNode v : vectors("manifest_key")) {
            LakeLayout layout = new LakeLayout(v.get("raw_root").asText(), LakeLayout.DEFAULT_PROCESSED_ROOT);
            softly.assertThat(layout.manifestKey(v.get("run_id").asText())).as("manifestKey(%s)", v.get("run_id"))
                    .isEqualTo(v.get("key").asText());
        }
        softly.assertAll();
        for (JsonNode v : vectors("invalid")) {
            assertThatThrownBy(() -> LakeLayout.DEFAULT.manifestKey(v.asText())).as("manifestKey(%s)", v)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
