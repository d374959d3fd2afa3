package io.pathstats.app;

import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.common.config.ConfigException;
import io.pathstats.common.route.RouteRules;
import io.pathstats.common.route.RouteRulesStore;
import io.pathstats.pipeline.reaggregate.HourRebuild;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reaggregate", description = {
        "Rebuild the hourly aggregates of a range from the detail rows under the current route rules, one hour per transaction,",
        "while the pipeline keeps writing: each hour is entirely old or entirely new. Safe to kill and run again.",
        "Hours whose detail rows were archived and dropped are reported and skipped. Reads PATHSTATS_DB_URL."})
final class ReaggregateCommand implements Callable<Integer> {
    private static final Duration MAX_RANGE = Duration.ofDays(90);

    @Option(names = "--from", required = true, description = "first hour (UTC), e.g. 2026-12-01T00 or 2026-12-01T00:00:00Z")
    String from;

    @Option(names = "--to", required = true, description = "end hour (UTC, exclusive), e.g. 2026-12-03T00")
    String to;

    @Override
    public Integer call() throws Exception {
        Instant first = hour("--from", from);
        Instant end = hour("--to", to);
        if (!first.isBefore(end) || Duration.between(first, end).compareTo(MAX_RANGE) > 0) {
            throw new ConfigException("--from must be before --to, at most " + MAX_RANGE.toDays() + " days apart");
        }
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        try (HikariDataSource ds = ToolDatabase.open(rt.env, "reaggregate")) {
            RouteRules rules = new RouteRulesStore(ds).current();
            HourRebuild rebuild = new HourRebuild(ds);
            long hours = Duration.between(first, end).toHours();
            long rebuilt = 0;
            long rerouted = 0;
            long skipped = 0;
            System.err.printf("re-aggregating %d hour(s) from %s to %s under route rules version %d (%d rule(s)) in %s%n",
                    hours, first, end, rules.version(), rules.rules().size(), ds.getJdbcUrl());
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("hours").setInitialMax(hours).setStyle(ProgressBarStyle.ASCII)
                    .build()) {
                for (Instant h = first; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
                    HourRebuild.Outcome o = rebuild.rebuild(h, rules.templater());
                    if (o.skipped()) {
                        skipped++;
                    } else {
                        rebuilt++;
                        rerouted += o.rerouted();
                    }
                    bar.step();
                }
            }
            System.out.printf("%d hour(s) rebuilt (%d events moved to another route), %d skipped: their detail rows were archived "
                    + "and dropped (restore the day with pathstats archive restore to keep them as they are)%n", rebuilt, rerouted, skipped);
            return 0;
        }
    }

    /** An hour as 2026-12-01T00, 2026-12-01T00:00 or an ISO instant, truncated to the hour. */
    static Instant hour(String option, String raw) {
        try {
            if (raw.endsWith("Z")) {
                return Instant.parse(raw).truncatedTo(ChronoUnit.HOURS);
            }
            String local = raw.length() == 13 ? raw + ":00" : raw;
            return LocalDateTime.parse(local).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        } catch (DateTimeParseException e) {
            throw new ConfigException(option + " " + raw + " is not an hour such as 2026-12-01T00 or 2026-12-01T00:00:00Z");
        }
    }
}
