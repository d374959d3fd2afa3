package io.pathstats.common.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** The versions of the operator rules in route_rules; the newest applies. */
public final class RouteRulesStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public RouteRulesStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public RouteRules current() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version, rules::text, changed_at, changed_by FROM route_rules "
                     + "ORDER BY version DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("route_rules has no version; run the migrations (pathstats migrate)");
            }
            return new RouteRules(rs.getLong(1), RouteRules.parse(wrap(rs.getString(2))), rs.getTimestamp(3).toInstant().toString(),
                    rs.getString(4));
        }
    }

    /** The newest version's number, cheap enough to poll. */
    public long currentVersion() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) FROM route_rules");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Stores {@code rules} as the new current version, unless they equal the current one; returns what is current after. */
    public RouteRules replace(List<RouteRule> rules, String who) throws SQLException {
        RouteRules now = current();
        if (now.rules().equals(rules)) {
            return now;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO route_rules (rules, changed_by) VALUES (?::jsonb, ?)")) {
            ps.setString(1, toJson(rules).get("rules").toString());
            ps.setString(2, who);
            ps.executeUpdate();
        }
        return current();
    }

    /** {"rules": [...]} of these rules. */
    public static ObjectNode toJson(List<RouteRule> rules) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("rules");
        for (RouteRule r : rules) {
            ObjectNode o = list.addObject().put("pattern", r.pattern());
            if (r.keepRaw()) {
                o.put("keepRaw", true);
            }
        }
        return root;
    }

    private static JsonNode wrap(String rulesArray) {
        try {
            return JSON.createObjectNode().set("rules", JSON.readTree(rulesArray));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("route_rules holds a version that is not JSON", e);
        }
    }
}
