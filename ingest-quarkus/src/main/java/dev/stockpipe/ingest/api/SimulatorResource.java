package dev.stockpipe.ingest.api;

import dev.stockpipe.ingest.simulator.BackpressurePolicy;
import dev.stockpipe.ingest.simulator.SimulatorLimits;
import dev.stockpipe.ingest.simulator.SimulatorStatus;
import dev.stockpipe.ingest.simulator.TickSimulator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Start, stop and re-rate the tick simulator. Query parameters are taken as text and parsed here,
 * so a bad value is a 400 naming the parameter (JAX-RS would answer a failed conversion with an
 * empty 404).
 */
@Path("/simulator")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {

    static final String RATE = "rate";
    static final String BACKPRESSURE = "backpressure";

    private final TickSimulator simulator;

    public SimulatorResource(TickSimulator simulator) {
        this.simulator = simulator;
    }

    @GET
    public SimulatorStatus status() {
        return simulator.status();
    }

    /**
     * Starts the simulator (or changes a running one): {@code rate} ticks/s, default the current
     * rate; {@code backpressure} {@code drop} or {@code slow-down}, default the current policy.
     */
    @POST
    @Path("/start")
    public Response start(@QueryParam(RATE) String rate, @QueryParam(BACKPRESSURE) String backpressure) {
        SimulatorStatus current = simulator.status();
        int ticksPerSecond;
        if (rate == null) {
            ticksPerSecond = current.rate();
        } else {
            Integer parsed = rate(rate);
            if (parsed == null) {
                return rateError(rate);
            }
            ticksPerSecond = parsed;
        }
        BackpressurePolicy policy = backpressure == null ? BackpressurePolicy.find(current.backpressure()).orElseThrow()
                : BackpressurePolicy.find(backpressure).orElse(null);
        if (policy == null) {
            return ApiError.badRequest(BACKPRESSURE, "'" + BACKPRESSURE + "' must be 'drop' or 'slow-down', got '" + backpressure + "'");
        }
        simulator.start(ticksPerSecond, policy);
        return Response.ok(simulator.status()).build();
    }

    @POST
    @Path("/stop")
    public SimulatorStatus stop() {
        simulator.stop();
        return simulator.status();
    }

    @PUT
    @Path("/rate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rate(RateChange body) {
        if (body == null || body.rate() == null) {
            return ApiError.badRequest(RATE, "Send {\"rate\": N} with N ticks per second between " + SimulatorLimits.MIN_RATE
                    + " and " + SimulatorLimits.MAX_RATE);
        }
        if (body.rate() < SimulatorLimits.MIN_RATE || body.rate() > SimulatorLimits.MAX_RATE) {
            return rateError(body.rate().toString());
        }
        simulator.rate(body.rate());
        return Response.ok(simulator.status()).build();
    }

    /** The rate in {@code text}, or null when it is not a whole number within the limits. */
    private static Integer rate(String text) {
        try {
            int r = Integer.parseInt(text.trim());
            return r >= SimulatorLimits.MIN_RATE && r <= SimulatorLimits.MAX_RATE ? r : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Response rateError(String given) {
        return ApiError.badRequest(RATE, "'" + RATE + "' must be a whole number of ticks per second between "
                + SimulatorLimits.MIN_RATE + " and " + SimulatorLimits.MAX_RATE + ", got '" + given + "'");
    }

    /** Body of {@code PUT /simulator/rate}. */
    public record RateChange(Integer rate) {
    }
}
