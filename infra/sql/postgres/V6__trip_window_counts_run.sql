-- Which run counted a weekly row: a restarted stream counts its windows afresh (window state lives
-- in the job), so its first pane must replace what the previous run counted, whatever the pane
-- index; within one run a lower index is still an overtaken pane and ignored.
ALTER TABLE trip_window_counts ADD COLUMN run_id bigint REFERENCES ingestion_runs;
