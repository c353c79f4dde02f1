package dev.stockpipe.warehouse.table;

import java.util.regex.Pattern;

/**
 * Table, schema and column names are spliced into SQL text (JDBC cannot bind identifiers), so
 * every one passes this check first: an unquoted SQL identifier that means the same thing in
 * Snowflake, PostgreSQL and DuckDB, and cannot carry a quote, a space or a comment.
 */
public final class Identifiers {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Identifiers() {
    }

    public static boolean isValid(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    /** Returns {@code name} or fails with a sentence naming what it is for. */
    public static String require(String name, String what) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("Invalid " + what + " name '" + name
                    + "': use a letter or '_' followed by up to 62 letters, digits or '_'");
        }
        return name;
    }
}
