-- The comments staff answered (closed or replied) of responses that count, with the days to the
-- reply: the scorecard's read of a region's year of answered comments walks this index alone
-- (no look-up of each follow-up row for its status and reply).
CREATE INDEX comment_followups_answered ON comment_followups (unit_id, day, reply_days)
    WHERE counted = 1 AND (status = 'selesai' OR public_reply IS NOT NULL);
