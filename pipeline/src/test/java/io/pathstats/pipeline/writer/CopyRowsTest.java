package io.pathstats.pipeline.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.client.TrafficEvent;
import io.pathstats.pipeline.row.EventRow;
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
            records.add(EventRow.encode(new TrafficEvent("id-" + i, AT, "/p/" + "x".repeat(i % 2000), "GET", 200, i, "edge")));
        }
        CopyRows rows = new CopyRows();
        records.forEach(rows::add);

        assertThat(rows.size()).isEqualTo(records.size());
        assertThat(bytes(rows)).isEqualTo(expected(records));
    }

    @Test
    void aClearedBatchStartsEmptyAndIsReused() throws IOException {
        CopyRows rows = new CopyRows();
        for (int i = 0; i < 20 * CopyRows.CHUNK / 2000; i++) {
            rows.add(EventRow.encode(new TrafficEvent("a" + i, AT, "/" + "y".repeat(2000), "GET", 200, 1, "edge")));
        }
        rows.clear();
        assertThat(rows.isEmpty()).isTrue();
        assertThat(bytes(rows)).isEmpty();

        byte[] small = EventRow.encode(new TrafficEvent("b", AT, "/s", "POST", 503, null, "edge"));
        assertThat(rows.add(small)).isTrue();
        assertThat(rows.size()).isEqualTo(1);
        assertThat(bytes(rows)).isEqualTo(expected(List.of(small)));
    }

    @Test
    void keepsTheFirstOfEventsWithTheSameTimeAndIdAndCountsEveryOne() throws IOException {
        byte[] a = EventRow.encode(new TrafficEvent("a", AT, "/x", "GET", 200, 1, "edge"));
        byte[] sameIdOtherPath = EventRow.encode(new TrafficEvent("a", AT, "/y", "GET", 503, 9, "edge"));
        byte[] sameIdLater = EventRow.encode(new TrafficEvent("a", AT.plusNanos(1_000), "/x", "GET", 200, 1, "edge"));
        byte[] longerId = EventRow.encode(new TrafficEvent("ab", AT, "/x", "GET", 200, 1, "edge"));
        CopyRows rows = new CopyRows();

        assertThat(rows.add(a)).isTrue();
        assertThat(rows.add(a.clone())).isFalse();
        assertThat(rows.add(sameIdOtherPath)).as("the primary key is (occurred_at, event_id)").isFalse();
        assertThat(rows.add(sameIdLater)).isTrue();
        assertThat(rows.add(longerId)).isTrue();

        assertThat(rows.events()).isEqualTo(5);
        assertThat(rows.size()).isEqualTo(3);
        assertThat(bytes(rows)).isEqualTo(expected(List.of(a, sameIdLater, longerId)));
    }

    @Test
    void findsRepeatsAmongManyRowsAndAfterAClear() {
        CopyRows rows = new CopyRows();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 30_000; i++) {
                rows.add(EventRow.encode(new TrafficEvent("id-" + i, AT.plusSeconds(i % 7), "/p" + (i % 100), "GET", 200, i, "edge")));
            }
            for (int i = 0; i < 30_000; i += 3) {
                assertThat(rows.add(EventRow.encode(new TrafficEvent("id-" + i, AT.plusSeconds(i % 7), "/q", "POST", 500, 0, "e"))))
                        .isFalse();
            }
            assertThat(rows.size()).isEqualTo(30_000);
            assertThat(rows.events()).isEqualTo(40_000);
            rows.clear();
        }
    }

    @Test
    void aRowLongerThanAChunkGetsAChunkOfItsOwn() throws IOException {
        byte[] small = EventRow.encode(new TrafficEvent("s", AT, "/s", "GET", 200, 1, "edge"));
        byte[] huge = EventRow.encode(new TrafficEvent("h", AT, "/" + "z".repeat(CopyRows.CHUNK), "GET", 200, 1, "edge"));
        CopyRows rows = new CopyRows();
        rows.add(small);
        rows.add(huge);
        rows.add(small.clone());
        assertThat(bytes(rows)).isEqualTo(expected(List.of(small, huge)));

        rows.clear();
        rows.add(huge);
        rows.add(small);
        assertThat(bytes(rows)).isEqualTo(expected(List.of(huge, small)));
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
            out.write(r, EventRow.ROW_OFFSET, r.length - EventRow.ROW_OFFSET);
        }
        return out.toByteArray();
    }
}
