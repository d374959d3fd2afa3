package io.pathstats.pipeline.writer;

import java.util.List;

/**
 * What one batch did: of its {@code events}, {@code inserted} were new and stored, {@code rejected}
 * were refused by PostgreSQL for their data (they go to the dead-letter topic), the rest were
 * already stored (duplicates).
 */
public record BatchResult(int events, long inserted, List<RejectedRow> rejected) {
    public BatchResult(int events, long inserted) {
        this(events, inserted, List.of());
    }

    public long duplicates() {
        return events - inserted - rejected.size();
    }
}
