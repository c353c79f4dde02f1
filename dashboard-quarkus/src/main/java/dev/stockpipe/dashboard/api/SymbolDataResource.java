package dev.stockpipe.dashboard.api;

import dev.stockpipe.dashboard.push.StateAssembler;
import dev.stockpipe.dashboard.state.SymbolState;
import dev.stockpipe.dashboard.view.DailyRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One symbol's data, {@code /api/symbols/{symbol}}; an unknown symbol gets a 404 JSON body naming it and
 * listing the known ones. Its own root path: JAX-RS picks the resource class by the longest matching class
 * path first, so a method of a class at "/" would never be reached behind {@link StreamResource}'s "/api".
 */
@Path("/api/symbols")
public class SymbolDataResource {

    private final StateAssembler assembler;

    public SymbolDataResource(StateAssembler assembler) {
        this.assembler = assembler;
    }

    @GET
    @Path("{symbol}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response data(@PathParam("symbol") String symbol) {
        SymbolState state = assembler.registry().find(symbol);
        if (state == null) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(UnknownSymbol.of(symbol, assembler.registry().names())).build();
        }
        long currentSecond = Math.floorDiv(assembler.clock().millis(), 1000);
        DailyRow daily = assembler.daily().view().rows().stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElse(null);
        return Response.ok(new SymbolDetail(state.view(Long.MIN_VALUE, currentSecond, Integer.MAX_VALUE),
                assembler.windows().of(symbol), daily)).build();
    }
}
