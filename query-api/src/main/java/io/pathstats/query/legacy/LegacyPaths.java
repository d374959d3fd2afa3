package io.pathstats.query.legacy;

import io.pathstats.query.api.PathsResponse;
import io.pathstats.query.paths.PathsRequest;

/** The read path being replaced: answers /paths in the same contract, marked dataSource "legacy". */
public interface LegacyPaths {
    /** Whether this path can answer the request at all (a remote service knows fewer windows and orders); else the new path must. */
    boolean answers(PathsRequest request);

    PathsResponse read(PathsRequest request) throws Exception;
}
