-- The day and time of the comment each follow-up row answers and whether its response counts
-- towards the IKM (not flagged), copied from `responses` (where they never change), and the days
-- from the comment to its public reply (Asia/Jakarta days), so the scorecard reads a region's
-- year of answered comments from this table alone, summed per unit and reply days.
ALTER TABLE comment_followups ADD COLUMN received_at TEXT;
ALTER TABLE comment_followups ADD COLUMN day TEXT;
ALTER TABLE comment_followups ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
ALTER TABLE comment_followups ADD COLUMN reply_days INTEGER;
UPDATE comment_followups SET
    received_at = (SELECT r.received_at FROM responses r WHERE r.id = comment_followups.response_id),
    day = (SELECT r.day FROM responses r WHERE r.id = comment_followups.response_id),
    counted = (SELECT CASE WHEN r.flag IS NULL THEN 1 ELSE 0 END FROM responses r
               WHERE r.id = comment_followups.response_id);
UPDATE comment_followups SET reply_days =
    MAX(0, CAST(julianday(date(replied_at, '+7 hours')) - julianday(day) AS INTEGER))
WHERE replied_at IS NOT NULL AND day IS NOT NULL;
CREATE INDEX comment_followups_unit_day ON comment_followups (unit_id, day);
