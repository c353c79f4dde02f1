package dev.stockpipe.spark.session;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Where a job gets its session: {@link SparkSessions#create} in production, a shared session in
 * tests (Spark start-up costs seconds on two cores).
 */
@FunctionalInterface
public interface SessionProvider {

    SparkSession session(String appName, Optional<String> master);

    static SessionProvider create() {
        return SparkSessions::create;
    }
}
