package io.pathstats.common.ops;

import io.javalin.config.RoutesConfig;

/** The HTTP routes one service contributes; standalone mode puts every service's routes on one server. */
@FunctionalInterface
public interface ServiceRoutes {
    void addTo(RoutesConfig routes);
}
