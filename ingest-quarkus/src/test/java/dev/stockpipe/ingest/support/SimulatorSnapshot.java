package dev.stockpipe.ingest.support;

import static io.restassured.RestAssured.given;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /simulator} at one moment: the counters, and per symbol the next seq, the drops and the gaps. */
public record SimulatorSnapshot(long generated, long sent, long failed, long dropped, long gaps, long inFlight,
        Map<String, Long> nextSeq, Map<String, Long> droppedBySymbol, Map<String, Long> gapsBySymbol) {

    /** Short HTTP timeouts, so a request that hangs fails the test instead of stalling it. */
    public static final RestAssuredConfig TIMEOUTS = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 5_000));

    public static SimulatorSnapshot take() {
        JsonPath s = given().config(TIMEOUTS).get("/simulator").then().statusCode(200).extract().jsonPath();
        Map<String, Long> next = new HashMap<>();
        Map<String, Long> dropped = new HashMap<>();
        Map<String, Long> gaps = new HashMap<>();
        List<Map<String, Object>> symbols = s.getList("symbols");
        for (Map<String, Object> m : symbols) {
            String symbol = (String) m.get("symbol");
            next.put(symbol, ((Number) m.get("next_seq")).longValue());
            dropped.put(symbol, ((Number) m.get("ticks_dropped")).longValue());
            gaps.put(symbol, ((Number) m.get("seq_gaps")).longValue());
        }
        return new SimulatorSnapshot(s.getLong("ticks_generated"), s.getLong("ticks_sent"), s.getLong("ticks_failed"),
                s.getLong("ticks_dropped"), s.getLong("seq_gaps"), s.getLong("ticks_in_flight"), next, dropped, gaps);
    }

    public long droppedBy(String symbol) {
        return droppedBySymbol.getOrDefault(symbol, 0L);
    }

    public long gapsBy(String symbol) {
        return gapsBySymbol.getOrDefault(symbol, 0L);
    }
}
