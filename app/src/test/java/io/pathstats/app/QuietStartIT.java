package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator reads the first minute of the log: a normal start of standalone, and the start after
 * a kill -9 on the same data directory, log no ERROR and no WARN in their first 30 s.
 */
class QuietStartIT {
    private static final Duration FIRST = Duration.ofSeconds(30);

    @Test
    void aFreshStartAndARestartAfterKillNineAreQuiet(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        StandaloneProcess.Site site = StandaloneProcess.Site.create(dataDir, "target/quiet-start-1.log");
        Files.deleteIfExists(Path.of(site.log()));
        StandaloneProcess first = StandaloneProcess.start(site);
        awaitFirstSeconds(first);
        first.kill9();
        assertThat(complaints(site.log())).as("first start, first 30 s").isEmpty();

        StandaloneProcess.Site again = new StandaloneProcess.Site(dataDir, site.kafkaPort(), site.httpPort(), site.s3Port(),
                "target/quiet-start-2.log");
        Files.deleteIfExists(Path.of(again.log()));
        try (StandaloneProcess second = StandaloneProcess.start(again)) {
            awaitFirstSeconds(second);
            assertThat(complaints(again.log())).as("start after kill -9, first 30 s").isEmpty();
        }
    }

    private static void awaitFirstSeconds(StandaloneProcess p) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(p::healthy);
        await().atMost(FIRST.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> Duration.ofNanos(System.nanoTime() - p.startedNanos).compareTo(FIRST) >= 0);
    }

    private static List<String> complaints(String log) throws Exception {
        return Files.readAllLines(Path.of(log), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList();
    }
}
