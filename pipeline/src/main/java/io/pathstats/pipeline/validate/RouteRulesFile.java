package io.pathstats.pipeline.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Settings;
import io.pathstats.common.route.RouteRule;
import io.pathstats.common.route.RouteRules;
import io.pathstats.common.route.RouteRulesStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route rules kept in a file ({@code PATHSTATS_ROUTE_RULES_FILE}, the body of {@code PUT /routes/rules}),
 * made the current version at start-up when they differ from it; a file that cannot be used stops the
 * start with the rule and position that are wrong.
 */
public final class RouteRulesFile {
    private static final Logger log = LoggerFactory.getLogger(RouteRulesFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteRulesFile() {
    }

    public static void apply(Path file, RouteRulesStore store) {
        List<RouteRule> rules;
        try {
            rules = RouteRules.parse(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new ConfigException(Settings.ROUTE_RULES_FILE + "=" + file + " cannot be read as JSON: " + e.getMessage());
        } catch (RouteRules.Invalid e) {
            throw new ConfigException(Settings.ROUTE_RULES_FILE + "=" + file + ": " + e.getMessage());
        }
        try {
            RouteRules before = store.current();
            RouteRules now = store.replace(rules, "file:" + file);
            if (now.version() != before.version()) {
                log.info("route rules from {} stored as version {} ({} rule(s))", file, now.version(), rules.size());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the route rules of " + file + ": " + e.getMessage(), e);
        }
    }
}
