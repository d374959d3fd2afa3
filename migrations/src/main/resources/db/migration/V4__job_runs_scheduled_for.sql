-- The fire time Quartz scheduled a run for (null for manual runs): says how late a run started, and
-- which fire it belongs to. The archiver instances form one Quartz cluster, so each fire appears
-- here at most once per job.
ALTER TABLE job_runs ADD COLUMN scheduled_for timestamptz;
