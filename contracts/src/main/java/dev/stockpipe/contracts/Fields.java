package dev.stockpipe.contracts;

/**
 * The snake_case field names of every record, defined once. JSON on Kafka and in the raw zone,
 * Spark columns, Parquet columns and warehouse columns all use these names.
 */
public final class Fields {

    // historical bar
    public static final String SYMBOL = "symbol";
    public static final String TS = "ts";
    public static final String INTERVAL = "interval";
    public static final String OPEN = "open";
    public static final String HIGH = "high";
    public static final String LOW = "low";
    public static final String CLOSE = "close";
    public static final String ADJ_CLOSE = "adj_close";
    public static final String VOLUME = "volume";
    public static final String SOURCE = "source";
    public static final String RUN_ID = "run_id";

    // tick
    public static final String PRICE = "price";
    public static final String SEQ = "seq";

    // end-of-run control record
    public static final String RECORDS_SENT = "records_sent";
    public static final String PARTITION_RECORDS = "partition_records";
    public static final String PARTITION_COUNT = "partition_count";

    // daily metrics
    public static final String TRADE_DATE = "trade_date";
    public static final String DAILY_OPEN = "daily_open";
    public static final String DAILY_HIGH = "daily_high";
    public static final String DAILY_LOW = "daily_low";
    public static final String DAILY_CLOSE = "daily_close";
    public static final String DAILY_VOLUME = "daily_volume";
    public static final String PCT_CHANGE = "pct_change";
    public static final String BAR_COUNT = "bar_count";

    // window metrics
    public static final String WINDOW_SIZE = "window_size";
    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";
    public static final String MOVING_AVG = "moving_avg";
    public static final String VOLATILITY = "volatility";
    public static final String TICK_COUNT = "tick_count";

    // warehouse lineage
    public static final String LOADED_AT = "loaded_at";

    // run manifest
    public static final String OBJECTS = "objects";
    public static final String KEY = "key";
    public static final String RECORDS = "records";
    public static final String RECORDS_LANDED = "records_landed";
    public static final String PARTITION = "partition";
    public static final String WRITTEN_AT = "written_at";

    private Fields() {
    }
}
