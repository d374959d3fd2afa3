package io.pathstats.pipeline.sink;

import io.pathstats.common.event.TrafficEvent;
import io.pathstats.pipeline.validate.ValidatedEventCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one batch as binary COPY bytes, packed into a few large chunks. A writer appends each
 * polled record's row and lets the record go at once, so a batch of 50,000 events is a handful of
 * arrays rather than 200,000 small objects that every young collection of a 256 MB heap would copy
 * (and then promote) while the batch waits for its transaction. Reused from batch to batch.
 */
public final class CopyRows {
    static final int CHUNK = 1 << 20;
    /** Chunks kept for the next batch; a batch of unusually long events may take more, released after it. */
    private static final int KEEP_CHUNKS = 16;

    private final List<byte[]> chunks = new ArrayList<>();
    private int chunk;
    private int position;
    private int rows;

    /** @param record a validated record in the current format ({@link ValidatedEventCodec#currentFormat}) */
    public void add(byte[] record) {
        int from = ValidatedEventCodec.ROW_OFFSET;
        int remaining = record.length - from;
        while (remaining > 0) {
            if (chunk == chunks.size()) {
                chunks.add(new byte[CHUNK]);
            }
            byte[] target = chunks.get(chunk);
            int n = Math.min(remaining, target.length - position);
            System.arraycopy(record, from, target, position, n);
            from += n;
            remaining -= n;
            position += n;
            if (position == target.length) {
                chunk++;
                position = 0;
            }
        }
        rows++;
    }

    public int size() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < chunk; i++) {
            out.write(chunks.get(i));
        }
        if (position > 0) {
            out.write(chunks.get(chunk), 0, position);
        }
    }

    public void clear() {
        while (chunks.size() > KEEP_CHUNKS) {
            chunks.remove(chunks.size() - 1);
        }
        chunk = 0;
        position = 0;
        rows = 0;
    }

    public static CopyRows of(List<TrafficEvent> events) {
        CopyRows rows = new CopyRows();
        for (TrafficEvent e : events) {
            rows.add(ValidatedEventCodec.encode(e));
        }
        return rows;
    }
}
