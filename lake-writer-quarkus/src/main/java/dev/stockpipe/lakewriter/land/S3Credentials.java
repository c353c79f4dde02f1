package dev.stockpipe.lakewriter.land;

import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The credentials the lake's S3 client signs with, chosen at start-up from the environment:
 * <ul>
 * <li>{@code S3_ACCESS_KEY_ID} and {@code S3_SECRET_ACCESS_KEY} both set: these static keys (MinIO, S3Proxy,
 * an IAM user's keys from a Secret);</li>
 * <li>neither set: the AWS default credentials chain, so a pod on EKS uses its service account's role (IRSA
 * web identity), an EC2/ECS host its instance or task role, otherwise {@code AWS_*} variables or a profile;</li>
 * <li>only one set: a half-written Secret or env file. The start fails with one sentence instead of signing
 * with something the operator did not mean (before, the dev keys silently filled the gap).</li>
 * </ul>
 * The S3 client of quarkus-amazon-services finds this bean by name
 * ({@code quarkus.s3.aws.credentials.type=custom}).
 */
@Singleton
public class S3Credentials {

    /** The name {@code quarkus.s3.aws.credentials.custom-provider.name} refers to. */
    public static final String BEAN_NAME = "lake-s3-credentials";

    /**
     * Created while Quarkus starts, before the Kafka connector consumes anything: the S3 client is configured
     * (and asks for this bean) during runtime init, and {@code @Startup} keeps it that way should the client
     * become lazy. A mistake therefore stops the start at once.
     */
    @Produces
    @Named(BEAN_NAME)
    @Singleton
    @Startup(Interceptor.Priority.PLATFORM_BEFORE)
    AwsCredentialsProvider provider(LakeWriterConfig config) {
        AwsCredentialsProvider provider = resolve(config.s3().accessKeyId(), config.s3().secretAccessKey());
        Log.infof("S3 credentials: %s", describe(provider));
        return provider;
    }

    void close(@Disposes @Named(BEAN_NAME) AwsCredentialsProvider provider) {
        if (provider instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    /**
     * Static keys when both are given, the default chain when neither is; a {@link ConfigurationException}
     * (Quarkus prints its message alone, no stack trace) when only one is.
     */
    public static AwsCredentialsProvider resolve(Optional<String> accessKeyId, Optional<String> secretAccessKey) {
        Optional<String> id = accessKeyId.filter(v -> !v.isBlank());
        Optional<String> secret = secretAccessKey.filter(v -> !v.isBlank());
        if (id.isPresent() && secret.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(id.get(), secret.get()));
        }
        if (id.isEmpty() && secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String given = id.isPresent() ? RuntimeEnv.S3_ACCESS_KEY_ID : RuntimeEnv.S3_SECRET_ACCESS_KEY;
        String missing = id.isPresent() ? RuntimeEnv.S3_SECRET_ACCESS_KEY : RuntimeEnv.S3_ACCESS_KEY_ID;
        throw new ConfigurationException("The lake's S3 credentials are incomplete: " + given + " is set but " + missing
                + " is not; set both " + RuntimeEnv.S3_ACCESS_KEY_ID + " and " + RuntimeEnv.S3_SECRET_ACCESS_KEY
                + " for static keys, or neither to use the AWS default credentials chain (IRSA, instance role, AWS_* variables, profile).");
    }

    static String describe(AwsCredentialsProvider provider) {
        return provider instanceof StaticCredentialsProvider
                ? "static keys from " + RuntimeEnv.S3_ACCESS_KEY_ID + " / " + RuntimeEnv.S3_SECRET_ACCESS_KEY
                : "the AWS default credentials chain (" + RuntimeEnv.S3_ACCESS_KEY_ID + " and " + RuntimeEnv.S3_SECRET_ACCESS_KEY
                        + " are not set)";
    }
}
