package dev.stockpipe.ingest.api;

import jakarta.ws.rs.core.Response;

/** The error body of every 4xx answer: one sentence saying what to change. */
public record ApiError(String error) {

    static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ApiError(message)).build();
    }

    static Response notFound(String message) {
        return Response.status(Response.Status.NOT_FOUND).entity(new ApiError(message)).build();
    }

    static Response conflict(String message) {
        return Response.status(Response.Status.CONFLICT).entity(new ApiError(message)).build();
    }
}
