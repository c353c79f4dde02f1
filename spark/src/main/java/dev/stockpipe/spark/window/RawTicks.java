package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.spark.lake.RawJson;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Real-time ticks as streams: from the raw zone (files the lake-writer lands, one
 * {@code JsonCodec.toNode(Tick)} per line) or straight from {@code stock.realtime}. Both give the
 * same columns ({@code ts} read by the contracts' rule, see {@link RawJson}), so the window
 * aggregation does not care where ticks come from.
 */
public final class RawTicks {

    public static final StructType SCHEMA = new StructType()
            .add(Fields.SYMBOL, StringType)
            .add(Fields.TS, TimestampType)
            .add(Fields.PRICE, DoubleType)
            .add(Fields.VOLUME, LongType)
            .add(Fields.SEQ, LongType)
            .add(Fields.SOURCE, StringType);

    private RawTicks() {
    }

    /**
     * File source over {@code raw/realtime/}: new hour directories are picked up as they appear,
     * at most {@code maxFilesPerTrigger} objects per micro-batch.
     */
    public static Dataset<Row> files(SparkSession spark, String rawRealtimeRoot, int maxFilesPerTrigger) {
        return RawJson.withParsedTs(spark.readStream()
                .schema(RawJson.readSchema(SCHEMA))
                .options(RawJson.readOptions())
                .option("maxFilesPerTrigger", maxFilesPerTrigger)
                .option("pathGlobFilter", "*" + LakeLayout.RAW_SUFFIX)
                .json(rawRealtimeRoot)
                .select(readColumns())); // drops the year/month/day/hour partition columns
    }

    /**
     * The same files, schema and options as {@link #files}, read once as a batch: what the stream's
     * source sees, without the stream (the benchmark's Spark baseline, {@code raw-scan}).
     */
    public static Dataset<Row> read(SparkSession spark, String rawRealtimeRoot) {
        return RawJson.withParsedTs(spark.read()
                .schema(RawJson.readSchema(SCHEMA))
                .options(RawJson.readOptions())
                .option("pathGlobFilter", "*" + LakeLayout.RAW_SUFFIX)
                .json(rawRealtimeRoot)
                .select(readColumns()));
    }

    private static Column[] readColumns() {
        return Arrays.stream(RawJson.readSchema(SCHEMA).fieldNames()).map(functions::col).toArray(Column[]::new);
    }

    /** Kafka source over {@code stock.realtime} for lower latency than waiting for rotated files. */
    public static Dataset<Row> kafka(SparkSession spark, String bootstrapServers, Map<String, String> clientOptions,
            String startingOffsets, long maxOffsetsPerTrigger) {
        return RawJson.withParsedTs(spark.readStream()
                .format("kafka")
                .options(clientOptions)
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("subscribe", Topics.REALTIME)
                .option("startingOffsets", startingOffsets)
                .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
                .option("failOnDataLoss", "true")
                .load()
                .select(from_json(col("value").cast(StringType), RawJson.readSchema(SCHEMA), RawJson.readOptions()).as("t"))
                .select("t.*"));
    }
}
