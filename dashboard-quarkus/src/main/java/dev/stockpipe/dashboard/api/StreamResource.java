package dev.stockpipe.dashboard.api;

import dev.stockpipe.dashboard.config.DashboardConfig;
import dev.stockpipe.dashboard.health.ServicePoller;
import dev.stockpipe.dashboard.push.DashboardStream;
import dev.stockpipe.dashboard.push.PushBound;
import dev.stockpipe.dashboard.push.StateAssembler;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.view.DashboardMessage;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The page's data: the full state on request, and the live stream (full state first, then deltas). */
@Path("/api")
public class StreamResource {

    private final StateAssembler assembler;
    private final DashboardStream stream;
    private final SymbolRegistry symbols;
    private final ServicePoller services;
    private final DashboardConfig config;

    public StreamResource(StateAssembler assembler, DashboardStream stream, SymbolRegistry symbols, ServicePoller services,
            DashboardConfig config) {
        this.assembler = assembler;
        this.stream = stream;
        this.symbols = symbols;
        this.services = services;
        this.config = config;
    }

    /**
     * What one stream can cost a browser now (see {@link PushBound}): messages per second and the
     * largest delta for the symbols known now and for {@code dashboard.max-symbols}.
     */
    public record Bound(long pushIntervalMs, double maxMessagesPerSecond, int symbols, long maxDeltaBytes, int maxSymbols,
            long maxDeltaBytesAtMaxSymbols) {
    }

    @GET
    @Path("/bound")
    @Produces(MediaType.APPLICATION_JSON)
    public Bound bound() {
        var statuses = services.statuses();
        int known = symbols.names().size();
        return new Bound(config.pushInterval().toMillis(), PushBound.maxMessagesPerSecond(config.pushInterval()), known,
                PushBound.maxDeltaBytes(known, statuses, config.pushInterval()), symbols.maxSymbols(),
                PushBound.maxDeltaBytes(symbols.maxSymbols(), statuses, config.pushInterval()));
    }

    @GET
    @Path("/state")
    @Produces(MediaType.APPLICATION_JSON)
    public DashboardMessage state() {
        return assembler.full();
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<DashboardMessage> stream() {
        return stream.open();
    }
}
