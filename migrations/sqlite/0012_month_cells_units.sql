-- A closed month's breakdown cells are built a few units at a time, each group in a transaction
-- of its own (`Store::build_month_cells`), no longer the whole month in one: at 10M responses a
-- month took 18.7 s in one transaction, and every other write waited that long or failed.
--
-- While the month after `month_cells_built.through` is being built, this lists the units whose
-- cells for it are complete already. The writer adds a late answer of such a unit to its cells,
-- like an answer of a built month; the dashboard still reads the month from the responses until
-- every unit is built, `through` moves on and the list is emptied (in one transaction).

CREATE TABLE month_cells_units (
    unit_id INTEGER PRIMARY KEY REFERENCES units (id),
    month   TEXT NOT NULL
);
