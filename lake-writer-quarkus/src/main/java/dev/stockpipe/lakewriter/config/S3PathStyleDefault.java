package dev.stockpipe.lakewriter.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Path-style addressing when {@code S3_PATH_STYLE} is not set: on exactly when an endpoint override is set.
 * S3-compatible servers (MinIO, S3Proxy) behind one host name need {@code http://host/bucket/key}; AWS S3
 * itself (no endpoint) wants virtual-hosted {@code bucket.s3.amazonaws.com}. A fixed default would be wrong
 * for one of them, and this is the rule the Spark jobs and the loader apply to the same variables.
 * A value set explicitly (S3_PATH_STYLE, or quarkus.s3.path-style-access from any source) always wins.
 * Registered through {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}; it runs outside
 * the expression interceptor, so it sees {@code ${S3_PATH_STYLE:}} already expanded.
 */
@Priority(Priorities.APPLICATION)
public class S3PathStyleDefault implements ConfigSourceInterceptor {

    static final String PATH_STYLE = "quarkus.s3.path-style-access";
    static final String ENDPOINT = "quarkus.s3.endpoint-override";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!PATH_STYLE.equals(name) || hasText(value)) {
            return value;
        }
        return ConfigValue.builder()
                .withName(name)
                .withValue(String.valueOf(hasText(context.proceed(ENDPOINT))))
                .withConfigSourceName(S3PathStyleDefault.class.getSimpleName() + " (on when " + ENDPOINT + " is set)")
                .build();
    }

    private static boolean hasText(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
