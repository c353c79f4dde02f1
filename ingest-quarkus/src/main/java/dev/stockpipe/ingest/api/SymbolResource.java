package dev.stockpipe.ingest.api;

import dev.stockpipe.ingest.config.IngestConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/** The default symbols of backfills and the simulator. */
@Path("/symbols")
public class SymbolResource {

    private final IngestConfig config;

    public SymbolResource(IngestConfig config) {
        this.config = config;
    }

    @GET
    public List<String> symbols() {
        return config.symbols();
    }
}
