package io.pathstats.pipeline.writer;


/**
 * An event PostgreSQL refused to store for its data (not for an outage), with the database's
 * error and where it was read from the validated topic ({@code partition} -1 when it was not).
 */
public record RejectedRow(byte[] record, int partition, long offset, String error) {
}
