package io.pathstats.query.legacy;

import io.pathstats.query.api.PathsResponse;
import io.pathstats.query.paths.PathsReader;
import io.pathstats.query.paths.PathsRequest;

/** Without an upstream service, the legacy path is the direct SQL aggregation: always exact, slower. */
public final class ExactSqlPaths implements LegacyPaths {
    private final PathsReader reader;

    public ExactSqlPaths(PathsReader reader) {
        this.reader = reader;
    }

    @Override
    public boolean answers(PathsRequest request) {
        return true;
    }

    @Override
    public PathsResponse read(PathsRequest request) throws Exception {
        return reader.exactFromDatabase(request);
    }
}
