package io.pathstats.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.archiver.jobs.ArchiverJob;
import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Settings;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The archiver's jobs over its admin API, with the same token and checks as any HTTP client. */
@Command(name = "jobs", description = "List or run archiver jobs through the admin API (PATHSTATS_ARCHIVER_URL, PATHSTATS_ADMIN_TOKEN).",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.RunJob.class})
final class JobsCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobsCommand() {
    }

    @Command(name = "list", description = "Each job's schedule, next fire and last run.")
    static final class ListJobs implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            AdminClient admin = AdminClient.fromEnv();
            JsonNode jobs = admin.get("/admin/jobs").get("jobs");
            System.out.printf("%-15s %-22s %-26s %s%n", "JOB", "SCHEDULE", "NEXT FIRE", "LAST RUN");
            for (JsonNode j : jobs) {
                JsonNode last = j.get("lastRun");
                String lastRun = last == null || last.isNull() ? "never"
                        : last.get("status").asText() + " " + last.get("startedAt").asText() + " (" + last.get("durationMs").asLong()
                        + " ms, " + last.get("rows").asLong() + " rows) " + (last.get("message").isNull() ? "" : last.get("message").asText());
                System.out.printf("%-15s %-22s %-26s %s%n", j.get("job").asText(), j.get("schedule").asText(),
                        j.get("nextFire").isNull() ? "-" : j.get("nextFire").asText(), lastRun);
            }
            return 0;
        }
    }

    @Command(name = "run", description = "Start a job now; with --wait, follow it to the end (exit 1 if it failed).")
    static final class RunJob implements Callable<Integer> {
        @Parameters(index = "0", description = "the job: " + ArchiverJob.NAMES)
        String job;

        @Option(names = "--wait", description = "wait for the run to finish, with a progress bar")
        boolean await;

        @Override
        public Integer call() throws Exception {
            AdminClient admin = AdminClient.fromEnv();
            long runId = admin.post("/admin/jobs/" + job + "/run").get("runId").asLong();
            System.out.println("started " + job + " run " + runId);
            if (!await) {
                return 0;
            }
            JsonNode run;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(job + " run " + runId).setInitialMax(-1)
                    .setStyle(ProgressBarStyle.ASCII).build()) {
                while (true) {
                    run = find(admin.get("/admin/jobs/runs?job=" + job + "&limit=50").get("runs"), runId);
                    if (run != null && !"running".equals(run.get("status").asText())) {
                        break;
                    }
                    Thread.sleep(500);
                    bar.step();
                }
            }
            System.out.printf("%s run %d %s in %d ms: %s%n", job, runId, run.get("status").asText(), run.get("durationMs").asLong(),
                    run.get("message").asText());
            return "succeeded".equals(run.get("status").asText()) ? 0 : 1;
        }

        private static JsonNode find(JsonNode runs, long id) {
            for (JsonNode r : runs) {
                if (r.get("id").asLong() == id) {
                    return r;
                }
            }
            return null;
        }
    }

    /** Minimal client of the admin API; errors carry the server's message. */
    record AdminClient(String baseUrl, String token, HttpClient http) {
        static AdminClient fromEnv() {
            var env = io.pathstats.common.config.Env.system();
            return new AdminClient(env.uri(Settings.ARCHIVER_URL, "http://127.0.0.1:8080").toString().replaceAll("/$", ""),
                    env.secret(Settings.ADMIN_TOKEN, ""), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        }

        JsonNode get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
        }

        JsonNode post(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
        }

        private JsonNode send(HttpRequest.Builder request) throws Exception {
            if (!token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> r;
            try {
                r = http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                throw new ConfigException("no archiver admin API answers at " + built.uri() + " (" + e.getClass().getSimpleName()
                        + "); start the archiver or the standalone, or set " + Settings.ARCHIVER_URL + " to its URL, e.g. http://127.0.0.1:8080");
            }
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(r.statusCode() + " from " + built.uri() + " is not the archiver's admin API (not JSON); check "
                        + Settings.ARCHIVER_URL);
            }
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(r.statusCode() + " from " + baseUrl + ": " + body.at("/error/message").asText(r.body()));
            }
            return body;
        }
    }
}
