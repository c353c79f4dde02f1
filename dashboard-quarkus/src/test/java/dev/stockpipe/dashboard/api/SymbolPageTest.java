package dev.stockpipe.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolPageTest {

    @Test
    void theKnownPageCarriesTheSymbol() {
        assertThat(new SymbolPage().of("AAPL")).contains("Dashboard.start({symbol: \"AAPL\"})").doesNotContain("{{SYMBOL}}");
    }

    @Test
    void theNotFoundPageNamesTheSymbolAndListsTheKnownOnesEscaped() {
        String html = SymbolPage.unknown("<img src=x>", List.of("AAPL", "MSFT"));
        assertThat(html).contains("Unknown symbol: <code>&lt;img src=x&gt;</code>")
                .contains("<a href=\"/symbols/AAPL\">AAPL</a>").contains("<a href=\"/symbols/MSFT\">MSFT</a>")
                .doesNotContain("<img");
    }
}
