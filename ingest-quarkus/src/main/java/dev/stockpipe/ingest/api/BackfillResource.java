package dev.stockpipe.ingest.api;

import dev.stockpipe.ingest.backfill.BackfillInput;
import dev.stockpipe.ingest.backfill.BackfillProgress;
import dev.stockpipe.ingest.backfill.BackfillRequest;
import dev.stockpipe.ingest.backfill.BackfillRequests;
import dev.stockpipe.ingest.backfill.BackfillRuns;
import dev.stockpipe.ingest.backfill.BadInput;
import dev.stockpipe.ingest.health.KafkaProbe;
import dev.stockpipe.ingest.health.KafkaReachability;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;

/**
 * Start a backfill and follow its progress. A request is checked completely before it is
 * accepted (400 naming the field): a 202 means only Kafka or the source can still fail the run.
 */
@Path("/backfills")
@Produces(MediaType.APPLICATION_JSON)
public class BackfillResource {

    private final BackfillRuns runs;
    private final BackfillRequests requests;
    private final KafkaProbe kafka;

    public BackfillResource(BackfillRuns runs, BackfillRequests requests, KafkaProbe kafka) {
        this.runs = runs;
        this.requests = requests;
        this.kafka = kafka;
    }

    /**
     * Starts a run in the background; 202 with its id, then poll {@code GET /backfills/{id}}. 409
     * while a run with that id is running or after it succeeded (a failed run may be started
     * again with its id: that is a rerun); 503 while Kafka is known to be unreachable.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(BackfillStart body) {
        if (body == null) {
            return ApiError.badRequest("body", "Send a JSON object with at least 'from' and 'to' (YYYY-MM-DD)");
        }
        BackfillRequest request;
        try {
            request = requests.check(new BackfillInput(body.source(), body.symbols(), body.from(), body.to(), body.interval(),
                    body.runId()), BadInput.Caller.REST, "api");
        } catch (BadInput e) {
            return ApiError.badRequest(e.field().json(), e.getMessage());
        }
        KafkaReachability reachability = kafka.latest();
        if (!reachability.up() && reachability.checkedAt().getEpochSecond() > 0) {
            return ApiError.of(Response.Status.SERVICE_UNAVAILABLE, null,
                    "The backfill was not started: " + reachability.detail() + "; retry once /q/health/ready is UP");
        }
        try {
            BackfillProgress p = runs.start(request);
            return Response.accepted(BackfillView.of(p)).header("Location", "/backfills/" + p.id()).build();
        } catch (IllegalStateException e) {
            return ApiError.of(Response.Status.CONFLICT, BadInput.Field.RUN_ID.json(), e.getMessage());
        }
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return runs.get(id).map(p -> Response.ok(BackfillView.of(p)).build())
                .orElseGet(() -> ApiError.of(Response.Status.NOT_FOUND, "id",
                        "No backfill with id '" + id + "' was started since this service started; GET /backfills lists them"));
    }

    @GET
    public List<BackfillView> list() {
        return runs.all().stream().sorted(Comparator.comparing(BackfillProgress::startedAt)).map(BackfillView::of).toList();
    }
}
