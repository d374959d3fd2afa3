package io.pathstats.app;

import io.pathstats.common.config.Env;
import io.pathstats.common.config.Settings;
import java.nio.file.Path;

/** Where standalone keeps Kafka logs, PostgreSQL data, S3 objects and Streams state. */
final class DataDir {
    private DataDir() {
    }

    static Path resolve(Env env) {
        return Path.of(env.string(Settings.DATA_DIR, "./data")).toAbsolutePath().normalize();
    }

    /** The embedded PostgreSQL's cluster, and the file that keeps its port. */
    static Path postgres(Path dataDir) {
        return dataDir.resolve("postgres");
    }
}
