package dev.stockpipe.spark.daily;

import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.contracts.job.JobRunner;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes a run authoritative for its whole date range. Dynamic partition overwrite only replaces
 * the {@code date=} partitions a run writes; a requested date that now produces no rows (its raw
 * bars were removed or all turned out invalid) would keep the output of an earlier run. After a
 * successful write, this deletes the {@code date=D/} directories of requested dates the run did
 * not write. One listing of the output root, not one request per date, so long ranges stay cheap.
 */
final class StaleDatePartitions {

    private static final String PREFIX = DailyMetricsJob.DATE_PARTITION + "=";

    private StaleDatePartitions() {
    }

    /**
     * Deletes {@code outputRoot/date=D/} for every D in {@code range} that is not in {@code written}.
     *
     * @return the dates deleted, ascending
     */
    static List<LocalDate> delete(Configuration conf, String outputRoot, JobArgs.DateRange range,
            Collection<LocalDate> written) {
        Path root = new Path(outputRoot);
        Set<LocalDate> keep = Set.copyOf(written);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(root)) {
                return List.of();
            }
            TreeSet<LocalDate> stale = new TreeSet<>();
            List<Path> dirs = new ArrayList<>();
            for (FileStatus s : fs.listStatus(root, p -> p.getName().startsWith(PREFIX))) {
                LocalDate d = parse(s.getPath().getName().substring(PREFIX.length()));
                if (s.isDirectory() && d != null && !d.isBefore(range.from()) && !d.isAfter(range.to()) && !keep.contains(d)) {
                    stale.add(d);
                    dirs.add(s.getPath());
                }
            }
            for (Path dir : dirs) {
                if (!fs.delete(dir, true) && fs.exists(dir)) {
                    throw new IOException("delete of " + dir + " returned false");
                }
            }
            return List.copyOf(stale);
        } catch (IOException e) {
            throw new JobRunner.JobFailure("The daily metrics were written, but the output of requested dates that "
                    + "produced no rows could not be deleted under " + outputRoot
                    + ": rerun the job to finish the cleanup", e);
        }
    }

    private static LocalDate parse(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
