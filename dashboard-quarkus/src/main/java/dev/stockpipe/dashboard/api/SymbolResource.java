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
 * One symbol: its page ({@code /symbols/{symbol}}) and its data ({@code /api/symbols/{symbol}}). A symbol
 * is known when configured or seen on the topic; any other gets a 404 that names it and lists the known ones.
 */
@Path("/")
public class SymbolResource {

    private final StateAssembler assembler;
    private final SymbolPage page;

    public SymbolResource(StateAssembler assembler, SymbolPage page) {
        this.assembler = assembler;
        this.page = page;
    }

    @GET
    @Path("symbols/{symbol}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("symbol") String symbol) {
        if (!assembler.registry().isKnown(symbol)) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML_TYPE + ";charset=UTF-8")
                    .entity(page.unknown(symbol, assembler.registry().names())).build();
        }
        return Response.ok(page.of(symbol), MediaType.TEXT_HTML_TYPE + ";charset=UTF-8").build();
    }

    @GET
    @Path("api/symbols/{symbol}")
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
