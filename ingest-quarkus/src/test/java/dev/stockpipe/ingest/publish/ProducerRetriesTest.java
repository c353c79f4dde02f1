package dev.stockpipe.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerRetriesTest {

    private final ProducerRetries customizer = new ProducerRetries();

    @Test
    void restoresTheIdempotentProducersRetriesOnOurChannels() {
        for (String channel : ProducerRetries.CHANNELS) {
            Map<String, Object> config = new HashMap<>(Map.of("retries", "0", "enable.idempotence", "true"));
            assertThat(customizer.customize(channel, null, config)).containsEntry("retries", Integer.toString(Integer.MAX_VALUE));
        }
    }

    @Test
    void leavesOtherChannelsAlone() {
        Map<String, Object> config = new HashMap<>(Map.of("retries", "0"));
        assertThat(customizer.customize("someone-else", null, config)).containsEntry("retries", "0");
    }
}
