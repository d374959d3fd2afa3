package io.pathstats.common.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One version of the operator rules, in order (the first match wins), and their JSON form:
 * {@code {"rules":[{"pattern":"/api/v1/users/{id}"},{"pattern":"/internal/**","keepRaw":true}]}}.
 */
public record RouteRules(long version, List<RouteRule> rules, String changedAt, String changedBy) {
    public static final int MAX_RULES = 1_000;

    public RouteRules {
        rules = List.copyOf(rules);
    }

    public RouteTemplater templater() {
        return new RouteTemplater(rules);
    }

    /** A rule list that cannot be used: which rule, and where in its pattern. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /** The rules of a JSON body or file, checked; the message of a failure names the rule and the position. */
    public static List<RouteRule> parse(JsonNode root) {
        if (root == null || !root.isObject() || !root.has("rules") || !root.get("rules").isArray()) {
            throw new Invalid("the body must be {\"rules\": [{\"pattern\": \"/...\", \"keepRaw\": false}, ...]}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("rules")) {
                throw new Invalid("unknown field '" + field + "'; the body has rules only");
            }
        }
        JsonNode list = root.get("rules");
        if (list.size() > MAX_RULES) {
            throw new Invalid("at most " + MAX_RULES + " rules");
        }
        List<RouteRule> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            if (!r.isObject() || !r.has("pattern") || !r.get("pattern").isTextual()) {
                throw new Invalid("rule " + (i + 1) + " must be an object with a pattern string");
            }
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("pattern") && !field.equals("keepRaw")) {
                    throw new Invalid("rule " + (i + 1) + " has an unknown field '" + field + "'; use pattern and keepRaw");
                }
            }
            if (r.has("keepRaw") && !r.get("keepRaw").isBoolean()) {
                throw new Invalid("rule " + (i + 1) + ": keepRaw must be true or false");
            }
            String pattern = r.get("pattern").textValue();
            try {
                out.add(new RouteRule(pattern, r.has("keepRaw") && r.get("keepRaw").booleanValue()));
            } catch (RouteRule.InvalidPattern e) {
                throw new Invalid("rule " + (i + 1) + " (" + pattern + "): " + e.getMessage() + ", at character " + e.position());
            }
        }
        return out;
    }
}
