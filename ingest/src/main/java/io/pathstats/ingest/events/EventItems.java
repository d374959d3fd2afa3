package io.pathstats.ingest.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.ops.ApiError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events of a POST /events body, each with its number and exactly the bytes the client sent
 * for it: a JSON array (numbered from 1 by element) when the body starts with {@code [}, otherwise
 * NDJSON (numbered by line, blank lines skipped). An event over the contract's size limit makes the
 * whole body a 413 naming it.
 */
public final class EventItems {
    /** One event of the body; {@code bytes} is null for an array element that is not a JSON object. */
    public record Item(int number, byte[] bytes) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private EventItems() {
    }

    public static List<Item> split(byte[] body) {
        int first = 0;
        while (first < body.length && isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length) {
            throw new ApiError(400, "invalid_body", "the body holds no events; send NDJSON (one event per line) or a JSON array of events");
        }
        return body[first] == '[' ? arrayElements(body) : lines(body);
    }

    private static List<Item> lines(byte[] body) {
        List<Item> items = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!isBlank(body, start, stop)) {
                checkSize(line, "line", stop - start);
                items.add(new Item(line, Arrays.copyOfRange(body, start, stop)));
            }
            start = end + 1;
        }
        return items;
    }

    private static List<Item> arrayElements(byte[] body) {
        List<Item> items = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            p.nextToken(); // [
            int element = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new ApiError(400, "invalid_body", "the JSON array of events is not closed");
                }
                element++;
                if (t == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    checkSize(element, "element", end - start);
                    items.add(new Item(element, Arrays.copyOfRange(body, start, end)));
                } else {
                    p.skipChildren();
                    items.add(new Item(element, null));
                }
            }
            if (p.nextToken() != null) {
                throw new ApiError(400, "invalid_body", "unexpected content after the JSON array of events");
            }
        } catch (IOException e) {
            throw new ApiError(400, "invalid_body", "the body starts with [ but is not a JSON array of events: " + e.getMessage());
        }
        return items;
    }

    private static void checkSize(int number, String what, int bytes) {
        if (bytes > EventParser.MAX_EVENT_BYTES) {
            throw new ApiError(413, "event_too_large", what + " " + number + " is " + bytes + " bytes; an event may be at most "
                    + EventParser.MAX_EVENT_BYTES + " bytes");
        }
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isWhitespace(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
