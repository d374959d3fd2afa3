package io.pathstats.pipeline.deadletter;

import io.pathstats.common.event.InvalidReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record for the dead-letter topic: the original key, value and headers plus the reason. A
 * record that would not fit the topic (the original was near the broker's size limit, and the
 * reason headers push it over) is sent truncated rather than failing: the first bytes of its value,
 * its size and hash, and a header saying so. A dead letter is never dropped and never fatal.
 */
public record DeadLetter(byte[] key, byte[] value, Headers headers) {
    /** Bytes of a truncated value kept: enough to see what the producer sent. */
    public static final int TRUNCATED_VALUE_BYTES = 4 * 1024;
    /** A truncated record keeps at most this much of its key and of its original headers. */
    static final int TRUNCATED_KEY_BYTES = 1024;
    static final int TRUNCATED_HEADER_BYTES = 16 * 1024;
    /** What a record costs beyond its key, value and header bytes (record and batch framing), generously. */
    private static final int FRAMING_BYTES = 1024;

    /**
     * @param maxRecordBytes the most the dead-letter topic takes in one record (its max.message.bytes,
     *                       capped by the producer's max.request.size)
     */
    public static DeadLetter of(byte[] key, byte[] value, Headers original, InvalidReason reason, String detail, String source,
                                int maxRecordBytes) {
        Headers headers = new RecordHeaders(original.toArray());
        add(headers, DlqHeaders.REASON, reason.tag());
        add(headers, DlqHeaders.DETAIL, detail);
        if (source != null) {
            add(headers, DlqHeaders.SOURCE, source);
        }
        if (size(key, value, headers) <= maxRecordBytes) {
            return new DeadLetter(key, value, headers);
        }
        Headers kept = headerBytes(original) <= TRUNCATED_HEADER_BYTES ? new RecordHeaders(original.toArray()) : new RecordHeaders();
        add(kept, DlqHeaders.REASON, reason.tag());
        add(kept, DlqHeaders.DETAIL, detail.length() > 1024 ? detail.substring(0, 1024) : detail);
        if (source != null) {
            add(kept, DlqHeaders.SOURCE, source);
        }
        add(kept, DlqHeaders.TRUNCATED, "true");
        add(kept, DlqHeaders.ORIGINAL_SIZE, Integer.toString(value == null ? 0 : value.length));
        add(kept, DlqHeaders.SHA256, value == null ? "" : sha256(value));
        return new DeadLetter(prefix(key, TRUNCATED_KEY_BYTES), prefix(value, TRUNCATED_VALUE_BYTES), kept);
    }

    public boolean truncated() {
        return headers.lastHeader(DlqHeaders.TRUNCATED) != null;
    }

    static int size(byte[] key, byte[] value, Headers headers) {
        return FRAMING_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length) + headerBytes(headers);
    }

    private static int headerBytes(Headers headers) {
        int bytes = 0;
        for (Header h : headers) {
            bytes += 8 + h.key().length() * 3 + (h.value() == null ? 0 : h.value().length);
        }
        return bytes;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] prefix(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
