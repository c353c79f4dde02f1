package dev.stockpipe.ingest.source.yahoo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Yahoo Finance's chart endpoint. The raw {@link Response} is returned (default exception mapper
 * disabled) so {@link YahooBarSource} sees every status code and the Retry-After header.
 */
@Path("/v8/finance/chart")
public interface YahooChartApi {

    @GET
    @Path("/{symbol}")
    @Produces(MediaType.APPLICATION_JSON)
    Response chart(@PathParam("symbol") String symbol,
            @QueryParam("period1") long period1,
            @QueryParam("period2") long period2,
            @QueryParam("interval") String interval,
            @QueryParam("includeAdjustedClose") boolean includeAdjustedClose);
}
