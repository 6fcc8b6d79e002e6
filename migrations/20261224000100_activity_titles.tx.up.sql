-- Activities inside shifts (issue 15 item 5): a meeting, a training
-- session or coaching placed in an agent's shift is a row of its own in
-- published_activities (kind meeting | training | coaching, positions
-- after the shift's breaks), and carries the title people read on the
-- board, their schedule and their calendar. Shifts and breaks have none.
ALTER TABLE published_activities ADD COLUMN title TEXT NOT NULL DEFAULT '';
