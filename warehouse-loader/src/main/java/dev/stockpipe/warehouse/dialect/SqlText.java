package dev.stockpipe.warehouse.dialect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Text forms of values for COPY and string binds: one format, zone-free UTC. */
public final class SqlText {

    private static final DateTimeFormatter UTC_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private SqlText() {
    }

    public static String timestamp(Instant instant) {
        return UTC_TIMESTAMP.format(instant);
    }
}
