package dev.stockpipe.ingest.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every 4xx of the API, also those raised before a resource method runs (unreadable JSON, wrong
 * content type, unknown path or method), gets an {@link ApiError} body naming what is wrong
 * instead of an empty or HTML page.
 */
public class ErrorMappers {

    static final String BODY = "body";

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return ApiError.badRequest(BODY, "The request body is not valid JSON (" + e.getOriginalMessage()
                + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "); send one JSON object");
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        Collection<Object> known = e.getKnownPropertyIds();
        return ApiError.badRequest(e.getPropertyName(), "Unknown field '" + e.getPropertyName() + "'"
                + (known == null || known.isEmpty() ? "" : "; known fields: "
                        + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))));
    }

    @ServerExceptionMapper
    public Response wrongValue(InvalidFormatException e) {
        String field = path(e);
        return ApiError.badRequest(field, "'" + field + "' must be " + expected(e.getTargetType()) + ", got '" + e.getValue() + "'");
    }

    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        String field = path(e);
        if (field.isEmpty()) {
            return ApiError.badRequest(BODY, "The request body must be one JSON object, not " + describe(e));
        }
        return ApiError.badRequest(field, "'" + field + "' must be " + expected(e.getTargetType()) + " (" + describe(e) + ")");
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        return ApiError.badRequest(field.isEmpty() ? BODY : field, "The request body could not be read: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response wrongContentType(NotSupportedException e, HttpHeaders headers) {
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return ApiError.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, HttpHeaders.CONTENT_TYPE,
                (type == null ? "The request has no Content-Type" : "Content-Type '" + type + "' is not accepted here")
                        + "; send the body as application/json");
    }

    @ServerExceptionMapper
    public Response wrongAccept(NotAcceptableException e) {
        return ApiError.of(Response.Status.NOT_ACCEPTABLE, HttpHeaders.ACCEPT, "This API answers in application/json only; "
                + "accept application/json");
    }

    @ServerExceptionMapper
    public Response unknownPath(NotFoundException e, ContainerRequestContext request) {
        return ApiError.of(Response.Status.NOT_FOUND, "path", "Nothing is served at " + request.getUriInfo().getPath()
                + "; see /q/openapi for the API");
    }

    @ServerExceptionMapper
    public Response wrongMethod(NotAllowedException e, ContainerRequestContext request) {
        return ApiError.of(Response.Status.METHOD_NOT_ALLOWED, "method", request.getMethod() + " is not allowed on "
                + request.getUriInfo().getPath() + "; allowed: " + String.join(", ", e.getResponse().getAllowedMethods()));
    }

    /** Quarkus wraps a body Jackson could not read in a plain 400; the Jackson exception inside says what was wrong. */
    @ServerExceptionMapper
    public Response otherClientError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return e.getResponse();
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException json) {
                return json(json);
            }
        }
        return ApiError.of(status, null, e.getMessage());
    }

    private Response json(JsonProcessingException e) {
        if (e instanceof JsonParseException p) {
            return malformedJson(p);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownField(u);
        }
        if (e instanceof InvalidFormatException f) {
            return wrongValue(f);
        }
        if (e instanceof MismatchedInputException m) {
            return wrongShape(m);
        }
        return otherJson(e);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }

    private static String describe(MismatchedInputException e) {
        String m = e.getOriginalMessage();
        int cut = m.indexOf(" at [");
        return cut > 0 ? m.substring(0, cut) : m;
    }
}
