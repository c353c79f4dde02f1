package dev.stockpipe.spark.daily;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.spark.lake.LakeLocation;
import dev.stockpipe.spark.lake.RawJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The raw historical bars as the lake-writer lands them (gzipped JSON lines, one
 * {@code JsonCodec.toNode(HistoricalBar)} per line), read with an explicit schema: no inference
 * pass over the files, {@code ts} read by the contracts' rule, and a line that does not convert kept
 * in {@link RawJson#CORRUPT_RECORD} instead of disappearing (see {@link RawJson}).
 */
public final class RawBars {

    /** Partition columns of the raw layout ({@code year=/month=/day=}), present when read with a basePath. */
    public static final String YEAR = "year";
    public static final String MONTH = "month";
    public static final String DAY = "day";

    public static final StructType SCHEMA = new StructType()
            .add(Fields.SYMBOL, StringType)
            .add(Fields.TS, TimestampType)
            .add(Fields.INTERVAL, StringType)
            .add(Fields.OPEN, DoubleType)
            .add(Fields.HIGH, DoubleType)
            .add(Fields.LOW, DoubleType)
            .add(Fields.CLOSE, DoubleType)
            .add(Fields.ADJ_CLOSE, DoubleType)
            .add(Fields.VOLUME, LongType)
            .add(Fields.SOURCE, StringType)
            .add(Fields.RUN_ID, StringType);

    private RawBars() {
    }

    /**
     * The raw UTC-day directories that exist for a trading-date range: a trading date spans two UTC
     * days, so this is {@link TradingCalendar#utcDaysCovering}, minus days nothing landed for.
     */
    public static List<String> dayPaths(SparkSession spark, LakeLocation lake, TradingCalendar calendar,
            JobArgs.DateRange range) throws IOException {
        List<String> found = new ArrayList<>();
        for (var day : calendar.utcDaysCovering(range.from(), range.to())) {
            String dir = lake.path(lake.layout().rawHistoricalPrefix(day));
            Path path = new Path(dir);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(path)) {
                found.add(dir);
            }
        }
        return found;
    }

    /**
     * Reads exactly the given day directories (partition pruning by path: nothing outside them is
     * listed or opened). {@code basePath} keeps year/month/day as partition columns.
     */
    public static Dataset<Row> read(SparkSession spark, String basePath, List<String> dayPaths) {
        return RawJson.withParsedTs(spark.read()
                .schema(RawJson.readSchema(SCHEMA))
                .options(RawJson.readOptions())
                .option("basePath", basePath)
                .option("pathGlobFilter", "*" + LakeLayout.RAW_SUFFIX)
                .json(dayPaths.toArray(String[]::new)));
    }
}
