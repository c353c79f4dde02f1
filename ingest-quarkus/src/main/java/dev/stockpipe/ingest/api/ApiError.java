package dev.stockpipe.ingest.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The body of every 4xx (and 503) answer: which field, header or parameter is wrong ({@code field};
 * {@code body} when the request body as a whole is, {@code null} when no single input is to blame)
 * and one sentence saying what to change ({@code error}).
 */
public record ApiError(String error, String field) {

    static Response of(Response.Status status, String field, String message) {
        return of(status.getStatusCode(), field, message);
    }

    static Response of(int status, String field, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(message, field)).build();
    }

    static Response badRequest(String field, String message) {
        return of(Response.Status.BAD_REQUEST, field, message);
    }
}
