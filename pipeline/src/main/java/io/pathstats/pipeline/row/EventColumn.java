package io.pathstats.pipeline.row;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.RouteSource;
import io.pathstats.common.route.Routed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The columns of a stored event, in the order of traffic_events (and of its binary COPY rows):
 * the one definition from which the validated record format, the COPY column list, the writers'
 * staging table and INSERT, and the dedup key are derived. {@code EventRowSchemaIT} checks it
 * against the migrated database. A new column is added here (and in a migration) and nowhere else.
 */
public enum EventColumn {
    OCCURRED_AT("occurred_at", "timestamptz", "timestamp with time zone", false) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return ByteBuffer.allocate(8).putLong(EventRow.pgMicros(e.occurredAt())).array();
        }
    },
    EVENT_ID("event_id", "text", "text", false) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return utf8(e.eventId());
        }
    },
    PATH("path", "text", "text", false) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return utf8(e.path());
        }
    },
    PROXY_ID("proxy_id", "text", "text", false) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return utf8(e.proxyId());
        }
    },
    METHOD("method", "text", "text", false) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return utf8(e.method());
        }
    },
    STATUS("status", "smallint", "smallint", false) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return ByteBuffer.allocate(2).putShort((short) e.status()).array();
        }
    },
    /** Microseconds (V8; whole milliseconds before). */
    LATENCY_US("latency_us", "bigint", "bigint", true) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return e.latencyUs() == null ? null : ByteBuffer.allocate(8).putLong(e.latencyUs()).array();
        }
    },
    /** The template the path belongs to; NULL only in rows stored before routes existed (V5). */
    ROUTE("route", "text", "text", true) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return utf8(routed.route());
        }
    },
    /** Who named the route ({@link RouteSource}); NULL in rows stored before V7. */
    ROUTE_SOURCE("route_source", "\"char\"", "\"char\"", true) {
        @Override
        byte[] value(TrafficEvent e, Routed routed) {
            return new byte[] {(byte) routed.source().code()};
        }
    };

    /** The detail table's primary key, and so the dedup key: the leading columns. */
    public static final int KEY_COLUMNS = 2;

    private final String column;
    private final String ddlType;
    private final String informationSchemaType;
    private final boolean nullable;

    EventColumn(String column, String ddlType, String informationSchemaType, boolean nullable) {
        this.column = column;
        this.ddlType = ddlType;
        this.informationSchemaType = informationSchemaType;
        this.nullable = nullable;
    }

    /**
     * The value in PostgreSQL's binary format (big-endian), or null for SQL NULL.
     *
     * @param routed the route the event is counted under and who named it
     */
    abstract byte[] value(TrafficEvent e, Routed routed);

    public String column() {
        return column;
    }

    public String ddlType() {
        return ddlType;
    }

    /** The type as information_schema.columns.data_type names it. */
    public String informationSchemaType() {
        return informationSchemaType;
    }

    public boolean nullable() {
        return nullable;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
