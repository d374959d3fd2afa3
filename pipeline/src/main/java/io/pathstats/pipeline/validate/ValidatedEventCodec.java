package io.pathstats.pipeline.validate;

import io.pathstats.common.event.TrafficEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The record format of the validated topic, written by the validation stream and read by the
 * PostgreSQL writers only: a format byte, then the event as one row of PostgreSQL's binary COPY
 * format for traffic_events' columns (occurred_at, event_id, path, proxy_id, method, status,
 * latency_ms). The writers pass these bytes to COPY unchanged, so they neither parse nor build
 * objects per event. The timestamp is truncated to microseconds (PostgreSQL's precision) here,
 * in the one place every event passes, so a redelivered event always maps to the same dedup key.
 * The record key names the aggregate row the event adds to ({@link #key}).
 */
public final class ValidatedEventCodec {
    /** Offset of the COPY row within a record value. */
    public static final int ROW_OFFSET = 1;
    /** Offset of the dedup key within a record value: the row's first two columns, after its column count. */
    public static final int DEDUP_KEY_OFFSET = ROW_OFFSET + 2;
    private static final byte FORMAT = 2;
    /** The earlier layout (DataOutput fields); see {@link #currentFormat}. */
    private static final byte FORMAT_1 = 1;
    private static final short COLUMNS = 7;
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private ValidatedEventCodec() {
    }

    /** The first byte of every record of the current format. */
    public static byte currentFormatByte() {
        return FORMAT;
    }

    public static byte[] encode(TrafficEvent e) {
        byte[] eventId = utf8(e.eventId());
        byte[] path = utf8(e.path());
        byte[] proxyId = utf8(e.proxyId());
        byte[] method = utf8(e.method());
        int size = ROW_OFFSET + 2 + (4 + 8) + (4 + eventId.length) + (4 + path.length) + (4 + proxyId.length) + (4 + method.length)
                + (4 + 2) + (e.latencyMs() == null ? 4 : 8);
        ByteBuffer b = ByteBuffer.allocate(size); // big-endian, as COPY wants
        b.put(FORMAT).putShort(COLUMNS);
        b.putInt(8).putLong(pgMicros(e.occurredAt()));
        b.putInt(eventId.length).put(eventId);
        b.putInt(path.length).put(path);
        b.putInt(proxyId.length).put(proxyId);
        b.putInt(method.length).put(method);
        b.putInt(2).putShort((short) e.status());
        if (e.latencyMs() == null) {
            b.putInt(-1);
        } else {
            b.putInt(4).putInt(e.latencyMs());
        }
        return b.array();
    }

    /**
     * The record key: the aggregate row the event adds to (UTC hour, proxy, path). The records of one
     * row share a partition, hence a writer, so two writers never wait on each other's row locks;
     * and a busy path's hours spread over all partitions, so a skewed mix of paths still gives each
     * writer its share. (Keyed by path alone, the busiest path's partition kept one writer going after
     * the other had finished its backlog.) Read from the encoded record ({@link #encode}), whose row
     * already holds the fields' bytes.
     */
    public static byte[] key(byte[] record) {
        ByteBuffer row = ByteBuffer.wrap(record);
        int at = DEDUP_KEY_OFFSET + 4;
        long micros = row.getLong(at);
        at += 8;
        at += 4 + row.getInt(at); // event_id
        int pathLength = row.getInt(at);
        int path = at + 4;
        at = path + pathLength;
        int proxyLength = row.getInt(at);
        int proxy = at + 4;
        long hour = Math.floorDiv(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L), 3_600L);
        return ByteBuffer.allocate(8 + 4 + proxyLength + pathLength)
                .putLong(hour)
                .putInt(proxyLength).put(record, proxy, proxyLength)
                .put(record, path, pathLength)
                .array();
    }

    /**
     * The record value in the current format, ready for COPY: the value itself, checked; a record
     * of format 1, left in the topic by an earlier build when the pipeline was upgraded with a
     * backlog, is converted rather than stopping the writer. Can go once no format-1 record can
     * remain in a deployed validated topic.
     */
    public static byte[] currentFormat(byte[] value) {
        if (value != null && value.length > 0 && value[0] == FORMAT_1) {
            return encode(decodeFormat1(value));
        }
        checkRow(value);
        return value;
    }

    private static TrafficEvent decodeFormat1(byte[] value) {
        try (var in = new DataInputStream(new ByteArrayInputStream(value, 1, value.length - 1))) {
            Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String eventId = in.readUTF();
            String path = in.readUTF();
            String method = in.readUTF();
            int status = in.readShort();
            int latency = in.readInt();
            String proxyId = in.readUTF();
            return new TrafficEvent(eventId, at, path, method, status, latency < 0 ? null : latency, proxyId);
        } catch (IOException e) {
            throw new IllegalArgumentException("validated event of format 1 that cannot be read", e);
        }
    }

    /**
     * Length of a current-format record's dedup key: the bytes of its first two columns, occurred_at
     * and event_id (the detail table's primary key), from {@link #DEDUP_KEY_OFFSET} on. Two records
     * with equal key bytes are the same event. The record must have passed {@link #checkRow}.
     */
    public static int dedupKeyLength(byte[] record) {
        return 4 + 8 + 4 + int32(record, DEDUP_KEY_OFFSET + 4 + 8);
    }

    /**
     * Checks, without copying, that a record value is exactly one row of this format, so that a
     * damaged record stops the writer with its own error instead of failing COPY as if the
     * database were at fault.
     */
    public static void checkRow(byte[] value) {
        if (value == null || value.length < ROW_OFFSET + 2 || value[0] != FORMAT) {
            throw new IllegalArgumentException("validated event of unknown format (first byte "
                    + (value == null || value.length == 0 ? "missing" : Integer.toString(value[0])) + ", expected " + FORMAT + ")");
        }
        long at = ROW_OFFSET + 2;
        for (int column = 0; column < COLUMNS && at <= value.length - 4; column++) {
            int length = int32(value, (int) at);
            at += 4 + Math.max(length, 0); // -1 is NULL
        }
        if (((value[ROW_OFFSET] << 8) | (value[ROW_OFFSET + 1] & 0xff)) != COLUMNS || at != value.length) {
            throw new IllegalArgumentException("validated event with a damaged row (" + value.length + " bytes)");
        }
    }

    public static TrafficEvent decode(byte[] value) {
        checkRow(value);
        try {
            ByteBuffer b = ByteBuffer.wrap(value, ROW_OFFSET + 2, value.length - ROW_OFFSET - 2);
            b.getInt();
            long micros = b.getLong();
            Instant at = Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            String eventId = text(b);
            String path = text(b);
            String proxyId = text(b);
            String method = text(b);
            b.getInt();
            int status = b.getShort();
            int latencyLength = b.getInt();
            Integer latency = latencyLength < 0 ? null : b.getInt();
            return new TrafficEvent(eventId, at, path, method, status, latency, proxyId);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("validated event with a damaged row", e);
        }
    }

    private static int int32(byte[] b, int i) {
        return (b[i] << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /** Microseconds since 2000-01-01, truncating sub-microsecond digits. */
    static long pgMicros(Instant at) {
        return (at.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + at.getNano() / 1_000;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.getInt()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
