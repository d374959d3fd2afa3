package io.pathstats.common.stats;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The payload of path_snapshots: gzip-compressed JSON of the entries (100k paths stay a few MB). */
public final class SnapshotCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {
    };

    private SnapshotCodec() {
    }

    /**
     * Wire form of one entry; lastAccessed as epoch millis keeps decoding cheap; versions before routes
     * named it path; versions before sketches had no p50, p90 or coarse (they read as null and false).
     */
    record Entry(@JsonAlias("path") String route, String proxyId, long requests, long errors, long clientErrors, Double avgLatencyMs,
                 Double p50LatencyMs, Double p90LatencyMs, Double p95LatencyMs, Double p99LatencyMs, Double maxLatencyMs,
                 boolean latencyCoarse, long lastAccessedMs) {
    }

    public static byte[] encode(List<PathStat> stats) {
        List<Entry> entries = stats.stream().map(s -> new Entry(s.route(), s.proxyId(), s.requestCount(), s.errorCount(),
                s.clientErrorCount(), s.avgLatencyMs(), s.latencies().p50Ms(), s.latencies().p90Ms(), s.latencies().p95Ms(),
                s.latencies().p99Ms(), s.latencies().maxMs(), s.latencies().coarse(), s.lastAccessed().toEpochMilli())).toList();
        var bytes = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(bytes, 1 << 16)) {
            JSON.writeValue(gzip, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<PathStat> decode(byte[] payload) {
        try (var gzip = new GZIPInputStream(new ByteArrayInputStream(payload), 1 << 16)) {
            List<Entry> entries = JSON.readValue(gzip, ENTRIES);
            return entries.stream().map(e -> new PathStat(e.route(), e.proxyId(), e.requests(), e.errors(), e.clientErrors(),
                    e.avgLatencyMs(), new PathStat.Latencies(e.p50LatencyMs(), e.p90LatencyMs(), e.p95LatencyMs(), e.p99LatencyMs(),
                            e.maxLatencyMs(), e.latencyCoarse()), Instant.ofEpochMilli(e.lastAccessedMs()))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot payload is not readable", e);
        }
    }
}
