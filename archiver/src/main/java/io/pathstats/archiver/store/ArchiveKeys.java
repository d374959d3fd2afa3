package io.pathstats.archiver.store;

import java.time.LocalDate;

/** Object keys in the Hive-style layout that Athena, Spark and DuckDB read as partitions. */
public final class ArchiveKeys {
    private ArchiveKeys() {
    }

    public static String hourObject(LocalDate day, int hour) {
        return String.format("events/dt=%s/hour=%02d/part-00000.ndjson.gz", day, hour);
    }
}
