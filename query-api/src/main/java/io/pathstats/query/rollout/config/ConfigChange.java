package io.pathstats.query.rollout.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.common.ops.ApiError;
import io.pathstats.query.rollout.routing.IpAddresses;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A validated PUT /paths/migration-config body. Fields present are changed, the rest kept; a
 * phase applies its preset (percentage and comparison), so rollback is {@code {"phase":"LEGACY_ONLY"}}.
 */
public record ConfigChange(Integer newApiPercentage, List<String> forceNewApiIps, List<String> forceOldApiIps,
                           Boolean enableComparison, Integer comparisonEveryN, Phase phase) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("newApiPercentage", "forceNewApiIps", "forceOldApiIps", "enableComparison",
            "comparisonEveryN", "phase");
    private static final int MAX_IPS = 1000;

    public static ConfigChange parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new ApiError(400, "invalid_body", "the body must be a JSON object: " + e.getMessage());
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new ApiError(400, "invalid_body", "the body must be a non-empty JSON object with any of " + FIELDS);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw ApiError.badRequest(field, "unknown field '" + field + "'; allowed: " + FIELDS);
            }
        }
        Phase phase = null;
        if (root.has("phase")) {
            String name = root.get("phase").asText("");
            try {
                phase = Phase.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("phase", "phase must be one of LEGACY_ONLY, SHADOW, NEW_PREFERRED, NEW_ONLY, was '" + name + "'");
            }
        }
        Integer percentage = root.has("newApiPercentage") ? intIn(root.get("newApiPercentage"), "newApiPercentage", 0, 100) : null;
        Boolean comparison = null;
        if (root.has("enableComparison")) {
            if (!root.get("enableComparison").isBoolean()) {
                throw ApiError.badRequest("enableComparison", "enableComparison must be true or false");
            }
            comparison = root.get("enableComparison").booleanValue();
        }
        if (phase != null && percentage != null && percentage != phase.percentage()) {
            throw ApiError.badRequest("newApiPercentage", "phase " + phase + " means newApiPercentage " + phase.percentage()
                    + "; send one or the other");
        }
        Integer everyN = root.has("comparisonEveryN") ? intIn(root.get("comparisonEveryN"), "comparisonEveryN", 1, 1_000_000) : null;
        return new ConfigChange(percentage, ips(root, "forceNewApiIps"), ips(root, "forceOldApiIps"), comparison, everyN, phase);
    }

    /** The config after this change; a phase sets its preset, explicit fields win over nothing else. */
    public RolloutConfig applyTo(RolloutConfig c) {
        int pct = phase != null ? phase.percentage() : newApiPercentage != null ? newApiPercentage : c.newApiPercentage();
        boolean compare = enableComparison != null ? enableComparison : phase != null ? phase.comparison() : c.enableComparison();
        // setting fields individually leaves the named preset behind, unless they match it
        Phase next = phase != null ? phase : (newApiPercentage != null || enableComparison != null) ? null : c.phase();
        return new RolloutConfig(pct, forceNewApiIps != null ? forceNewApiIps : c.forceNewApiIps(),
                forceOldApiIps != null ? forceOldApiIps : c.forceOldApiIps(), compare,
                comparisonEveryN != null ? comparisonEveryN : c.comparisonEveryN(), next, c.updatedAt(), c.updatedBy());
    }

    private static int intIn(JsonNode node, String field, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw ApiError.badRequest(field, field + " must be a whole number from " + min + " to " + max + ", was " + node);
        }
        return node.intValue();
    }

    private static List<String> ips(JsonNode root, String field) {
        if (!root.has(field)) {
            return null;
        }
        JsonNode list = root.get(field);
        if (!list.isArray() || list.size() > MAX_IPS) {
            throw ApiError.badRequest(field, field + " must be an array of at most " + MAX_IPS + " IP addresses");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode ip : list) {
            String canonical = ip.isTextual() ? IpAddresses.canonical(ip.textValue()) : null;
            if (canonical == null) {
                throw ApiError.badRequest(field, field + " contains " + ip + ", which is not an IPv4 or IPv6 address");
            }
            out.add(canonical);
        }
        return out;
    }
}
