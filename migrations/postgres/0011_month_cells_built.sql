-- The breakdown cells (`month_cells`) of a month are built once the month is over, no longer by
-- the writer of every answer (docs/PERFORMANCE.md, Submissions): the ~220 cell rows a batch of 32
-- answers upserted cost about a third of the writer's time.
--
-- `month_cells_built.through` (YYYY-MM, Asia/Jakarta) is the last month whose cells are complete.
-- Up to it, the writer adds each answer to its cells (a late offline answer for a closed month);
-- after it, the writer leaves the cells alone and the dashboard reads those months' breakdowns
-- from `tallies` and `responses`, like the days of a partial month. When a month has ended, the
-- writer's next batch builds its cells from the responses and moves `through` on
-- (`Store::close_months`).
--
-- Starts at the month before the current one: the current month's cells, kept by the writer until
-- now, are dropped and built again when the month ends.

CREATE TABLE month_cells_built (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    through TEXT NOT NULL
);

INSERT INTO month_cells_built (id, through)
VALUES (1, to_char(date_trunc('month', (now() AT TIME ZONE 'UTC') + INTERVAL '7 hours') - INTERVAL '1 day', 'YYYY-MM'));

DELETE FROM month_cells WHERE month > (SELECT through FROM month_cells_built);
