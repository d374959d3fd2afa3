package io.pathstats.pipeline.row;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.RouteSource;
import io.pathstats.common.route.Routed;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A validated event as the validation stream writes it and the PostgreSQL writers read it: a
 * format byte, then the event as one row of PostgreSQL's binary COPY format with the columns of
 * {@link EventColumn}, in their order. The writers pass these bytes to COPY unchanged, so they
 * neither parse nor build objects per event. The timestamp is truncated to microseconds
 * (PostgreSQL's precision) in the one place every event passes, so a redelivered event always
 * maps to the same dedup key. The record key names the aggregate row the event adds to ({@link #key}).
 */
public final class EventRow {
    /** Offset of the COPY row within a record value. */
    public static final int ROW_OFFSET = 1;
    /** Offset of the dedup key within a record value: the row's {@link EventColumn#KEY_COLUMNS} first columns, after its column count. */
    public static final int DEDUP_KEY_OFFSET = ROW_OFFSET + 2;
    private static final EventColumn[] COLUMNS = EventColumn.values();
    private static final byte FORMAT = 5;
    /**
     * The earlier layouts (DataOutput fields; the row without its route; without route_source; latency
     * as a 4-byte count of milliseconds); see {@link #currentFormat}.
     */
    private static final byte FORMAT_1 = 1;
    private static final byte FORMAT_2 = 2;
    private static final int FORMAT_2_COLUMNS = EventColumn.ROUTE.ordinal();
    private static final byte FORMAT_3 = 3;
    private static final int FORMAT_3_COLUMNS = EventColumn.ROUTE_SOURCE.ordinal();
    private static final byte FORMAT_4 = 4;
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private EventRow() {
    }

    /** The columns in row order, for COPY and INSERT: {@code occurred_at, event_id, ...}. */
    public static String columnList() {
        return Arrays.stream(COLUMNS).map(EventColumn::column).collect(Collectors.joining(", "));
    }

    /** Column definitions for a table that takes these rows, e.g. the writers' staging table. */
    public static String columnDefinitions() {
        return Arrays.stream(COLUMNS).map(c -> c.column() + " " + c.ddlType()).collect(Collectors.joining(", "));
    }

    /** The first byte of every record of the current format. */
    public static byte currentFormatByte() {
        return FORMAT;
    }

    /** The event under its producer's route, or, when it names none, its path as if the built-in classes kept it. */
    public static byte[] encode(TrafficEvent e) {
        return encode(e, e.route() != null ? Routed.byProducer(e.route()) : new Routed(e.path(), RouteSource.CLASSES));
    }

    /** @param routed the route it is counted under and who named it */
    public static byte[] encode(TrafficEvent e, Routed routed) {
        byte[][] values = new byte[COLUMNS.length][];
        int size = ROW_OFFSET + 2;
        for (int i = 0; i < COLUMNS.length; i++) {
            values[i] = COLUMNS[i].value(e, routed);
            size += 4 + (values[i] == null ? 0 : values[i].length);
        }
        ByteBuffer b = ByteBuffer.allocate(size); // big-endian, as COPY wants
        b.put(FORMAT).putShort((short) COLUMNS.length);
        for (byte[] v : values) {
            if (v == null) {
                b.putInt(-1);
            } else {
                b.putInt(v.length).put(v);
            }
        }
        return b.array();
    }

    /**
     * The record key: the aggregate row the event adds to (UTC hour, proxy, route). The records of one
     * row share a partition, hence a writer, so two writers never wait on each other's row locks;
     * and a busy route's hours spread over all partitions, so a skewed mix of routes still gives each
     * writer its share. (Keyed by path alone, the busiest path's partition kept one writer going after
     * the other had finished its backlog.) Read from the encoded record ({@link #encode}), whose row
     * already holds the fields' bytes.
     */
    public static byte[] key(byte[] record) {
        ByteBuffer row = ByteBuffer.wrap(record);
        int[] start = columnStarts(record);
        long micros = row.getLong(start[EventColumn.OCCURRED_AT.ordinal()] + 4);
        int route = start[EventColumn.ROUTE.ordinal()];
        int proxy = start[EventColumn.PROXY_ID.ordinal()];
        int routeLength = row.getInt(route);
        int proxyLength = row.getInt(proxy);
        long hour = Math.floorDiv(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L), 3_600L);
        return ByteBuffer.allocate(8 + 4 + proxyLength + routeLength)
                .putLong(hour)
                .putInt(proxyLength).put(record, proxy + 4, proxyLength)
                .put(record, route + 4, routeLength)
                .array();
    }

    /** Where each column's length field starts in a current-format record. */
    private static int[] columnStarts(byte[] record) {
        int[] start = new int[COLUMNS.length];
        int at = DEDUP_KEY_OFFSET;
        for (int i = 0; i < COLUMNS.length; i++) {
            start[i] = at;
            at += 4 + Math.max(0, int32(record, at));
        }
        return start;
    }

    /** The route the record is counted under, if the built-in classes named it (else null: a producer's or a rule's route). */
    public static String routeOfClasses(byte[] record) {
        int[] start = columnStarts(record);
        int source = start[EventColumn.ROUTE_SOURCE.ordinal()];
        if (int32(record, source) != 1 || record[source + 4] != (byte) RouteSource.CLASSES.code()) {
            return null;
        }
        int route = start[EventColumn.ROUTE.ordinal()];
        return new String(record, route + 4, int32(record, route), StandardCharsets.UTF_8);
    }

    /** The record with another route, every other byte the same. */
    public static byte[] withRoute(byte[] record, String newRoute) {
        int route = columnStarts(record)[EventColumn.ROUTE.ordinal()];
        int oldLength = int32(record, route);
        byte[] bytes = newRoute.getBytes(StandardCharsets.UTF_8);
        int tail = route + 4 + oldLength;
        ByteBuffer b = ByteBuffer.allocate(record.length - oldLength + bytes.length);
        b.put(record, 0, route).putInt(bytes.length).put(bytes).put(record, tail, record.length - tail);
        return b.array();
    }

    /**
     * The record value in the current format, ready for COPY: the value itself, checked; a record
     * of an earlier format (1: DataOutput fields; 2: the row before routes, whose route is its path; 3: before route_source;
     * 4: latency in whole milliseconds),
     * left in the topic by an earlier build when the pipeline was upgraded with a backlog, is
     * converted rather than dead-lettered. Can go once no such record can remain in a deployed
     * validated topic.
     *
     * @throws IllegalArgumentException when the value is in neither format
     */
    public static byte[] currentFormat(byte[] value) {
        if (value != null && value.length > 0 && value[0] == FORMAT_1) {
            return encode(decodeFormat1(value));
        }
        if (value != null && value.length > 0 && value[0] == FORMAT_2) {
            checkRow(value, FORMAT_2, FORMAT_2_COLUMNS);
            return encode(decodeRow(value, FORMAT_2_COLUMNS, true));
        }
        if (value != null && value.length > 0 && value[0] == FORMAT_3) {
            checkRow(value, FORMAT_3, FORMAT_3_COLUMNS);
            TrafficEvent e = decodeRow(value, FORMAT_3_COLUMNS, true);
            return encode(e.withRoute(null), new Routed(e.routeOrPath(), RouteSource.CLASSES)); // derived, as far as anyone can tell now
        }
        if (value != null && value.length > 0 && value[0] == FORMAT_4) {
            checkRow(value, FORMAT_4, COLUMNS.length);
            return withLatencyInMicros(value);
        }
        checkRow(value);
        return value;
    }

    /** A format-4 row with its 4-byte latency in milliseconds widened to 8 bytes of microseconds, every other byte the same. */
    private static byte[] withLatencyInMicros(byte[] value) {
        int latency = columnStarts(value)[EventColumn.LATENCY_US.ordinal()];
        if (int32(value, latency) < 0) {
            byte[] same = value.clone();
            same[0] = FORMAT;
            return same;
        }
        int tail = latency + 8;
        ByteBuffer b = ByteBuffer.allocate(value.length + 4);
        b.put(FORMAT).put(value, 1, latency - 1).putInt(8).putLong(int32(value, latency + 4) * 1000L).put(value, tail, value.length - tail);
        return b.array();
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
     * Length of a current-format record's dedup key: the bytes of its {@link EventColumn#KEY_COLUMNS}
     * first columns (the detail table's primary key, occurred_at and event_id), from
     * {@link #DEDUP_KEY_OFFSET} on. Two records with equal key bytes are the same event. The record
     * must have passed {@link #checkRow}.
     */
    public static int dedupKeyLength(byte[] record) {
        int at = DEDUP_KEY_OFFSET;
        for (int i = 0; i < EventColumn.KEY_COLUMNS; i++) {
            at += 4 + int32(record, at);
        }
        return at - DEDUP_KEY_OFFSET;
    }

    /**
     * Checks, without copying, that a record value is exactly one row of this format, so that a
     * damaged record is dead-lettered as such instead of failing COPY as if the database were at fault.
     */
    public static void checkRow(byte[] value) {
        checkRow(value, FORMAT, COLUMNS.length);
    }

    private static void checkRow(byte[] value, byte format, int columns) {
        if (value == null || value.length < ROW_OFFSET + 2 || value[0] != format) {
            throw new IllegalArgumentException("validated event of unknown format (first byte "
                    + (value == null || value.length == 0 ? "missing" : Integer.toString(value[0])) + ", expected " + FORMAT + ")");
        }
        long at = ROW_OFFSET + 2;
        for (int column = 0; column < columns && at <= value.length - 4; column++) {
            int length = int32(value, (int) at);
            at += 4 + Math.max(length, 0); // -1 is NULL
        }
        if (((value[ROW_OFFSET] << 8) | (value[ROW_OFFSET + 1] & 0xff)) != columns || at != value.length) {
            throw new IllegalArgumentException("validated event with a damaged row (" + value.length + " bytes)");
        }
    }

    public static TrafficEvent decode(byte[] value) {
        checkRow(value);
        return decodeRow(value, COLUMNS.length, false);
    }

    /**
     * The event of a checked row of the first {@code columns} columns (the ones after are NULL);
     * {@code latencyInMs}: a row of format 2 or 3, whose latency is a 4-byte count of milliseconds.
     */
    private static TrafficEvent decodeRow(byte[] value, int columns, boolean latencyInMs) {
        try {
            ByteBuffer b = ByteBuffer.wrap(value, ROW_OFFSET + 2, value.length - ROW_OFFSET - 2);
            ByteBuffer[] fields = new ByteBuffer[COLUMNS.length];
            for (int i = 0; i < columns; i++) {
                int length = b.getInt();
                if (length >= 0) {
                    fields[i] = b.slice(b.position(), length);
                    b.position(b.position() + length);
                }
            }
            long micros = fields[EventColumn.OCCURRED_AT.ordinal()].getLong();
            Instant at = Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            ByteBuffer latency = fields[EventColumn.LATENCY_US.ordinal()];
            Long latencyUs = latency == null ? null : latencyInMs ? latency.getInt() * 1000L : latency.getLong();
            ByteBuffer route = fields[EventColumn.ROUTE.ordinal()];
            return new TrafficEvent(text(fields[EventColumn.EVENT_ID.ordinal()]), at, text(fields[EventColumn.PATH.ordinal()]),
                    text(fields[EventColumn.METHOD.ordinal()]), fields[EventColumn.STATUS.ordinal()].getShort(),
                    latencyUs, text(fields[EventColumn.PROXY_ID.ordinal()]), route == null ? null : text(route));
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
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

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
