-- A proven lower bound on the objective of any roster of a version's
-- problem (issue 21), computed beside the build's search within its time
-- limit: the pages and the API say from it how far the roster is at most
-- above the best possible one. Absent on versions from before, and on
-- rosters nobody built.
ALTER TABLE schedule_versions ADD COLUMN lower_bound DOUBLE PRECISION;
