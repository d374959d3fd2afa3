package io.pathstats.pipeline.sink;

/** What one batch transaction did: {@code inserted} events were new, the rest were already stored. */
public record BatchResult(int events, long inserted) {
    public long duplicates() {
        return events - inserted;
    }
}
