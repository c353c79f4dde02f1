package dev.stockpipe.warehouse.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import java.nio.charset.StandardCharsets;

/** Exit code, stdout, stderr and the parsed summary line of one loader run. */
public record JobResult(int exitCode, String stdout, String stderr) {

    public JsonNode summary() {
        String[] lines = stdout.strip().split("\n");
        return JsonCodec.readTree(lines[lines.length - 1].getBytes(StandardCharsets.UTF_8));
    }

    public long count(String field) {
        JsonNode v = summary().get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new AssertionError("summary has no integer '" + field + "': " + stdout + "\nstderr: " + stderr);
        }
        return v.asLong();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
}
