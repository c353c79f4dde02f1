package dev.stockpipe.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of one server child JVM: the runtime jar that carries
 * {@code META-INF/devstack/<server>.classpath} (written by maven-dependency-plugin when that jar
 * was built) plus every jar listed in it. The listed paths are absolute paths in the local Maven
 * repository of the machine that built the runtime module.
 */
final class RuntimeClasspath {

    private static final String RESOURCE_DIR = "META-INF/devstack/";

    private RuntimeClasspath() {
    }

    /** @param server {@code kafka} or {@code s3}, the prefix of the resource file name */
    static String of(String server) {
        String resource = RESOURCE_DIR + server + ".classpath";
        URL url = find(resource);
        if (url == null) {
            throw new IllegalStateException("No " + resource + " on the classpath: add the dependency dev.stockpipe:devstack "
                    + "(it brings devstack-" + server + "-runtime) or rebuild devstack with ./mvnw -pl devstack/devstack -am install.");
        }
        String listed;
        try (InputStream in = url.openStream()) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + url, e);
        }
        List<String> entries = new ArrayList<>();
        entries.add(containerOf(url, resource).toString());
        List<String> missing = new ArrayList<>();
        for (String entry : listed.split(":")) {
            if (entry.isBlank()) {
                continue;
            }
            if (!Files.exists(Path.of(entry))) {
                missing.add(entry);
            }
            entries.add(entry);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The " + server + " server classpath lists " + missing.size()
                    + " jar(s) that are not on this machine (first: " + missing.get(0) + "); rebuild devstack-" + server
                    + "-runtime here with ./mvnw -pl devstack/devstack -am install so it records this machine's local repository.");
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static URL find(String resource) {
        URL url = RuntimeClasspath.class.getClassLoader().getResource(resource);
        if (url == null && Thread.currentThread().getContextClassLoader() != null) {
            url = Thread.currentThread().getContextClassLoader().getResource(resource);
        }
        return url;
    }

    /** The jar file or classes directory holding the resource: it also holds the child's main class. */
    static Path containerOf(URL url, String resource) {
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                return Path.of(connection.getJarFileURL().toURI());
            }
            if ("file".equals(url.getProtocol())) {
                Path file = Path.of(url.toURI());
                Path root = file;
                for (int i = 0; i < resource.split("/").length; i++) {
                    root = root.getParent();
                }
                return root;
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Could not locate the jar holding " + url, e);
        }
        throw new IllegalStateException("Cannot start a child JVM from " + url
                + ": the devstack runtime jars must be plain files on the classpath (jar: or file: URLs).");
    }
}
