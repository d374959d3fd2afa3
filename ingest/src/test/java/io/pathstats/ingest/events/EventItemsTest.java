package io.pathstats.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pathstats.common.event.EventParser;
import io.pathstats.common.ops.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventItemsTest {
    private static List<EventItems.Item> split(String body) {
        return EventItems.split(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(EventItems.Item item) {
        return new String(item.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void ndjsonLinesKeepTheirNumbersAndBytesBlankLinesAndCarriageReturnsAside() {
        List<EventItems.Item> items = split("{\"a\":1}\r\n\n  \n{\"b\": \"x y\"}\nnot json\n");
        assertThat(items).extracting(EventItems.Item::number).containsExactly(1, 4, 5);
        assertThat(items).extracting(EventItemsTest::text).containsExactly("{\"a\":1}", "{\"b\": \"x y\"}", "not json");
        assertThat(split("{\"last\":true}")).extracting(EventItemsTest::text).containsExactly("{\"last\":true}");
    }

    @Test
    void arrayElementsAreTheExactBytesOfEachObjectAndOtherElementsHaveNone() {
        List<EventItems.Item> items = split(" [ {\"a\":{\"n\":[1,2]}} ,5,\n{\"b\":\"é}\"} ] ");
        assertThat(items).extracting(EventItems.Item::number).containsExactly(1, 2, 3);
        assertThat(text(items.get(0))).isEqualTo("{\"a\":{\"n\":[1,2]}}");
        assertThat(items.get(1).bytes()).isNull();
        assertThat(text(items.get(2))).isEqualTo("{\"b\":\"é}\"}");
    }

    @Test
    void anEmptyBodyOrABrokenArrayIsABadRequestAndAnOversizedEventIsA413NamingIt() {
        assertThatThrownBy(() -> split(" \n ")).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> split("[{\"a\":1}")).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> split("[{\"a\":1}] x")).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
        String big = "{\"p\":\"" + "x".repeat(EventParser.MAX_EVENT_BYTES) + "\"}";
        assertThatThrownBy(() -> split("{}\n" + big)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.getMessage()).contains("line 2");
        });
        assertThatThrownBy(() -> split("[{}," + big + "]")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.getMessage()).contains("element 2"));
    }
}
