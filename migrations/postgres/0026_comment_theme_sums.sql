-- The region page's theme sums read the index alone (issue #33): a province's year of comment
-- readings (~100 000 at 1M answers) summed per unit without a look-up of each row; it replaces
-- the (unit_id, day) index, whose queries it serves as well.
DROP INDEX comment_readings_unit_day;
CREATE INDEX comment_readings_unit_day ON comment_readings (unit_id, day, counted, theme_bits);
