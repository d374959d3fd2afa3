package io.pathstats.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.query.paths.PathsReader;
import io.pathstats.query.snapshot.SnapshotCache;
import io.pathstats.query.snapshot.SnapshotRepository;
import java.time.Clock;
import javax.sql.DataSource;

/** The query API's parts wired together; the HTTP server is the process's (see HttpServer). */
public final class QueryApiService implements AutoCloseable {
    private final SnapshotCache cache;
    private final QueryApiRoutes routes;

    private QueryApiService(SnapshotCache cache, QueryApiRoutes routes) {
        this.cache = cache;
        this.routes = routes;
    }

    public static QueryApiService start(QueryApiConfig config, DataSource dataSource, MeterRegistry registry, Clock clock) {
        SnapshotCache cache = new SnapshotCache(new SnapshotRepository(dataSource), config.snapshotMaxAge(), clock, registry);
        cache.start(config.snapshotPoll());
        return new QueryApiService(cache, new QueryApiRoutes(new PathsReader(cache, dataSource, clock)));
    }

    public QueryApiRoutes routes() {
        return routes;
    }

    @Override
    public void close() {
        cache.close();
    }
}
