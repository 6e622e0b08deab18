-- The day and time of the comment each follow-up row answers and whether its response counts
-- towards the IKM (not flagged), copied from `responses` (where they never change), and the days
-- from the comment to its public reply (Asia/Jakarta days), so the scorecard reads a region's
-- year of answered comments from this table alone, summed per unit and reply days.
ALTER TABLE comment_followups ADD COLUMN received_at TEXT;
ALTER TABLE comment_followups ADD COLUMN day TEXT;
ALTER TABLE comment_followups ADD COLUMN counted BIGINT NOT NULL DEFAULT 1;
ALTER TABLE comment_followups ADD COLUMN reply_days BIGINT;
UPDATE comment_followups f SET
    received_at = r.received_at,
    day = r.day,
    counted = CASE WHEN r.flag IS NULL THEN 1 ELSE 0 END
FROM responses r WHERE r.id = f.response_id;
UPDATE comment_followups SET reply_days =
    GREATEST(0, ((replied_at::timestamptz AT TIME ZONE 'Asia/Jakarta')::date - day::date))
WHERE replied_at IS NOT NULL AND day IS NOT NULL;
CREATE INDEX comment_followups_unit_day ON comment_followups (unit_id, day);
