package io.pathstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.common.event.TrafficEvent;
import io.pathstats.pipeline.validate.ValidatedEventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyRowsTest {
    private static final Instant AT = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void holdsTheRowsBytesInOrderAcrossChunkBoundaries() throws IOException {
        List<byte[]> records = new ArrayList<>();
        // long paths, so that the rows cross several chunk boundaries at odd positions
        for (int i = 0; records.stream().mapToInt(r -> r.length).sum() < 3 * CopyRows.CHUNK; i++) {
            records.add(ValidatedEventCodec.encode(new TrafficEvent("id-" + i, AT, "/p/" + "x".repeat(i % 2000), "GET", 200, i, "edge")));
        }
        CopyRows rows = new CopyRows();
        records.forEach(rows::add);

        assertThat(rows.size()).isEqualTo(records.size());
        assertThat(bytes(rows)).isEqualTo(expected(records));
    }

    @Test
    void aClearedBatchStartsEmptyAndIsReused() throws IOException {
        CopyRows rows = new CopyRows();
        byte[] big = ValidatedEventCodec.encode(new TrafficEvent("a", AT, "/" + "y".repeat(2000), "GET", 200, 1, "edge"));
        for (int i = 0; i < 20 * CopyRows.CHUNK / big.length; i++) {
            rows.add(big);
        }
        rows.clear();
        assertThat(rows.isEmpty()).isTrue();
        assertThat(bytes(rows)).isEmpty();

        byte[] small = ValidatedEventCodec.encode(new TrafficEvent("b", AT, "/s", "POST", 503, null, "edge"));
        rows.add(small);
        assertThat(rows.size()).isEqualTo(1);
        assertThat(bytes(rows)).isEqualTo(expected(List.of(small)));
    }

    private static byte[] bytes(CopyRows rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rows.writeTo(out);
        return out.toByteArray();
    }

    /** COPY's rows are the records without their format byte. */
    private static byte[] expected(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.write(r, ValidatedEventCodec.ROW_OFFSET, r.length - ValidatedEventCodec.ROW_OFFSET);
        }
        return out.toByteArray();
    }
}
