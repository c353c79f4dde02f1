package dev.stockpipe.dashboard.api;

import dev.stockpipe.dashboard.push.DashboardStream;
import dev.stockpipe.dashboard.push.StateAssembler;
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

    public StreamResource(StateAssembler assembler, DashboardStream stream) {
        this.assembler = assembler;
        this.stream = stream;
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
