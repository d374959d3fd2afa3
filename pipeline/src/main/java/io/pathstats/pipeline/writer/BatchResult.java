package io.pathstats.pipeline.writer;

import java.util.List;

/**
 * What one batch did: of its {@code events}, {@code inserted} were new and stored, {@code rejected}
 * were refused by PostgreSQL for their data (they go to the dead-letter topic), the rest were
 * already stored (duplicates). Of the inserted, {@code overflowed} were counted under the overflow
 * route (their proxy was at its cap of routes); {@code collapsed} positions became {var}.
 */
public record BatchResult(int events, long inserted, List<RejectedRow> rejected, long overflowed, int collapsed) {
    public BatchResult(int events, Stored stored) {
        this(events, stored, List.of());
    }

    public BatchResult(int events, Stored stored, List<RejectedRow> rejected) {
        this(events, stored.inserted(), rejected, stored.overflowed(), stored.collapsed());
    }

    public long duplicates() {
        return events - inserted - rejected.size();
    }

    /** What the transactions of a batch stored. */
    public record Stored(long inserted, long overflowed, int collapsed) {
        static final Stored NOTHING = new Stored(0, 0, 0);

        Stored plus(Stored o) {
            return new Stored(inserted + o.inserted, overflowed + o.overflowed, collapsed + o.collapsed);
        }
    }
}
