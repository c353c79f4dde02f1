package dev.stockpipe.warehouse.support;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.TableSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Every row of a target table as column name → value (doubles, longs and text), ordered by key. */
public final class Snapshot {

    private Snapshot() {
    }

    public static List<Map<String, Object>> of(Connection c, String tableRef, TableSpec table) throws SQLException {
        List<Column> cols = table.targetColumns();
        String select = cols.stream().map(col -> switch (col.type()) {
            case DATE, TIMESTAMP -> "CAST(" + col.name() + " AS VARCHAR) AS " + col.name();
            default -> col.name();
        }).collect(Collectors.joining(", "));
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + tableRef + " ORDER BY "
                        + String.join(", ", table.keys()))) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < cols.size(); i++) {
                    Column col = cols.get(i);
                    Object v = switch (col.type()) {
                        case DOUBLE -> {
                            double d = rs.getDouble(i + 1);
                            yield rs.wasNull() ? null : d;
                        }
                        case BIGINT -> {
                            long l = rs.getLong(i + 1);
                            yield rs.wasNull() ? null : l;
                        }
                        default -> rs.getString(i + 1);
                    };
                    row.put(col.name(), v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Key text of a daily row, e.g. {@code AAPL/2024-01-05}. */
    public static String dailyKey(Map<String, Object> row) {
        return row.get(Fields.SYMBOL) + "/" + String.valueOf(row.get(Fields.TRADE_DATE)).substring(0, 10);
    }
}
