package io.pathstats.app;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.Settings;
import io.pathstats.common.db.DataSources;
import io.pathstats.common.ops.BuildInfo;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.KafkaMeterFilter;
import io.pathstats.migrations.SchemaMigrator;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service process shares: metrics registry, health registry, the database pool, and
 * an orderly shutdown that closes everything in reverse order of opening (Ctrl-C, SIGTERM).
 */
final class ServiceRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceRuntime.class);

    final Env env;
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HealthRegistry health = new HealthRegistry();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    ServiceRuntime(Env env) {
        this.env = env;
        env.rejectUnknown(Settings.ALL);
        // before any meter exists: a filter applies to meters registered after it only
        metrics.config().meterFilter(KafkaMeterFilter.forSetting(env.string(Settings.METRICS_KAFKA, "operator")));
        BuildInfo.bindTo(metrics);
        health.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmCompilationMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
    }

    static ServiceRuntime fromSystemEnv() {
        return new ServiceRuntime(Env.system());
    }

    <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.push(closeable);
        return closeable;
    }

    /** The pool, registered for health and shutdown; migrations applied unless PATHSTATS_MIGRATE_ON_START=false. */
    HikariDataSource database(DbSettings db, String poolName) {
        HikariDataSource ds = closeLater(DataSources.create(db, poolName));
        health.register(DataSources.healthCheck(ds));
        if (env.bool(Settings.MIGRATE_ON_START, true)) {
            SchemaMigrator.migrate(ds);
        }
        return ds;
    }

    /** Blocks until the JVM is asked to stop, then closes everything. */
    void awaitShutdown() throws InterruptedException {
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
