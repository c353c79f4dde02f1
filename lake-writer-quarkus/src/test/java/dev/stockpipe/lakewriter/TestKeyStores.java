package dev.stockpipe.lakewriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client key store (PKCS12, one self-signed key pair) and a trust store (JKS, its certificate), made
 * with the JDK's {@code keytool} — the shape of a Strimzi KafkaUser's {@code user.p12} and a cluster CA
 * store. Kafka clients load both files when they are created, so a client built with these settings
 * proves the settings are complete and readable.
 */
public record TestKeyStores(Path keyStore, Path trustStore, String password) {

    public static TestKeyStores create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("client.p12");
            Path trustStore = dir.resolve("truststore.jks");
            Path cert = dir.resolve("client.crt");
            for (Path p : List.of(keyStore, trustStore, cert)) {
                Files.deleteIfExists(p);
            }
            String password = "test-secret";
            keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=stockpipe-test", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", keyStore.toString(), "-storepass", password,
                    "-file", cert.toString());
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", cert.toString(), "-storetype", "JKS",
                    "-keystore", trustStore.toString(), "-storepass", password);
            return new TestKeyStores(keyStore.toAbsolutePath(), trustStore.toAbsolutePath(), password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create test key stores in " + dir, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
