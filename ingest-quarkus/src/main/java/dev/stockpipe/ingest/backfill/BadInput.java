package dev.stockpipe.ingest.backfill;

/**
 * A backfill request that cannot run as given. Names the field in the caller's spelling
 * ({@code from} in JSON, {@code --from} on the command line) and says what to change; REST turns
 * it into a 400, the job into exit code 2. Nothing was sent.
 */
public final class BadInput extends RuntimeException {

    /** The fields of a backfill request, as REST bodies and the command line spell them. */
    public enum Field {
        SOURCE("source"),
        SYMBOLS("symbols"),
        FROM("from"),
        TO("to"),
        INTERVAL("interval"),
        RUN_ID("run_id", "run-id");

        private final String json;
        private final String option;

        Field(String name) {
            this(name, name);
        }

        Field(String json, String option) {
            this.json = json;
            this.option = option;
        }

        public String json() {
            return json;
        }

        public String option() {
            return "--" + option;
        }
    }

    /** Who asked, so messages use their spelling of the field names. */
    public enum Caller {
        REST, COMMAND_LINE;

        String name(Field f) {
            return this == REST ? "'" + f.json() + "'" : f.option();
        }
    }

    private final Field field;

    BadInput(Field field, String message) {
        super(message);
        this.field = field;
    }

    public Field field() {
        return field;
    }
}
