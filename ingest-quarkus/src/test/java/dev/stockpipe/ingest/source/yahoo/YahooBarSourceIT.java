package dev.stockpipe.ingest.source.yahoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.ingest.source.BarQuery;
import dev.stockpipe.ingest.source.SourceBatch;
import dev.stockpipe.ingest.source.SourceException;
import dev.stockpipe.ingest.support.InjectWireMock;
import dev.stockpipe.ingest.support.WireMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Yahoo client over real HTTP against WireMock serving the chart API's real response shapes. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@WithTestResource(WireMockResource.class)
class YahooBarSourceIT {

    static final String PATH = "/v8/finance/chart/";

    /** Two daily AAPL bars (2024-01-02, 2024-01-03) and a slot without prices, as Yahoo sends them. */
    static final String CHART_OK = """
            {"chart":{"result":[{"meta":{"currency":"USD","symbol":"AAPL","exchangeName":"NMS","instrumentType":"EQUITY",
            "firstTradeDate":345479400,"regularMarketTime":1704402001,"gmtoffset":-18000,"timezone":"EST",
            "exchangeTimezoneName":"America/New_York","regularMarketPrice":181.91,"dataGranularity":"1d","range":"",
            "validRanges":["1d","5d","1mo","3mo","6mo","1y","2y","5y","10y","ytd","max"]},
            "timestamp":[1704205800,1704292200,1704378600],
            "indicators":{"quote":[{"open":[187.14999389648438,184.22000122070312,null],
            "high":[188.44000244140625,185.8800048828125,null],"low":[183.88999938964844,183.42999267578125,null],
            "close":[185.63999938964844,184.25,null],"volume":[82488700,58414500,null]}],
            "adjclose":[{"adjclose":[184.9385986328125,183.55386352539062,null]}]}}],"error":null}}
            """;
    static final String CHART_404 = """
            {"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}
            """;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    YahooBarSource yahoo;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    static BarQuery query(String symbol) {
        return new BarQuery(symbol, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 4), BarInterval.ONE_DAY, "y-run");
    }

    @Test
    void parsesTheChartPayloadAndReportsEmptySlots() {
        wireMock.stubFor(get(urlPathEqualTo(PATH + "AAPL")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(CHART_OK)));

        SourceBatch batch = yahoo.fetch(query("AAPL"));

        assertThat(batch.bars()).hasSize(2);
        assertThat(batch.bars().get(0)).isEqualTo(new HistoricalBar("AAPL", Instant.parse("2024-01-02T14:30:00Z"),
                BarInterval.ONE_DAY, 187.14999389648438, 188.44000244140625, 183.88999938964844, 185.63999938964844,
                184.9385986328125, 82488700, HistoricalBar.SOURCE_YAHOO, "y-run"));
        assertThat(batch.skipped()).singleElement().asString().contains("2024-01-04T14:30:00.000Z", "no prices");
        // the whole New York trading dates were asked for, daily interval
        wireMock.verify(getRequestedFor(urlPathEqualTo(PATH + "AAPL"))
                .withQueryParam("period1", com.github.tomakehurst.wiremock.client.WireMock.equalTo("1704171600"))
                .withQueryParam("period2", com.github.tomakehurst.wiremock.client.WireMock.equalTo("1704430800"))
                .withQueryParam("interval", com.github.tomakehurst.wiremock.client.WireMock.equalTo("1d")));
    }

    @Test
    void anUnknownSymbolIsAClearError() {
        wireMock.stubFor(get(urlPathEqualTo(PATH + "NOPE")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(CHART_404)));

        assertThatThrownBy(() -> yahoo.fetch(query("NOPE")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("Yahoo does not know the symbol NOPE")
                .hasMessageContaining("No data found, symbol may be delisted");
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(PATH + "NOPE")));
    }

    @Test
    void a429IsRetriedAfterRetryAfter() {
        wireMock.stubFor(get(urlPathEqualTo(PATH + "AAPL")).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("Too Many Requests"))
                .willSetStateTo("allowed"));
        wireMock.stubFor(get(urlPathEqualTo(PATH + "AAPL")).inScenario("rate").whenScenarioStateIs("allowed")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(CHART_OK)));

        long started = System.nanoTime();
        SourceBatch batch = yahoo.fetch(query("AAPL"));

        assertThat(batch.bars()).hasSize(2);
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(PATH + "AAPL")));
        // the configured backoff is 10-50 ms in tests, so only Retry-After explains a wait of a second
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void serverErrorsAreRetriedUntilTheAttemptsRunOut() {
        wireMock.stubFor(get(urlPathEqualTo(PATH + "MSFT")).willReturn(aResponse().withStatus(500).withBody("oops")));

        assertThatThrownBy(() -> yahoo.fetch(query("MSFT")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("Yahoo kept failing for MSFT (HTTP 500 on all 3 attempts)");
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(PATH + "MSFT")));
    }

    @Test
    void aMalformedBodyIsAClearError() {
        wireMock.stubFor(get(urlPathEqualTo(PATH + "AAPL")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"chart\":{\"result\":[{\"timestamp\":[1704205800],"
                        + "\"indicators\":{\"quote\":[{\"open\":[1.0]}]}}],\"error\":null}}")));

        assertThatThrownBy(() -> yahoo.fetch(query("AAPL")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("not a chart payload")
                .hasMessageContaining("'indicators.quote[0].high' is missing");

        wireMock.stubFor(get(urlPathEqualTo(PATH + "AAPL")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>consent</html>")));
        assertThatThrownBy(() -> yahoo.fetch(query("AAPL"))).hasMessageContaining("the body is not JSON");
    }
}
