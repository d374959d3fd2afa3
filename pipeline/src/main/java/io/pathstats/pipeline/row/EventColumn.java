package io.pathstats.pipeline.row;

import io.pathstats.common.event.TrafficEvent;
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
        byte[] value(TrafficEvent e, String route) {
            return ByteBuffer.allocate(8).putLong(EventRow.pgMicros(e.occurredAt())).array();
        }
    },
    EVENT_ID("event_id", "text", "text", false) {
        @Override
        byte[] value(TrafficEvent e, String route) {
            return utf8(e.eventId());
        }
    },
    PATH("path", "text", "text", false) {
        @Override
        byte[] value(TrafficEvent e, String route) {
            return utf8(e.path());
        }
    },
    PROXY_ID("proxy_id", "text", "text", false) {
        @Override
        byte[] value(TrafficEvent e, String route) {
            return utf8(e.proxyId());
        }
    },
    METHOD("method", "text", "text", false) {
        @Override
        byte[] value(TrafficEvent e, String route) {
            return utf8(e.method());
        }
    },
    STATUS("status", "smallint", "smallint", false) {
        @Override
        byte[] value(TrafficEvent e, String route) {
            return ByteBuffer.allocate(2).putShort((short) e.status()).array();
        }
    },
    LATENCY_MS("latency_ms", "integer", "integer", true) {
        @Override
        byte[] value(TrafficEvent e, String route) {
            return e.latencyMs() == null ? null : ByteBuffer.allocate(4).putInt(e.latencyMs()).array();
        }
    },
    /** The template the path belongs to; NULL only in rows stored before routes existed (V5). */
    ROUTE("route", "text", "text", true) {
        @Override
        byte[] value(TrafficEvent e, String route) {
            return utf8(route);
        }
    },
    /** Whether the producer named the route (else the pipeline derived it); NULL in rows stored before V7. */
    ROUTE_GIVEN("route_given", "boolean", "boolean", true) {
        @Override
        byte[] value(TrafficEvent e, String route) {
            return new byte[] {(byte) (e.route() != null ? 1 : 0)};
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
     * @param route the route the event is counted under: the producer's ({@code e.route()}) or the derived one
     */
    abstract byte[] value(TrafficEvent e, String route);

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
