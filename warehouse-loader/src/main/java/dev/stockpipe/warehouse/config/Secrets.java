package dev.stockpipe.warehouse.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a secret from the environment variable {@code NAME} or from the file named by
 * {@code NAME_FILE} (Docker/Kubernetes secret mounts). Secrets never come from the command line,
 * where {@code ps} and shell history would show them, and are never printed.
 */
public final class Secrets {

    public static final String FILE_SUFFIX = "_FILE";

    private Secrets() {
    }

    public static Optional<String> read(Map<String, String> env, String name) {
        String direct = env.get(name);
        String file = env.get(name + FILE_SUFFIX);
        if (direct != null && !direct.isEmpty() && file != null && !file.isBlank()) {
            throw new IllegalArgumentException("Set either " + name + " or " + name + FILE_SUFFIX + ", not both");
        }
        if (direct != null && !direct.isEmpty()) {
            return Optional.of(direct);
        }
        if (file != null && !file.isBlank()) {
            try {
                String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                return Optional.of(content.strip());
            } catch (IOException e) {
                throw new IllegalArgumentException("Could not read the secret file named by " + name + FILE_SUFFIX
                        + " (" + file + "): " + e.getClass().getSimpleName(), e);
            }
        }
        return Optional.empty();
    }
}
