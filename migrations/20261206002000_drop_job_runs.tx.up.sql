-- The job engine (River) keeps every job with its state, attempts and
-- errors in its own tables (river_job, made by River's migrations, which
-- run with these): the cron runner's record of runs goes with the runner.
DROP TABLE job_runs;
