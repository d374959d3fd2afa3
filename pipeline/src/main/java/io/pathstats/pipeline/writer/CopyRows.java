package io.pathstats.pipeline.writer;

import io.pathstats.client.TrafficEvent;
import io.pathstats.pipeline.row.EventRow;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The rows of one batch as binary COPY bytes, packed into a few large chunks, each event once. A
 * writer appends each polled record's row and lets the record go at once, so a batch of 50,000
 * events is a handful of arrays rather than 200,000 small objects that every young collection of
 * a 256 MB heap would copy (and then promote) while the batch waits for its transaction. A record
 * whose dedup key (occurred_at, event_id: the detail table's primary key) the batch already holds
 * is counted but not added: the batch's rows go to the detail table with a plain INSERT, which a
 * repeated key would fail (see {@link BatchStore}). Reused from batch to batch.
 */
public final class CopyRows {
    static final int CHUNK = 1 << 20;
    /** Chunks kept for the next batch; a batch of unusually long events may take more, released after it. */
    private static final int KEEP_CHUNKS = 16;
    /** Offset of the dedup key in a stored row (a record without its format byte). */
    private static final int KEY_OFFSET = EventRow.DEDUP_KEY_OFFSET - EventRow.ROW_OFFSET;

    private final List<byte[]> chunks = new ArrayList<>();
    /** Bytes used per chunk: a row never spans two chunks, so that its key can be compared in place. */
    private int[] filled = new int[KEEP_CHUNKS];
    private int chunk;
    private int position;
    private int rows;
    private int events;

    /** Where each row starts (chunk, position), its length, its key's hash and where it was read, by row number. */
    private int[] rowChunk = new int[1024];
    private int[] rowPosition = new int[1024];
    private int[] rowLength = new int[1024];
    private int[] rowHash = new int[1024];
    private int[] rowPartition = new int[1024];
    private long[] rowOffset = new long[1024];
    /** Open addressing over row numbers + 1 (0 = free), at most half full. */
    private int[] slots = new int[2048];

    /**
     * @param record a validated record in the current format ({@link EventRow#currentFormat})
     * @return false if the batch already holds this event (same occurred_at and event_id)
     */
    public boolean add(byte[] record) {
        return add(record, -1, -1);
    }

    /**
     * @param partition the validated topic's partition the record was read from (-1: not from Kafka)
     * @param offset    its offset there, named when the database rejects the row
     * @return false if the batch already holds this event (same occurred_at and event_id)
     */
    public boolean add(byte[] record, int partition, long offset) {
        events++;
        int length = record.length - EventRow.ROW_OFFSET;
        int keyFrom = EventRow.DEDUP_KEY_OFFSET;
        int keyLength = EventRow.dedupKeyLength(record);
        int hash = hash(record, keyFrom, keyLength);
        int slot = findSlot(record, keyFrom, keyLength, hash);
        if (slots[slot] != 0) {
            return false;
        }
        byte[] target = roomFor(length);
        System.arraycopy(record, EventRow.ROW_OFFSET, target, position, length);
        remember(slot, hash, length, partition, offset);
        position += length;
        return true;
    }

    /** The rows {@code from .. to-1} as a batch of their own (for finding the rows PostgreSQL refuses). */
    public CopyRows slice(int from, int to) {
        CopyRows part = new CopyRows();
        for (int row = from; row < to; row++) {
            part.add(record(row), rowPartition[row], rowOffset[row]);
        }
        return part;
    }

    /**
     * The batch with every record whose route the built-in classes named under {@code rewrite}'s
     * route instead; the same batch when no route changes.
     */
    public CopyRows withRoutesOfClasses(UnaryOperator<String> rewrite) {
        CopyRows out = null;
        for (int row = 0; row < rows; row++) {
            byte[] record = record(row);
            String route = EventRow.routeOfClasses(record);
            String rewritten = route == null ? route : rewrite.apply(route);
            boolean changed = rewritten != null && !rewritten.equals(route);
            if (out == null && changed) {
                out = slice(0, row);
            }
            if (out != null) {
                out.add(changed ? EventRow.withRoute(record, rewritten) : record, rowPartition[row], rowOffset[row]);
            }
        }
        return out == null ? this : out;
    }

    /** Row {@code row} as a validated record again (format byte and row), e.g. to dead-letter it. */
    public byte[] record(int row) {
        byte[] record = new byte[EventRow.ROW_OFFSET + rowLength[row]];
        record[0] = EventRow.currentFormatByte();
        System.arraycopy(chunks.get(rowChunk[row]), rowPosition[row], record, EventRow.ROW_OFFSET, rowLength[row]);
        return record;
    }

    /** Where row {@code row} was read, as partition and offset of the validated topic (-1 when not read from it). */
    public int partition(int row) {
        return rowPartition[row];
    }

    public long offset(int row) {
        return rowOffset[row];
    }

    /** Rows to copy: the batch's distinct events. */
    public int size() {
        return rows;
    }

    /** Everything added, repeats within the batch included. */
    public int events() {
        return events;
    }

    public boolean isEmpty() {
        return events == 0;
    }

    void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < chunk; i++) {
            out.write(chunks.get(i), 0, filled[i]);
        }
        if (position > 0) {
            out.write(chunks.get(chunk), 0, position);
        }
    }

    public void clear() {
        while (chunks.size() > KEEP_CHUNKS) {
            chunks.remove(chunks.size() - 1);
        }
        chunks.removeIf(c -> c.length != CHUNK); // a chunk made for one oversized row
        chunk = 0;
        position = 0;
        rows = 0;
        events = 0;
        Arrays.fill(slots, 0);
    }

    public static CopyRows of(List<TrafficEvent> events) {
        CopyRows rows = new CopyRows();
        for (TrafficEvent e : events) {
            rows.add(EventRow.encode(e));
        }
        return rows;
    }

    /** The chunk the next row of {@code length} bytes goes to, from {@link #position}. */
    private byte[] roomFor(int length) {
        if (chunk < chunks.size() && position + length > chunks.get(chunk).length) {
            if (filled.length == chunk) {
                filled = Arrays.copyOf(filled, chunk * 2);
            }
            filled[chunk++] = position;
            position = 0;
        }
        if (chunk == chunks.size()) {
            chunks.add(new byte[Math.max(CHUNK, length)]);
        } else if (chunks.get(chunk).length < length) {
            chunks.add(chunk, new byte[length]);
        }
        return chunks.get(chunk);
    }

    /** The slot holding this key, or the free slot where it belongs. */
    private int findSlot(byte[] record, int keyFrom, int keyLength, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int row = slots[slot] - 1;
            if (row < 0) {
                return slot;
            }
            if (rowHash[row] == hash) {
                byte[] stored = chunks.get(rowChunk[row]);
                int storedFrom = rowPosition[row] + KEY_OFFSET;
                if (Arrays.equals(record, keyFrom, keyFrom + keyLength, stored, storedFrom, storedFrom + keyLength)) {
                    return slot;
                }
            }
        }
    }

    /** Indexes the row just copied to {@link #position} as the next row. */
    private void remember(int slot, int hash, int length, int partition, long offset) {
        if (rows == rowHash.length) {
            rowChunk = Arrays.copyOf(rowChunk, rows * 2);
            rowPosition = Arrays.copyOf(rowPosition, rows * 2);
            rowLength = Arrays.copyOf(rowLength, rows * 2);
            rowHash = Arrays.copyOf(rowHash, rows * 2);
            rowPartition = Arrays.copyOf(rowPartition, rows * 2);
            rowOffset = Arrays.copyOf(rowOffset, rows * 2);
        }
        rowChunk[rows] = chunk;
        rowPosition[rows] = position;
        rowLength[rows] = length;
        rowHash[rows] = hash;
        rowPartition[rows] = partition;
        rowOffset[rows] = offset;
        slots[slot] = ++rows;
        if (2 * rows > slots.length) {
            rehash(slots.length * 2);
        }
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int row = 0; row < rows; row++) {
            int slot = rowHash[row] & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = row + 1;
        }
    }

    private static int hash(byte[] bytes, int from, int length) {
        int h = 1;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16) ^ (h >>> 7);
    }
}
