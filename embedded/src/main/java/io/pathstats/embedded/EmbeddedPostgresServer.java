package io.pathstats.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (the zonky binaries) started from this JVM. Zonky defaults to
 * fsync=off and synchronous_commit=off; {@code durable} turns both back on for data a user keeps.
 * A kept data directory also keeps its port ({@link StablePort}); a server that a killed JVM left
 * running there is stopped first, and a watchdog stops this one should this JVM be killed.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final ParentWatchdog watchdog;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, ParentWatchdog watchdog) {
        this.postgres = postgres;
        this.watchdog = watchdog;
    }

    /** Where a kept data directory records its server's port. */
    public static Path portFile(Path dataDir) {
        return dataDir.resolve("port");
    }

    /**
     * @param dataDir        an existing cluster there is reused, so data survives restarts
     * @param port           0 picks a free port, kept in the data directory unless it is deleted on close
     * @param durable        fsync and synchronous_commit on
     * @param deleteOnClose  remove the data directory when the server is closed (throw-away test data)
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean durable, boolean deleteOnClose) {
        try {
            Files.createDirectories(dataDir);
            Path pgdata = dataDir.resolve("pgdata");
            LeftoverPostmaster.stopIfRunning(pgdata);
            int chosen = port != 0 ? port : deleteOnClose ? FreePorts.pick() : StablePort.of(portFile(dataDir));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(dataDir.resolve("binaries").toFile())
                    .setDataDirectory(pgdata)
                    .setCleanDataDirectory(deleteOnClose)
                    // we stop it ourselves, after the services that use it; zonky's own hook would race them
                    .setRegisterShutdownHook(false)
                    .setPort(chosen)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("shared_buffers", "1GB")
                    .setServerConfig("max_wal_size", "4GB")
                    // the WAL writer flushes a writer's large batch transaction while it runs (every 10 ms
                    // instead of 200), so its commit waits for the last few milliseconds of WAL only
                    .setServerConfig("wal_writer_delay", "10ms");
            EmbeddedPostgres pg = builder.start();
            // PostgreSQL runs detached from this JVM; SIGINT is its fast shutdown
            ParentWatchdog watchdog = LeftoverPostmaster.find(pgdata)
                    .map(postmaster -> ParentWatchdog.guard(postmaster.pid(), pgdata.resolve("postmaster.pid"), "INT"))
                    .orElse(null);
            log.info("PostgreSQL started on 127.0.0.1:{} (data in {}, durable={})", pg.getPort(), pgdata, durable);
            return new EmbeddedPostgresServer(pg, watchdog);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return jdbcUrl(port(), database);
    }

    /** The URL of a database of an embedded server listening on {@code port} (one started by another process). */
    public static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates the database if it does not exist yet. */
    public void ensureDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case identifier: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    /** The server process, for fault tests that stop and restart it. */
    public Process process() {
        return postgres.getProcess();
    }

    @Override
    public void close() {
        try {
            postgres.close();
            if (watchdog != null) {
                watchdog.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
