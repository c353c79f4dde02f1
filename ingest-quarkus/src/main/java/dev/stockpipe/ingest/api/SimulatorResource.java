package dev.stockpipe.ingest.api;

import dev.stockpipe.ingest.simulator.SimulatorStatus;
import dev.stockpipe.ingest.simulator.TickSimulator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Start, stop and re-rate the tick simulator. */
@Path("/simulator")
public class SimulatorResource {

    private final TickSimulator simulator;

    public SimulatorResource(TickSimulator simulator) {
        this.simulator = simulator;
    }

    @GET
    public SimulatorStatus status() {
        return simulator.status();
    }

    /** Starts (or re-rates) the simulator; without {@code rate} the current rate is kept. */
    @POST
    @Path("/start")
    public Response start(@QueryParam("rate") Integer rate) {
        try {
            simulator.start(rate == null ? simulator.status().rate() : rate);
            return Response.ok(simulator.status()).build();
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
    }

    @POST
    @Path("/stop")
    public SimulatorStatus stop() {
        simulator.stop();
        return simulator.status();
    }

    @PUT
    @Path("/rate")
    public Response rate(RateChange body) {
        if (body == null || body.rate() == null) {
            return ApiError.badRequest("Send {\"rate\": N} with N ticks per second");
        }
        try {
            simulator.rate(body.rate());
            return Response.ok(simulator.status()).build();
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
    }

    /** Body of {@code PUT /simulator/rate}. */
    public record RateChange(Integer rate) {
    }
}
