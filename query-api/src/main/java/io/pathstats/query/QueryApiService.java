package io.pathstats.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.route.RouteRulesStore;
import io.pathstats.query.legacy.ExactSqlPaths;
import io.pathstats.query.legacy.HttpLegacyPaths;
import io.pathstats.query.legacy.LegacyPaths;
import io.pathstats.query.paths.Examples;
import io.pathstats.query.paths.PathsReader;
import io.pathstats.query.paths.Timeseries;
import io.pathstats.query.rollout.config.RolloutConfigCache;
import io.pathstats.query.rollout.config.RolloutConfigStore;
import io.pathstats.query.rollout.report.CompareReport;
import io.pathstats.query.rollout.report.RolloutStatus;
import io.pathstats.query.rollout.routing.ClientIpResolver;
import io.pathstats.query.rollout.routing.RoutedPaths;
import io.pathstats.query.routes.RouteRulesRoutes;
import io.pathstats.query.snapshot.SnapshotCache;
import io.pathstats.query.snapshot.SnapshotRepository;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** The query API's parts wired together; the HTTP server is the process's (see HttpServer). */
public final class QueryApiService implements AutoCloseable {
    private final SnapshotCache cache;
    private final PathsReader reader;
    private final RolloutConfigCache configs;
    private final ThreadPoolExecutor shadow;
    private final QueryApiRoutes routes;

    private QueryApiService(SnapshotCache cache, PathsReader reader, RolloutConfigCache configs, ThreadPoolExecutor shadow,
                            QueryApiRoutes routes) {
        this.cache = cache;
        this.reader = reader;
        this.configs = configs;
        this.shadow = shadow;
        this.routes = routes;
    }

    public static QueryApiService start(QueryApiConfig config, DataSource dataSource, MeterRegistry registry, AdminAuth auth, Clock clock) {
        SnapshotCache cache = new SnapshotCache(new SnapshotRepository(dataSource), config.snapshotMaxAge(), clock, registry);
        cache.start(config.snapshotPoll());
        PathsReader reader = new PathsReader(cache, dataSource, clock);
        LegacyPaths legacy = config.legacyUrl().<LegacyPaths>map(u -> new HttpLegacyPaths(u, config.legacyTimeout()))
                .orElseGet(() -> new ExactSqlPaths(reader));
        RolloutConfigStore store = new RolloutConfigStore(dataSource);
        RolloutConfigCache configs = new RolloutConfigCache(store);
        configs.start(config.snapshotPoll());
        RolloutStatus status = new RolloutStatus(registry);
        // shadow comparisons run off the request thread, one at a time; when they pile up, new ones are skipped
        ThreadPoolExecutor shadow = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "shadow-comparison");
            t.setDaemon(true);
            return t;
        });
        RoutedPaths paths = new RoutedPaths(reader, legacy, configs, status, shadow);
        return new QueryApiService(cache, reader, configs, shadow, new QueryApiRoutes(paths, new ClientIpResolver(config.trustedProxies()),
                store, configs, status, auth, new CompareReport(reader, legacy), new Timeseries(dataSource, clock), new Examples(dataSource, clock),
                new RouteRulesRoutes(new RouteRulesStore(dataSource), auth)));
    }

    public QueryApiRoutes routes() {
        return routes;
    }

    @Override
    public void close() {
        shadow.shutdownNow();
        configs.close();
        reader.close();
        cache.close();
    }
}
