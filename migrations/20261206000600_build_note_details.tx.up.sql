-- What a roster build left out of its problem, as data (kind, subject) an
-- interface words in its language; notes keeps the English sentences.
ALTER TABLE schedule_builds ADD COLUMN note_details TEXT NOT NULL DEFAULT '[]';
