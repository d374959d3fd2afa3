package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.embedded.FreePorts;
import io.pathstats.testing.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged CLI against a real PostgreSQL, and against none: errors that say what was tried and what to do. */
class CliErrorsIT {
    private record Run(int exit, String output) {
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString());
        pb.command().addAll(List.of(args));
        pb.environment().keySet().removeIf(k -> k.startsWith("PATHSTATS_"));
        pb.environment().putAll(env);
        Path log = Files.createTempFile(Path.of("target"), "cli-", ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void withoutAReachableDatabaseMigrateAndReaggregateNameTheUrlAndTheSetting() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + FreePorts.pick() + "/nowhere";
        for (String[] args : new String[][] {{"migrate"}, {"reaggregate", "--from", "2026-12-01T00", "--to", "2026-12-01T02"}}) {
            Run r = run(Map.of("PATHSTATS_DB_URL", url), args);
            assertThat(r.exit()).as(r.output()).isEqualTo(2);
            assertThat(r.output()).contains("cannot reach PostgreSQL at " + url).contains("PATHSTATS_DB_URL");
        }
    }

    @Test
    void restoringADayWithNothingArchivedSaysSoAndLeavesNoFile() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            File out = new File("target/restore-empty-day.ndjson");
            Files.deleteIfExists(out.toPath());
            Run r = run(Map.of("PATHSTATS_DB_URL", db.settings().url(), "PATHSTATS_DB_USER", db.settings().user()),
                    "archive", "restore", "--day", "2026-11-18", "--out", out.getPath());
            assertThat(r.exit()).as(r.output()).isEqualTo(1);
            assertThat(r.output()).contains("no archived hour of 2026-11-18").contains("nothing to restore");
            assertThat(out).doesNotExist();
        }
    }
}
