package dev.stockpipe.dashboard.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The one JSON form of the dashboard's messages (snake_case, like every record of the pipeline). The
 * REST layer's mapper gets it through this customizer; tests and {@link PushBound} use {@link #mapper()},
 * so the bound is measured on exactly the bytes a browser receives.
 */
@Singleton
public class DashboardJson implements ObjectMapperCustomizer {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
    }

    /** Bytes of {@code value} as sent. */
    public static int size(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a dashboard message could not be written as JSON", e);
        }
    }
}
