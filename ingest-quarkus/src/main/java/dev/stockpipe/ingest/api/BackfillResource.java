package dev.stockpipe.ingest.api;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.RunIds;
import dev.stockpipe.ingest.backfill.BackfillProgress;
import dev.stockpipe.ingest.backfill.BackfillRequest;
import dev.stockpipe.ingest.backfill.BackfillRuns;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.source.BarSources;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Start a backfill and follow its progress. */
@Path("/backfills")
public class BackfillResource {

    private final BackfillRuns runs;
    private final BarSources sources;
    private final IngestConfig config;

    public BackfillResource(BackfillRuns runs, BarSources sources, IngestConfig config) {
        this.runs = runs;
        this.sources = sources;
        this.config = config;
    }

    /** Starts a run in the background; 202 with its id, then poll {@code GET /backfills/{id}}. */
    @POST
    public Response start(BackfillStart body) {
        if (body == null) {
            return ApiError.badRequest("Send a JSON body with at least 'from' and 'to' (YYYY-MM-DD)");
        }
        BackfillRequest request;
        try {
            request = request(body);
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
        try {
            BackfillProgress p = runs.start(request);
            return Response.accepted(BackfillView.of(p)).header("Location", "/backfills/" + p.id()).build();
        } catch (IllegalStateException e) {
            return ApiError.conflict(e.getMessage());
        }
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return runs.get(id).map(p -> Response.ok(BackfillView.of(p)).build())
                .orElseGet(() -> ApiError.notFound("No backfill with id '" + id + "'"));
    }

    @GET
    public List<BackfillView> list() {
        return runs.all().stream().sorted(Comparator.comparing(BackfillProgress::startedAt)).map(BackfillView::of).toList();
    }

    private BackfillRequest request(BackfillStart body) {
        String source = body.source() == null ? config.historical().source() : body.source().toLowerCase(Locale.ROOT);
        if (!sources.has(source)) {
            throw new IllegalArgumentException("'source' must be one of yahoo, csv, synthetic; got '" + source + "'");
        }
        List<String> symbols = body.symbols() == null || body.symbols().isEmpty() ? config.symbols()
                : body.symbols().stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).distinct().toList();
        for (String s : symbols) {
            if (!RecordValidator.isValidSymbol(s)) {
                throw new IllegalArgumentException("'" + s + "' is not a valid ticker symbol");
            }
        }
        LocalDate from = date("from", body.from());
        LocalDate to = date("to", body.to());
        BarInterval interval = BarInterval.parse(body.interval() == null ? config.historical().interval() : body.interval());
        String runId = body.runId() == null ? RunIds.sanitize("api-" + source + "-" + Instant.now()) : body.runId();
        if (!RunIds.isValid(runId)) {
            throw new IllegalArgumentException("Invalid run_id '" + runId + "': use 1-128 characters from A-Z a-z 0-9 . _ -");
        }
        return new BackfillRequest(source, symbols, from, to, interval, runId);
    }

    private static LocalDate date(String field, String text) {
        if (text == null) {
            throw new IllegalArgumentException("'" + field + "' is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be a date YYYY-MM-DD, got '" + text + "'");
        }
    }
}
