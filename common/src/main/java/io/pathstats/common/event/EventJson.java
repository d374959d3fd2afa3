package io.pathstats.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Events in the contract format (occurredAt as an ISO-8601 string), as producers, the validated
 * topic and archives carry them.
 */
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
            if (e.latencyMs() != null) {
                g.writeNumberField("latencyMs", e.latencyMs());
            }
            g.writeStringField("proxyId", e.proxyId());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Reads an event this class wrote (the validated topic, archives). No contract checks: use
     * {@link EventParser} for input from producers.
     */
    public static TrafficEvent read(byte[] json) {
        String eventId = null;
        Instant occurredAt = null;
        String path = null;
        String method = null;
        int status = 0;
        Integer latency = null;
        String proxyId = TrafficEvent.DEFAULT_PROXY_ID;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "eventId" -> eventId = p.getText();
                    case "occurredAt" -> occurredAt = Instant.parse(p.getText());
                    case "path" -> path = p.getText();
                    case "method" -> method = p.getText();
                    case "status" -> status = p.getIntValue();
                    case "latencyMs" -> latency = p.getIntValue();
                    case "proxyId" -> proxyId = p.getText();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (eventId == null || occurredAt == null || path == null || method == null) {
            throw new IllegalArgumentException("incomplete event: " + new String(json, java.nio.charset.StandardCharsets.UTF_8));
        }
        return new TrafficEvent(eventId, occurredAt, path, method, status, latency, proxyId);
    }
}
