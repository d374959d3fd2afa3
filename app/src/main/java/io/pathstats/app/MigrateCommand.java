package io.pathstats.app;

import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.common.config.Settings;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.migrations.SchemaMigrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "migrate", description = "Apply the database migrations (PATHSTATS_DB_URL) and create day partitions ahead.")
final class MigrateCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        try (ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
             HikariDataSource ds = ToolDatabase.open(rt.env, "migrate")) {
            SchemaMigrator.migrate(ds);
            int created = PartitionMaintenance.ensurePartitions(ds, rt.env.integer(Settings.RETENTION_DAYS, 3, 1, 3650));
            System.out.println("schema up to date; " + created + " day partition(s) created");
            return 0;
        }
    }
}
