package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * Makes the writer's consumer a static group member ({@code group.instance.id}). A dynamic member that
 * dies is only noticed after {@code session.timeout.ms}, and its successor waits that long for the
 * rebalance; a static member that comes back with the same id simply takes its partitions back, with
 * no rebalance at all. The id must be stable across restarts of one instance and unique among running
 * ones: by default {@code lake-writer-<host name>} — the pod name in Kubernetes ({@code HOSTNAME}),
 * the container's host name in compose.
 */
@ApplicationScoped
public class StaticMembership implements ClientCustomizer<Map<String, Object>> {

    static final String PREFIX = "lake-writer-";
    /** Kafka accepts these characters in a group instance id, up to this length. */
    private static final int MAX_LENGTH = 249;

    private final Optional<String> instanceId;

    public StaticMembership(LakeWriterConfig config) {
        this.instanceId = config.group().staticMembership()
                ? derive(config.group().instanceId(), System.getenv("HOSTNAME"), StaticMembership::localHostName)
                : Optional.empty();
        if (config.group().staticMembership() && instanceId.isEmpty()) {
            Log.warn("Could not derive a group instance id from the host name: the writer joins as a dynamic member;"
                    + " set LAKE_GROUP_INSTANCE_ID to a stable, unique id per instance for fast restarts");
        }
    }

    /** The configured id, else one derived from the host name; empty when neither is known. */
    static Optional<String> derive(Optional<String> configured, String hostnameEnv, Supplier<String> localHost) {
        Optional<String> explicit = configured.map(String::trim).filter(s -> !s.isEmpty());
        if (explicit.isPresent()) {
            return explicit.map(StaticMembership::legal);
        }
        String host = hostnameEnv != null && !hostnameEnv.isBlank() ? hostnameEnv.trim() : localHost.get();
        return host == null || host.isBlank() ? Optional.empty() : Optional.of(legal(PREFIX + host.trim()));
    }

    /** Kafka's legal characters ({@code [a-zA-Z0-9._-]}); anything else becomes {@code -}. */
    private static String legal(String id) {
        String cleaned = id.replaceAll("[^a-zA-Z0-9._-]", "-");
        return cleaned.length() <= MAX_LENGTH ? cleaned : cleaned.substring(0, MAX_LENGTH);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The id this instance joins with, if it is a static member. */
    public Optional<String> instanceId() {
        return instanceId;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (Channels.RAW_IN.equals(channel) && instanceId.isPresent()
                && !config.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.get());
            Log.infof("Joining consumer group %s as static member %s", config.get(ConsumerConfig.GROUP_ID_CONFIG),
                    instanceId.get());
        }
        return config;
    }
}
