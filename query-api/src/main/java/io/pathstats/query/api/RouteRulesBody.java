package io.pathstats.query.api;

import java.util.List;

/** The body of {@code GET} and {@code PUT /routes/rules}: the current version of the operator rules, in order. */
public record RouteRulesBody(long version, List<Rule> rules, String changedAt, String changedBy) {
    /** @param keepRaw a matching path is kept as its own route */
    public record Rule(String pattern, boolean keepRaw) {
    }
}
