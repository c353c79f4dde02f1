package dev.stockpipe.contracts;

import java.util.regex.Pattern;

/**
 * Run ids end up in S3 keys and file names, so they are restricted to a safe alphabet.
 * Orchestrators whose own ids contain other characters (Airflow: {@code scheduled__2024-01-05T21:30:00+00:00})
 * pass them through {@link #sanitize(String)} first; the Airflow DAG applies the same rule.
 */
public final class RunIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private RunIds() {
    }

    public static boolean isValid(String runId) {
        return runId != null && VALID.matcher(runId).matches() && !runId.equals(".") && !runId.equals("..");
    }

    /** Returns the run id or fails with the rule it breaks. */
    public static String require(String runId) {
        if (!isValid(runId)) {
            throw new IllegalArgumentException("Invalid run id '" + runId
                    + "': use 1-128 characters from A-Z a-z 0-9 . _ - (see RunIds.sanitize)");
        }
        return runId;
    }

    /** Replaces every character outside the safe alphabet with '_' and truncates to 128. */
    public static String sanitize(String raw) {
        String safe = UNSAFE.matcher(raw).replaceAll("_");
        return safe.length() > 128 ? safe.substring(0, 128) : safe;
    }
}
