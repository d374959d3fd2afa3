package io.pathstats.app;

import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.archiver.restore.ArchiveRestorer;
import io.pathstats.archiver.store.ArchiveMetadata;
import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.S3Settings;
import io.pathstats.common.config.Settings;
import io.pathstats.common.s3.S3Clients;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "archive", description = "Work with archived detail rows in S3.", subcommands = ArchiveCommand.Restore.class)
final class ArchiveCommand {
    private ArchiveCommand() {
    }

    @Command(name = "restore", description = {"Stream an archived day back as NDJSON contract events, verifying every object's",
            "SHA-256, size and row count against archive_metadata."})
    static final class Restore implements Callable<Integer> {
        @Option(names = "--day", required = true, description = "the UTC day, e.g. 2026-11-18")
        String day;

        @Option(names = "--out", description = "file to write (default: standard output)")
        Path out;

        @Override
        public Integer call() throws Exception {
            LocalDate date;
            try {
                date = LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                throw new ConfigException("--day " + day + " is not a date such as 2026-11-18");
            }
            ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
            S3Settings s3settings = S3Settings.fromEnv(rt.env);
            try (HikariDataSource ds = ToolDatabase.open(rt.env, "restore");
                 S3Client s3 = S3Clients.create(s3settings)) {
                ArchiveRestorer restorer = new ArchiveRestorer(ds, s3, s3settings.bucket());
                List<ArchiveMetadata.ArchivedHour> hours = restorer.objects(date);
                if (hours.isEmpty()) {
                    System.err.printf("no archived hour of %s in archive_metadata: nothing to restore (the archive job archives days once "
                            + "they are older than the detail retention; is %s the right database?)%n", date, Settings.DB_URL);
                    return 1;
                }
                // checked before the output file is created: a day that cannot be restored leaves no empty file behind
                long expected = restorer.completeDay(date).stream().mapToLong(ArchiveMetadata.ArchivedHour::rows).sum();
                try (OutputStream target = new BufferedOutputStream(out == null ? System.out : Files.newOutputStream(out), 1 << 16);
                     ProgressBar bar = new ProgressBarBuilder().setTaskName("restoring " + date).setInitialMax(expected)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).build()) {
                    long rows = restorer.restore(date, target, bar::stepTo);
                    System.err.printf("restored %d rows of %s, every object verified%n", rows, date);
                }
            }
            return 0;
        }
    }
}
