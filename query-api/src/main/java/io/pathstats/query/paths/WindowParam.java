package io.pathstats.query.paths;

import io.pathstats.common.ops.ApiError;
import io.pathstats.common.ops.QueryParams;
import io.pathstats.common.stats.StatsWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The time window a request asks for: a named one ending with the current hour ({@code window=7d})
 * or an explicit range ({@code from}/{@code to}, rounded out to whole hours), at most
 * {@link StatsWindow#MAX_DAYS} days. Bad values are a 400 naming the parameter.
 *
 * @param name   1h, 6h, 24h, 7d or 30d; "range" for from/to
 * @param length of a named window, else null
 * @param to     end of a range; null for "up to now"
 */
public record WindowParam(String name, Duration length, Instant from, Instant to) {
    public static final Map<String, Duration> NAMED = namedWindows();
    public static final WindowParam DEFAULT = new WindowParam("24h", Duration.ofHours(24), null, null);
    public static final String RANGE = "range";

    private static Map<String, Duration> namedWindows() {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("1h", Duration.ofHours(1));
        m.put("6h", Duration.ofHours(6));
        m.put("24h", Duration.ofHours(24));
        m.put("7d", Duration.ofDays(7));
        m.put("30d", Duration.ofDays(30));
        return Map.copyOf(m);
    }

    static WindowParam parse(QueryParams params) {
        String name = params.text("window", 8);
        Instant from = params.instant("from", null);
        Instant to = params.instant("to", null);
        if (name != null && (from != null || to != null)) {
            throw ApiError.badRequest("window", "give either window or from/to, not both");
        }
        if (from == null && to == null) {
            if (name == null) {
                return DEFAULT;
            }
            Duration length = NAMED.get(name);
            if (length == null) {
                throw ApiError.badRequest("window", "window must be one of 1h, 6h, 24h, 7d, 30d, was '" + name + "'");
            }
            return new WindowParam(name, length, null, null);
        }
        if (from == null) {
            throw ApiError.badRequest("from", "from is required with to (ISO-8601 instants such as 2026-11-22T00:00:00Z)");
        }
        Instant end = to == null ? Instant.now() : to;
        if (!from.isBefore(end)) {
            throw ApiError.badRequest("from", "from must be before to");
        }
        if (StatsWindow.covering(from, end).length().compareTo(Duration.ofDays(StatsWindow.MAX_DAYS)) > 0) {
            throw ApiError.badRequest("from", "the range may span at most " + StatsWindow.MAX_DAYS + " days");
        }
        return new WindowParam(RANGE, null, from, to);
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** The hours of this window at {@code now}: a range rounded out to whole hours (without to, up to now). */
    public StatsWindow resolve(Instant now) {
        return from != null ? StatsWindow.covering(from, to == null ? now : to) : StatsWindow.last(length, now);
    }

    /** The key of a shared list: a named window is one list whatever the hour, a range (with its end, or open) its own. */
    String cacheKey() {
        return from != null ? from + "/" + to : name;
    }
}
