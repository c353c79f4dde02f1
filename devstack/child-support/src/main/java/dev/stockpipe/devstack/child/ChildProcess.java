package dev.stockpipe.devstack.child;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract between the devstack launcher and a server child JVM: {@code --name value}
 * arguments, and an stdin pipe the launcher holds open for as long as it lives, so a child never
 * outlives its launcher — not even after a {@code kill -9} of the launcher.
 */
public final class ChildProcess {

    private ChildProcess() {
    }

    /** Exits the JVM when stdin reaches end-of-file, i.e. when the launcher is gone. */
    public static void exitWhenParentGoes() {
        Thread watchdog = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent on stdin; only its end matters
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end-of-file
            }
            System.exit(0);
        }, "devstack-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Parses {@code --name value} pairs. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    public static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing required argument --" + name);
        }
        return value;
    }

    /** A comma-separated list without blanks. */
    public static List<String> splitList(String csv) {
        List<String> values = new ArrayList<>();
        for (String value : csv.split(",")) {
            if (!value.isBlank()) {
                values.add(value.trim());
            }
        }
        return values;
    }
}
