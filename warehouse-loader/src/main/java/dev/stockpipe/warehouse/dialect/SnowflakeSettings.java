package dev.stockpipe.warehouse.dialect;

import dev.stockpipe.warehouse.table.Identifiers;
import java.util.Optional;
import java.util.Properties;

/**
 * Snowflake connection settings. Exactly one of password or private key file is used; the key's
 * passphrase is optional (unencrypted PKCS#8 keys). {@code toString} shows no secret.
 *
 * @param jdbcUrl   {@code jdbc:snowflake://<account>.snowflakecomputing.com/} unless overridden
 *                  (a local fakesnow server: {@code jdbc:snowflake://127.0.0.1:PORT/?ssl=off&account=fakesnow})
 * @param batchRows rows per {@code executeBatch}
 */
public record SnowflakeSettings(String jdbcUrl, String account, String user, Optional<String> role,
        Optional<String> warehouse, String database, String schema, Optional<String> password,
        Optional<String> privateKeyFile, Optional<String> privateKeyPassphrase, int batchRows) {

    public SnowflakeSettings {
        Identifiers.require(database, "Snowflake database");
        Identifiers.require(schema, "Snowflake schema");
        role.ifPresent(r -> Identifiers.require(r, "Snowflake role"));
        warehouse.ifPresent(w -> Identifiers.require(w, "Snowflake warehouse"));
        if (password.isPresent() == privateKeyFile.isPresent()) {
            throw new IllegalArgumentException("Snowflake needs exactly one of SNOWFLAKE_PASSWORD (or _FILE) "
                    + "and SNOWFLAKE_PRIVATE_KEY_FILE for authentication");
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("Snowflake batch size must be at least 1");
        }
    }

    public boolean keyPair() {
        return privateKeyFile.isPresent();
    }

    Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("account", account);
        p.setProperty("user", user);
        p.setProperty("db", database);
        p.setProperty("schema", schema);
        role.ifPresent(r -> p.setProperty("role", r));
        warehouse.ifPresent(w -> p.setProperty("warehouse", w));
        if (privateKeyFile.isPresent()) {
            p.setProperty("authenticator", "SNOWFLAKE_JWT");
            p.setProperty("private_key_file", privateKeyFile.get());
            privateKeyPassphrase.ifPresent(pw -> p.setProperty("private_key_pwd", pw));
        } else {
            p.setProperty("password", password.orElseThrow());
        }
        p.setProperty("application", "stockpipe_warehouse_loader");
        // Arrow needs --add-opens; JSON results keep the CLI usable even without the flag
        p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        return p;
    }

    @Override
    public String toString() {
        return "SnowflakeSettings[url=" + jdbcUrl + ", account=" + account + ", user=" + user + ", role=" + role
                + ", warehouse=" + warehouse + ", database=" + database + ", schema=" + schema
                + ", auth=" + (keyPair() ? "key-pair" : "password") + ", batchRows=" + batchRows + "]";
    }
}
