package io.pathstats.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Writes events in the contract format (occurredAt as an ISO-8601 string), as producers and archives carry them. */
public final class EventJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    public static byte[] toBytes(TrafficEvent event) {
        var out = new ByteArrayOutputStream(192);
        write(event, out);
        return out.toByteArray();
    }

    public static void write(TrafficEvent e, OutputStream out) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("occurredAt", e.occurredAt().toString());
            g.writeStringField("path", e.path());
            g.writeStringField("method", e.method());
            g.writeNumberField("status", e.status());
            if (e.latencyUs() != null) {
                writeLatencyMs(g, e.latencyUs());
            }
            g.writeStringField("proxyId", e.proxyId());
            if (e.route() != null) {
                g.writeStringField("route", e.route());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Whole milliseconds as an integer (what producers before decimals read), otherwise a decimal such as 12.5. */
    private static void writeLatencyMs(JsonGenerator g, long latencyUs) throws IOException {
        if (latencyUs % 1000 == 0) {
            g.writeNumberField("latencyMs", latencyUs / 1000);
        } else {
            g.writeNumberField("latencyMs", BigDecimal.valueOf(latencyUs, 3).stripTrailingZeros());
        }
    }
}
