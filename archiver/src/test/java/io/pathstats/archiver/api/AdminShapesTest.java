package io.pathstats.archiver.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON of the archiver's admin records: what `pathstats jobs` and operators' scripts read. */
class AdminShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jobsRunsAndStorage() {
        JobRun run = new JobRun(7, "archive", "manual", "succeeded", null, "s", "f", 120, 10, 2048, "ok");
        JsonNode jobs = JSON.valueToTree(new JobsResponse(List.of(new JobInfo("archive", "d", "0 0 2 * * ? (UTC)", "n", null, run))));
        assertThat(fields(jobs.get("jobs").get(0))).containsExactly("job", "description", "schedule", "nextFire", "previousFire", "lastRun");
        assertThat(fields(jobs.get("jobs").get(0).get("lastRun"))).containsExactly("id", "job", "trigger", "status", "scheduledFor",
                "startedAt", "finishedAt", "durationMs", "rows", "bytes", "message");
        assertThat(fields(JSON.valueToTree(new JobRunsResponse(List.of(run))))).containsExactly("runs");
        assertThat(fields(JSON.valueToTree(new RunStarted(7, "archive", "running")))).containsExactly("runId", "job", "status");

        JsonNode storage = JSON.valueToTree(new StorageReport("g", Map.of("traffic_events", 8192L),
                List.of(new StorageReport.Partition("2026-12-01", 10, 8192, 24)), 0,
                new StorageReport.Archive(24, 10, 4096, "2026-12-01", "2026-12-01", null, 0)));
        assertThat(fields(storage)).containsExactly("generatedAt", "tableBytes", "partitions", "defaultPartitionRows", "archive");
        assertThat(fields(storage.get("partitions").get(0))).containsExactly("day", "rows", "bytes", "archivedHours");
        assertThat(fields(storage.get("archive"))).containsExactly("objects", "rows", "bytes", "firstDay", "lastDay",
                "oldestUnarchivedDay", "overdueDays");
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
