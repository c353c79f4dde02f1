package dev.stockpipe.dashboard.api;

import dev.stockpipe.dashboard.push.StateAssembler;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One symbol's page, {@code /symbols/{symbol}}. A symbol is known when configured or seen on a topic; any
 * other gets a 404 page that names it and lists the known ones ({@link SymbolDataResource} is the JSON twin).
 */
@Path("/symbols")
public class SymbolResource {

    private final StateAssembler assembler;
    private final SymbolPage page;

    public SymbolResource(StateAssembler assembler, SymbolPage page) {
        this.assembler = assembler;
        this.page = page;
    }

    @GET
    @Path("{symbol}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("symbol") String symbol) {
        if (!assembler.registry().isKnown(symbol)) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML_TYPE + ";charset=UTF-8")
                    .entity(page.unknown(symbol, assembler.registry().names())).build();
        }
        return Response.ok(page.of(symbol), MediaType.TEXT_HTML_TYPE + ";charset=UTF-8").build();
    }
}
