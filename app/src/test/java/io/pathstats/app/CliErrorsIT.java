package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.embedded.FreePorts;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged CLI against a real PostgreSQL, and against none: errors that say what was tried and what to do. */
class CliErrorsIT {
    private record Run(int exit, String output, String stdout) {
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        return run(env, null, args);
    }

    /** Runs the jar; {@code output} is standard output and error together, {@code stdout} the standard output alone. */
    private static Run run(Map<String, String> env, Path stdin, String... args) throws Exception {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString());
        pb.command().addAll(List.of(args));
        pb.environment().keySet().removeIf(k -> k.startsWith("PATHSTATS_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(Path.of("target"), "cli-", ".out");
        Path err = Files.createTempFile(Path.of("target"), "cli-", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        return new Run(p.exitValue(), stdout + Files.readString(err, StandardCharsets.UTF_8), stdout);
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

    @Test
    void produceChecksEveryLineBeforePublishingAndSaysWhatItDid() throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(1);
        Map<String, String> env = Map.of("PATHSTATS_KAFKA_BOOTSTRAP", kafka.bootstrap(), "PATHSTATS_TOPIC", kafka.topic());
        Run missing = run(env, "produce", "--file", "target/no-such-events.ndjson");
        assertThat(missing.exit()).as(missing.output()).isEqualTo(2);
        assertThat(missing.output()).contains("no such file").contains("no-such-events.ndjson");

        Path events = Files.createTempFile(Path.of("target"), "events-", ".ndjson");
        String now = Instant.now().toString();
        Files.writeString(events, "{\"eventId\":\"p-1\",\"occurredAt\":\"" + now + "\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200}\n"
                + "{\"eventId\":\"p-2\",\"path\":\"/a\"}\n\n"
                + "{\"eventId\":\"p-3\",\"occurredAt\":\"" + now + "\",\"path\":\"/b\",\"method\":\"GET\",\"status\":200,\"latencyMs\":0.35}\n");
        Run checked = run(env, "produce", "--file", events.toString());
        assertThat(checked.exit()).as(checked.output()).isEqualTo(1);
        assertThat(checked.output()).contains("line 2 rejected: missing_field").contains("2 line(s) valid, 1 invalid; published 2 event(s)");

        Run unchecked = run(env, events, "produce", "--no-validate");
        assertThat(unchecked.exit()).as(unchecked.output()).isZero();
        assertThat(unchecked.output()).contains("3 line(s) sent unchecked (--no-validate); published 3 event(s)");
    }

    @Test
    void healthNamesTheUrlItTriedAndExitsNonZeroWhenNothingAnswers() throws Exception {
        String url = "http://127.0.0.1:" + FreePorts.pick() + "/health";
        Run r = run(Map.of(), "health", url);
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("no answer from " + url);
    }

    @Test
    void aBenchmarkPrintsItsJsonFigureAsTheLastLineOfStandardOutputAndLogsElsewhere() throws Exception {
        Run r = run(Map.of(), "bench", "ingest", "--events", "4000", "--warmup", "0");
        assertThat(r.exit()).as(r.output()).isZero();
        List<String> lines = r.stdout().lines().toList();
        JsonNode figure = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(figure.get("bench").asText()).isEqualTo("ingest");
        assertThat(figure.get("exact").asBoolean()).isTrue();
        assertThat(r.stdout()).doesNotContain(" INFO ").doesNotContain(" WARN ");
    }
}
