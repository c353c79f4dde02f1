package dev.stockpipe.warehouse.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.warehouse.dialect.PostgresDialect;
import dev.stockpipe.warehouse.load.MergeStatements;
import dev.stockpipe.warehouse.table.TableSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shape of the generated SQL: schema-qualified target, no parameters, lineage from the stage. */
class MergeStatementsTest {

    private final MergeStatements sql = new MergeStatements(
            new PostgresDialect("jdbc:postgresql://h/db", "u", "p", Optional.of("analytics")), TableSpec.DAILY);

    @Test
    void mergeMatchesOnTheKeyAndUpdatesOnlyChangedRows() {
        String merge = sql.merge();
        assertThat(merge).startsWith("MERGE INTO analytics.DAILY_STOCK_METRICS AS t USING (")
                .contains("ON t.symbol = s.symbol AND t.trade_date = s.trade_date")
                .contains("WHEN MATCHED AND (t.daily_open IS DISTINCT FROM s.daily_open OR")
                .contains("loaded_at = s.loaded_at, run_id = s.run_id")
                .contains("PARTITION BY symbol, trade_date ORDER BY bar_count DESC")
                .doesNotContain("?")
                .doesNotContain("t.symbol IS DISTINCT FROM");
    }

    @Test
    void aDeduplicatedStageIsMergedWithoutRankingItAgain() {
        MergeStatements bulk = new MergeStatements(
                new PostgresDialect("jdbc:postgresql://h/db", "u", "p", Optional.of("analytics")), TableSpec.DAILY, true);
        assertThat(bulk.merge()).startsWith("MERGE INTO analytics.DAILY_STOCK_METRICS AS t USING (SELECT symbol, trade_date, ")
                .contains(" FROM STAGE_DAILY_STOCK_METRICS) AS s ON t.symbol = s.symbol AND t.trade_date = s.trade_date")
                .contains("WHEN MATCHED AND (t.daily_open IS DISTINCT FROM s.daily_open OR")
                .doesNotContain("ROW_NUMBER");
    }

    @Test
    void classifyReadsTheStageNotTheTarget() {
        assertThat(sql.classify()).contains("FROM STAGE_DAILY_STOCK_METRICS")
                .contains("LEFT JOIN analytics.DAILY_STOCK_METRICS t");
    }
}
