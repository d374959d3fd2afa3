package io.pathstats.pipeline.validate;

import io.pathstats.common.event.TrafficEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The record format of the validated topic, written by the validation stream and read by the
 * PostgreSQL writers only. Binary rather than JSON: both ends are ours, and the writers would
 * otherwise spend much of their time re-parsing JSON and ISO timestamps. The timestamp keeps
 * full precision, so a redelivered event maps to the same dedup key.
 */
public final class ValidatedEventCodec {
    private static final byte VERSION = 1;

    private ValidatedEventCodec() {
    }

    public static byte[] encode(TrafficEvent e) {
        var bytes = new ByteArrayOutputStream(64 + e.path().length() + e.eventId().length());
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(e.occurredAt().getEpochSecond());
            out.writeInt(e.occurredAt().getNano());
            out.writeUTF(e.eventId());
            out.writeUTF(e.path());
            out.writeUTF(e.method());
            out.writeShort(e.status());
            out.writeInt(e.latencyMs() == null ? -1 : e.latencyMs());
            out.writeUTF(e.proxyId());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    public static TrafficEvent decode(byte[] value) {
        try (var in = new DataInputStream(new ByteArrayInputStream(value))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("validated event of unknown format version " + version);
            }
            Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String eventId = in.readUTF();
            String path = in.readUTF();
            String method = in.readUTF();
            int status = in.readShort();
            int latency = in.readInt();
            String proxyId = in.readUTF();
            return new TrafficEvent(eventId, at, path, method, status, latency < 0 ? null : latency, proxyId);
        } catch (IOException ex) {
            throw new UncheckedIOException("unreadable validated event", ex);
        }
    }
}
