-- The day and time of the comment each follow-up row answers, and whether its response counts
-- towards the IKM (not flagged), copied from `responses` (where they never change), so the
-- scorecard reads a region's year of answered comments from this table alone instead of looking
-- each response up by its id.
ALTER TABLE comment_followups ADD COLUMN received_at TEXT;
ALTER TABLE comment_followups ADD COLUMN day TEXT;
ALTER TABLE comment_followups ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
UPDATE comment_followups SET
    received_at = (SELECT r.received_at FROM responses r WHERE r.id = comment_followups.response_id),
    day = (SELECT r.day FROM responses r WHERE r.id = comment_followups.response_id),
    counted = (SELECT CASE WHEN r.flag IS NULL THEN 1 ELSE 0 END FROM responses r
               WHERE r.id = comment_followups.response_id);
CREATE INDEX comment_followups_unit_day ON comment_followups (unit_id, day);
