package io.pathstats.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.client.TrafficEvent;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.migrations.SchemaMigrator;
import io.pathstats.pipeline.hourly.AggregateUpsert;
import io.pathstats.pipeline.writer.BatchStore;
import io.pathstats.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's naive baseline must do the pipeline's work, only per event: written into a copy
 * of the schema, the same events leave exactly the aggregates the batch writer leaves.
 */
class NaiveEventWriterIT {
    private final TestDatabase db = TestDatabase.migrated();

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void keepsTheSameAggregatesAsTheBatchWriter() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        BenchEvents set = BenchEvents.generate(3_000, 0.1, 40, 7, start, Duration.ofHours(4));
        List<TrafficEvent> events = new ArrayList<>(set.published());
        events.add(new TrafficEvent("no-latency", start.plusSeconds(60), "/api/r1/item/1", "GET", 404, null, "edge-1"));
        events.add(new TrafficEvent("slow", start.plusSeconds(61), "/api/r1/item/1", "POST", 502, 45_000, "edge-1"));

        new BatchStore(db.dataSource()).write(events);
        SchemaMigrator.migrate(db.dataSource(), "naive_check");
        int counted = 0;
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO naive_check");
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            PartitionMaintenance.ensurePartitions(c, today.minusDays(1), today);
            try (NaiveEventWriter naive = new NaiveEventWriter(c)) {
                for (TrafficEvent e : events) {
                    counted += naive.write(e) ? 1 : 0;
                }
            }
            st.execute("RESET search_path");
        }

        assertThat(counted).isEqualTo(set.distinct() + 2);
        assertThat(db.queryLong("SELECT sum(requests) FROM naive_check.path_stats_hourly")).isEqualTo(counted);
        assertThat(db.queryLong("SELECT count(*) FROM naive_check.path_stats_hourly")).isGreaterThan(40);
        String columns = AggregateUpsert.COLUMNS;
        assertThat(db.queryLong("SELECT count(*) FROM (SELECT " + columns + " FROM public.path_stats_hourly EXCEPT "
                + "SELECT " + columns + " FROM naive_check.path_stats_hourly) only_batch")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM (SELECT " + columns + " FROM naive_check.path_stats_hourly EXCEPT "
                + "SELECT " + columns + " FROM public.path_stats_hourly) only_naive")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM naive_check.traffic_events")).isEqualTo(counted);
    }
}
