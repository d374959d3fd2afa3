package io.pathstats.pipeline.sink;

import io.pathstats.common.event.TrafficEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes events as PostgreSQL COPY text rows: tab-separated, \N for NULL, backslash escapes. */
final class CopyEncoder {
    private CopyEncoder() {
    }

    /** Column order: occurred_at, event_id, path, proxy_id, method, status, latency_ms. */
    static byte[] encode(List<TrafficEvent> events) {
        StringBuilder sb = new StringBuilder(events.size() * 120);
        for (TrafficEvent e : events) {
            sb.append(e.occurredAt()).append('\t');
            escape(sb, e.eventId()).append('\t');
            escape(sb, e.path()).append('\t');
            escape(sb, e.proxyId()).append('\t');
            escape(sb, e.method()).append('\t');
            sb.append(e.status()).append('\t');
            if (e.latencyMs() == null) {
                sb.append("\\N");
            } else {
                sb.append(e.latencyMs().intValue());
            }
            sb.append('\n');
        }
        var out = new ByteArrayOutputStream(sb.length() + 16);
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static StringBuilder escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb;
    }
}
