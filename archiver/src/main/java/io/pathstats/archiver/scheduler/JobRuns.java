package io.pathstats.archiver.scheduler;

import io.pathstats.archiver.api.JobRun;
import io.pathstats.archiver.jobs.ArchiverJob.JobOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The persisted history of job runs (job_runs). */
public final class JobRuns {
    /** Quartz instances check in every 5 s (JobScheduler); four missed check-ins mean the instance is gone. */
    static final long STALE_AFTER_MS = 20_000;

    private final DataSource dataSource;

    public JobRuns(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Starts a run unless one of the same job is already running; returns its id, or -1.
     *
     * @param scheduledFor the fire time Quartz scheduled, or null for a manual run
     */
    public long tryStart(String job, String trigger, Instant scheduledFor, String instanceId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('pathstats.job.' || ?))")) {
                lock.setString(1, job);
                lock.execute();
            }
            // a run whose instance stopped checking in to the Quartz cluster died with its process (kill -9,
            // power loss): fail it, or no run of this job could ever start again
            try (PreparedStatement stale = c.prepareStatement("UPDATE job_runs SET status = 'failed', finished_at = now(), "
                    + "message = 'the archiver instance running it stopped (no cluster check-in for " + STALE_AFTER_MS / 1000 + " s)' "
                    + "WHERE job = ? AND status = 'running' AND NOT EXISTS (SELECT 1 FROM qrtz_scheduler_state s "
                    + "WHERE s.instance_name = job_runs.instance_id AND s.last_checkin_time > extract(epoch FROM now()) * 1000 - ?)")) {
                stale.setString(1, job);
                stale.setLong(2, STALE_AFTER_MS);
                stale.executeUpdate();
            }
            try (PreparedStatement running = c.prepareStatement("SELECT 1 FROM job_runs WHERE job = ? AND status = 'running'")) {
                running.setString(1, job);
                try (ResultSet rs = running.executeQuery()) {
                    if (rs.next()) {
                        c.rollback();
                        return -1;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO job_runs (job, trigger, status, scheduled_for, instance_id) VALUES (?, ?, 'running', ?, ?) RETURNING id")) {
                ps.setString(1, job);
                ps.setString(2, trigger);
                ps.setTimestamp(3, scheduledFor == null ? null : Timestamp.from(scheduledFor));
                ps.setString(4, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    c.commit();
                    return id;
                }
            }
        }
    }

    public void succeeded(long id, JobOutcome outcome) throws SQLException {
        finish(id, "succeeded", outcome.rows(), outcome.bytes(), outcome.message());
    }

    public void failed(long id, String error) throws SQLException {
        finish(id, "failed", 0, 0, error);
    }

    private void finish(long id, String status, long rows, long bytes, String message) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE job_runs SET status = ?, finished_at = now(), rows = ?, bytes = ?, "
                     + "message = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setLong(2, rows);
            ps.setLong(3, bytes);
            ps.setString(4, message);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** Runs left 'running' by a process that died are marked failed when their instance restarts. */
    public int failOrphans(String instanceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE job_runs SET status = 'failed', finished_at = now(), "
                     + "message = 'the archiver stopped during this run' WHERE status = 'running' AND instance_id = ?")) {
            ps.setString(1, instanceId);
            return ps.executeUpdate();
        }
    }

    /** When each job last succeeded, on any instance of the cluster; jobs that never did are absent. */
    public Map<String, Instant> lastSuccesses() throws SQLException {
        Map<String, Instant> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT job, max(finished_at) FROM job_runs WHERE status = 'succeeded' GROUP BY job");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        return out;
    }

    public List<JobRun> recent(String job, int limit) throws SQLException {
        String sql = "SELECT id, job, trigger, status, started_at, finished_at, "
                + "extract(epoch FROM coalesce(finished_at, now()) - started_at) * 1000, rows, bytes, message, scheduled_for "
                + "FROM job_runs " + (job == null ? "" : "WHERE job = ? ") + "ORDER BY id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (job != null) {
                ps.setString(i++, job);
            }
            ps.setInt(i, limit);
            List<JobRun> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instantText(rs, 11),
                            instantText(rs, 5), instantText(rs, 6), Math.round(rs.getDouble(7)), rs.getLong(8), rs.getLong(9),
                            rs.getString(10)));
                }
            }
            return out;
        }
    }

    /** An ISO-8601 instant, or null for SQL NULL. */
    private static String instantText(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant().toString();
    }
}
