package io.pathstats.query.legacy;

import io.pathstats.query.api.PathsResponse;
import io.pathstats.query.paths.PathsRequest;

/** The read path being replaced: answers /paths in the same contract, marked dataSource "legacy". */
public interface LegacyPaths {
    PathsResponse read(PathsRequest request) throws Exception;
}
