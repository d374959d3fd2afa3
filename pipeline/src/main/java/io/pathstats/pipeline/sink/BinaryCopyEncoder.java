package io.pathstats.pipeline.sink;

import io.pathstats.common.event.TrafficEvent;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * PostgreSQL binary COPY rows for (occurred_at timestamptz, event_id text, path text, proxy_id
 * text, method text, status smallint, latency_ms integer). Binary, not text: no escaping, no
 * timestamp formatting on the client, no parsing on the server.
 */
final class BinaryCopyEncoder {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final short COLUMNS = 7;

    private BinaryCopyEncoder() {
    }

    static void write(List<TrafficEvent> events, DataOutputStream out) throws IOException {
        out.write(SIGNATURE);
        out.writeInt(0); // flags
        out.writeInt(0); // header extension length
        for (TrafficEvent e : events) {
            out.writeShort(COLUMNS);
            out.writeInt(8);
            out.writeLong(pgMicros(e.occurredAt()));
            text(out, e.eventId());
            text(out, e.path());
            text(out, e.proxyId());
            text(out, e.method());
            out.writeInt(2);
            out.writeShort(e.status());
            if (e.latencyMs() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(4);
                out.writeInt(e.latencyMs());
            }
        }
        out.writeShort(-1); // trailer
    }

    /**
     * Microseconds since 2000-01-01, truncating sub-microsecond digits. Every write of an event
     * goes through here, so a redelivery always yields the same key.
     */
    static long pgMicros(Instant at) {
        return (at.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + at.getNano() / 1_000;
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
