//! Citizens' answers: storing a batch with its tallies in one transaction, and reading answers back
//! (one, a page of a unit's, a device's recent ones, a tally recomputed from them).

use super::audit::append;
use super::cells::{add_cells, upsert_cells, BuiltCells, CellRows};
use super::engine::Engine;
use super::rows::{parse_answers, parse_response};
use super::shared::{
    fingerprint, jakarta_day, marks, response_insert, timestamp, Marks, RESPONSES_PER_STATEMENT,
    SCORE_COLUMNS,
};
use super::sql::{begin_write, commit, sql, Cols, Tx};
use super::tallies::{add_batch, add_to, cache_statement, TallyRows};
use app::access::audit_action;
use app::accounts::Actor;
use app::dashboard::AlertKind;
use app::store::{Counted, DeviceAsk, NewResponse, RecordOutcome, StoreError, StoreResult};
use chrono::NaiveDate;
use ikm_domain::themes::{CommentFlag, Reading};
use ikm_domain::{Tally, Unsur};
use sqlx::Pool;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What storing a batch did: one outcome per answer, and the last month whose breakdown cells
/// were built when it was stored.
pub(crate) struct Recorded {
    pub(crate) outcomes: Vec<RecordOutcome>,
    pub(crate) built_through: String,
}

/// Invitations claimed per statement at most (four values each).
const CLAIMS_PER_STATEMENT: usize = 512;

/// The rows of a claim statement for `n` claims: the next power of two (at least 4), so that a
/// handful of statement shapes serve every batch and stay prepared on the writer's connection
/// instead of being parsed and planned again for each batch (a small gain, docs/PERFORMANCE.md,
/// "Invitations").
fn claim_rows(n: usize) -> usize {
    n.next_power_of_two().clamp(4, CLAIMS_PER_STATEMENT)
}

/// `WITH v (code, id, at, unit) AS (VALUES …) UPDATE invitations …` for `rows` claims. Positional
/// marks: SQLite looks each `$n` up in a list, quadratic in the statement's values.
fn claim_statement(rows: usize, style: Marks) -> String {
    let values: Vec<String> = (0..rows)
        .map(|k| {
            let n = 4 * k + 1;
            format!(
                "({}, CAST({} AS BIGINT))",
                marks(style, n, 3),
                marks(style, n + 3, 1)
            )
        })
        .collect();
    format!(
        "WITH v (code, id, at, unit) AS (VALUES {}) \
         UPDATE invitations SET response_id = v.id, answered_at = v.at FROM v \
         WHERE invitations.code = v.code AND invitations.unit_id = v.unit \
         AND invitations.expires_at >= v.at \
         AND (invitations.response_id = v.id OR (invitations.response_id IS NULL \
              AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = v.id))) \
         RETURNING invitations.code, invitations.response_id",
        values.join(", ")
    )
}

/// Marks the invitations of `responses` (those that carry one) used by their answers — each when
/// it is the unit's, was not used by another answer, and had not expired when the answer was given
/// — in one statement per 512, and says for each answer whether it may be stored. A replay of the
/// answer that used one finds it used by itself: stored (once); an answer stored already uses no
/// other invitation. Two answers with one invitation in the same batch: one wins.
pub(crate) async fn claim<E: Engine>(
    tx: &mut Tx<E>,
    responses: &[NewResponse],
) -> StoreResult<Vec<bool>> {
    let mut claimed = vec![true; responses.len()];
    let invited: Vec<(usize, &NewResponse, &str)> = responses
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.invitation.as_deref().map(|code| (i, r, code)))
        .collect();
    for chunk in invited.chunks(CLAIMS_PER_STATEMENT) {
        let rows = claim_rows(chunk.len());
        let text = claim_statement(rows, E::MARKS);
        let mut query = sql::<E>(&text).persistent(true);
        for (_, r, code) in chunk {
            query = query
                .bind(*code)
                .bind(r.id.to_string())
                .bind(timestamp(&r.received_at))
                .bind(r.unit_id);
        }
        // The padding's rows: an empty code, which no invitation has.
        for _ in chunk.len()..rows {
            query = query.bind("").bind("").bind("").bind(0_i64);
        }
        let won: HashSet<(String, String)> = query
            .all(&mut *tx)
            .await?
            .iter()
            .map(|row| Ok((row.col("code")?, row.col("response_id")?)))
            .collect::<StoreResult<_>>()?;
        for (i, r, code) in chunk {
            claimed[*i] = won.contains(&(code.to_string(), r.id.to_string()));
        }
    }
    Ok(claimed)
}

/// Writes what a comment is about (`ikm_domain::themes`) in `comment_readings`: its keys as text,
/// its themes again as bits (`theme_bits`, bit i = `Unsur::ALL[i]`, for sums), and whether its
/// answer counts (not flagged).
pub(crate) async fn write_reading<E: Engine>(
    tx: &mut Tx<E>,
    response_id: &str,
    unit_id: i64,
    day: &str,
    reading: &Reading,
    counted: bool,
) -> StoreResult<()> {
    let themes: Vec<&str> = reading.themes.iter().map(|u| u.key()).collect();
    let flags: Vec<&str> = reading.flags.iter().map(|f| f.key()).collect();
    let bits: i64 = reading
        .themes
        .iter()
        .map(|u| 1i64 << u.index())
        .fold(0, |a, b| a | b);
    let inserted = sql::<E>(
        "INSERT INTO comment_readings (response_id, unit_id, day, themes, flags, theme_bits, counted) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (response_id) DO NOTHING",
    )
    .bind(response_id)
    .bind(unit_id)
    .bind(day)
    .bind(themes.join(","))
    .bind(flags.join(","))
    .bind(bits)
    .bind(i64::from(counted))
    .run(&mut *tx)
    .await?;
    // A new reading of a counted answer adds to its unit's month (`month_theme_counts`) and
    // year (`year_theme_counts`).
    if inserted == 1 && counted {
        static MONTH: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| theme_count_upsert("month_theme_counts", "month"));
        static YEAR: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| theme_count_upsert("year_theme_counts", "year"));
        for (upsert, len) in [(&*MONTH, 7), (&*YEAR, 4)] {
            sql::<E>(upsert)
                .bind(unit_id)
                .bind(day.get(..len).unwrap_or(day))
                .bind(bits)
                .run(&mut *tx)
                .await?;
        }
    }
    Ok(())
}

/// Adds one comment with the theme bits `$3` to the unit `$1`'s period `$2` in `table`, whose
/// period column is `period` (`month_theme_counts`' month, `year_theme_counts`' year).
fn theme_count_upsert(table: &str, period: &str) -> String {
    let columns: Vec<String> = Unsur::ALL
        .iter()
        .map(|u| format!("t_{}", u.key()))
        .collect();
    let values: Vec<String> = Unsur::ALL
        .iter()
        .map(|u| format!("(($3 >> {}) & 1)", u.index()))
        .collect();
    let adds: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table} (unit_id, {period}, comments, {}) VALUES ($1, $2, 1, {}) \
         ON CONFLICT (unit_id, {period}) DO UPDATE SET comments = {table}.comments + 1, {}",
        columns.join(", "),
        values.join(", "),
        adds.join(", ")
    )
}

/// Reads each new comment and, when it reports an illegal levy, raises the unit's alert at once
/// (one per comment) with an audit line — in the answers' own transaction, so none is lost.
async fn read_new_comments<E: Engine>(
    tx: &mut Tx<E>,
    stored: &[(&NewResponse, String)],
) -> StoreResult<()> {
    for (r, day) in stored {
        let Some(comment) = r.comment.as_deref().filter(|c| !c.trim().is_empty()) else {
            continue;
        };
        let reading = ikm_domain::themes::read(comment);
        let id = r.id.to_string();
        write_reading(tx, &id, r.unit_id, day, &reading, r.flag.is_none()).await?;
        if !reading.has(CommentFlag::Pungli) {
            continue;
        }
        let shown: String = ikm_domain::privacy::mask(comment)
            .chars()
            .take(300)
            .collect();
        sql::<E>("INSERT INTO alerts (unit_id, kind, raised_at, detail) VALUES ($1, $2, $3, $4)")
            .bind(r.unit_id)
            .bind(AlertKind::Pungli.key())
            .bind(timestamp(&chrono::Utc::now()))
            .bind(format!(
                "Komentar warga ({day}) melaporkan pungutan liar, calo atau suap: \"{shown}\""
            ))
            .run(&mut *tx)
            .await?;
        let system = Actor {
            user_id: None,
            name: "sistem".into(),
            address: String::new(),
        };
        append(
            tx,
            &system,
            audit_action::PUNGLI_ALERT,
            &id,
            None,
            Some(serde_json::json!({ "unit_id": r.unit_id, "day": day }).to_string()),
        )
        .await?;
    }
    Ok(())
}

/// Keeps the contacts citizens consented to be reached at, beside their (new) answers.
async fn write_contacts<E: Engine>(
    tx: &mut Tx<E>,
    stored: &[(&NewResponse, String)],
) -> StoreResult<()> {
    for (r, _) in stored {
        let Some(consent) = &r.contact else {
            continue;
        };
        sql::<E>(
            "INSERT INTO contact_consents (response_id, unit_id, kind, contact, statement, given_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (response_id) DO NOTHING",
        )
        .bind(r.id.to_string())
        .bind(r.unit_id)
        .bind(consent.contact.kind.key())
        .bind(consent.contact.value.as_str())
        .bind(consent.statement.as_str())
        .bind(timestamp(&r.received_at))
        .run(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Stores the answers and adds each new one to its tally rows and, where its month is built, to
/// its breakdown cells, in one transaction on the writer's pool.
pub(crate) async fn record<E: Engine>(
    writer: &Pool<E>,
    responses: &[NewResponse],
) -> StoreResult<Recorded> {
    let mut tx = begin_write(writer).await?;
    // An answer given through an invitation uses it up here, or is not stored at all.
    let claimed = claim(&mut tx, responses).await?;
    let kept: Cow<[NewResponse]> = if claimed.iter().all(|c| *c) {
        Cow::Borrowed(responses)
    } else {
        Cow::Owned(
            responses
                .iter()
                .zip(&claimed)
                .filter(|(_, c)| **c)
                .map(|(r, _)| r.clone())
                .collect(),
        )
    };
    let mut kept_outcomes = Vec::with_capacity(kept.len());
    let mut tallies = TallyRows::new();
    let mut stored = Vec::new();
    for chunk in kept.chunks(RESPONSES_PER_STATEMENT) {
        let done = insert_chunk(&mut tx, chunk).await?;
        for (r, outcome) in chunk.iter().zip(&done) {
            if *outcome == RecordOutcome::Stored {
                let day = jakarta_day(r);
                add_to(&mut tallies, r, &day);
                stored.push((r, day));
            }
        }
        kept_outcomes.extend(done);
    }
    let mut kept_outcomes = kept_outcomes.into_iter();
    let outcomes = claimed
        .iter()
        .map(|claimed| match claimed {
            true => kept_outcomes
                .next()
                .ok_or_else(|| StoreError::Failed("an answer without an outcome".into())),
            false => Ok(RecordOutcome::InvitationRefused),
        })
        .collect::<StoreResult<Vec<_>>>()?;
    // Read after the inserts: on PostgreSQL they wait while another server builds cells
    // (`cells::build_step` locks the responses), so this sees its new marks and an answer is
    // either in a unit's build or added to its cells here.
    let built = BuiltCells::read(&mut tx).await?;
    let mut cells = CellRows::new();
    for (r, day) in &stored {
        let month = day.get(..7).unwrap_or(day);
        if built.covers(r.unit_id, month) {
            add_cells(&mut cells, r, month);
        }
    }
    add_batch(&mut tx, tallies).await?;
    upsert_cells(&mut tx, cells).await?;
    read_new_comments(&mut tx, &stored).await?;
    write_contacts(&mut tx, &stored).await?;
    commit(tx).await?;
    Ok(Recorded {
        outcomes,
        built_through: built.through,
    })
}

/// Inserts up to `RESPONSES_PER_STATEMENT` responses in one statement; an id already stored
/// (before, or earlier in this batch) is a duplicate when its answers are the same and a conflict
/// otherwise.
async fn insert_chunk<E: Engine>(
    tx: &mut Tx<E>,
    chunk: &[NewResponse],
) -> StoreResult<Vec<RecordOutcome>> {
    let prints: Vec<String> = chunk.iter().map(fingerprint).collect();
    let text = response_insert(chunk.len(), E::MARKS);
    let mut insert = sql::<E>(&text).persistent(cache_statement(chunk.len()));
    for (r, print) in chunk.iter().zip(&prints) {
        insert = insert
            .bind(r.id.to_string())
            .bind(r.unit_id)
            .bind(r.service_id)
            .bind(r.counter_tag.as_str())
            .bind(r.mpp_id)
            .bind(r.channel.key())
            .bind(timestamp(&r.received_at))
            .bind(jakarta_day(r));
        for score in r.answers.as_array() {
            insert = insert.bind(score.map(|s| i64::from(s.value())));
        }
        insert = insert
            .bind(r.profile.gender.map(|g| g.key()))
            .bind(r.profile.age.map(i64::from))
            .bind(r.profile.education.as_deref())
            .bind(r.profile.occupation.as_deref())
            .bind(r.comment.as_deref())
            .bind(r.lang.tag())
            .bind(r.flag.map(|f| f.key()))
            .bind(r.answers.is_straight_line())
            .bind(r.device_hash.as_deref())
            .bind(r.seconds_on_form.map(i64::from))
            .bind(print.as_str());
    }
    let inserted: HashSet<String> = insert
        .all(&mut *tx)
        .await?
        .iter()
        .map(|row| row.col::<String>("id"))
        .collect::<StoreResult<_>>()?;
    let mut others: Vec<String> = chunk
        .iter()
        .map(|r| r.id.to_string())
        .filter(|id| !inserted.contains(id))
        .collect();
    others.sort_unstable();
    others.dedup();
    // What is stored under the ids this statement did not insert.
    let mut stored: HashMap<String, String> = HashMap::new();
    if !others.is_empty() {
        let text = format!(
            "SELECT id, fingerprint FROM responses WHERE id IN ({})",
            marks(E::MARKS, 1, others.len())
        );
        let mut select = sql::<E>(&text).persistent(cache_statement(others.len()));
        for id in &others {
            select = select.bind(id.as_str());
        }
        for row in select.all(&mut *tx).await? {
            stored.insert(row.col("id")?, row.col("fingerprint")?);
        }
    }
    let mut outcomes = Vec::with_capacity(chunk.len());
    for (r, print) in chunk.iter().zip(prints) {
        let id = r.id.to_string();
        if inserted.contains(&id) && !stored.contains_key(&id) {
            // The first time this id appears: stored now; a repeat below compares.
            stored.insert(id, print);
            outcomes.push(RecordOutcome::Stored);
        } else if stored.get(&id) == Some(&print) {
            outcomes.push(RecordOutcome::Duplicate);
        } else {
            outcomes.push(RecordOutcome::Conflict);
        }
    }
    Ok(outcomes)
}

/// For each question, the ids of the stored answers of its (unit, device) since its moment: one
/// statement for a whole batch, always the same text (so it stays prepared), the pairs handed over
/// as one JSON array; sorted to each question here.
pub(crate) async fn device_answers_since<E: Engine>(
    pool: &Pool<E>,
    asked: &[DeviceAsk],
) -> StoreResult<Vec<Vec<Uuid>>> {
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    // Each pair once: the statement returns a stored row once per time its pair is listed, and
    // a batch often asks about one phone several times.
    let mut pairs: Vec<(i64, &str)> = asked
        .iter()
        .map(|a| (a.unit_id, a.device_hash.as_str()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let pairs = serde_json::to_string(&pairs).map_err(|e| StoreError::Failed(e.to_string()))?;
    let earliest = asked.iter().map(|a| a.since).min().unwrap_or_default();
    let mut found: Vec<(i64, String, String, Uuid)> = Vec::new();
    for row in sql::<E>(E::DEVICE_ANSWERS_SINCE)
        .bind(timestamp(&earliest))
        .bind(pairs)
        .all(pool)
        .await?
    {
        let id: String = row.col("id")?;
        found.push((
            row.col("unit_id")?,
            row.col("device_hash")?,
            row.col("received_at")?,
            Uuid::parse_str(&id)
                .map_err(|e| StoreError::Failed(format!("response id {id}: {e}")))?,
        ));
    }
    Ok(asked
        .iter()
        .map(|ask| {
            let since = timestamp(&ask.since);
            found
                .iter()
                .filter(|(unit, hash, at, _)| {
                    *unit == ask.unit_id && *hash == ask.device_hash && *at >= since
                })
                .map(|(_, _, _, id)| *id)
                .collect()
        })
        .collect())
}

/// A unit's tally recomputed from its raw responses (`Store::unit_tally_from_responses`).
pub(crate) async fn tally_from_responses<E: Engine>(
    pool: &Pool<E>,
    unit_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    counted: Counted,
) -> StoreResult<Tally> {
    let flag = match counted {
        Counted::Valid => "flag IS NULL",
        Counted::Flagged => "flag IS NOT NULL",
    };
    let text = format!(
        "SELECT {} FROM responses WHERE unit_id = $1 AND day BETWEEN $2 AND $3 AND {flag}",
        SCORE_COLUMNS.join(", ")
    );
    let rows = sql::<E>(&text)
        .bind(unit_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .all(pool)
        .await?;
    let mut tally = Tally::default();
    for row in rows {
        tally.record(&parse_answers(&row)?);
    }
    Ok(tally)
}

/// A page of a unit's valid responses (`Store::responses_page`).
pub(crate) async fn page<E: Engine>(
    pool: &Pool<E>,
    unit_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    after: Option<&NewResponse>,
    limit: u32,
) -> StoreResult<Vec<NewResponse>> {
    // Keyset paging on (day, received_at, id), the order of the index responses_unit_order: each
    // page seeks to the last one's day (the lower bound below, which the engines use to seek; the
    // row comparison then skips what that day already gave) and reads on in index order, never
    // sorting.
    let (day, at, id) = match after {
        Some(r) => (jakarta_day(r), timestamp(&r.received_at), r.id.to_string()),
        None => (String::new(), String::new(), String::new()),
    };
    let start = from.to_string().max(day.clone());
    let rows = sql::<E>(
        "SELECT * FROM responses WHERE unit_id = $1 AND day >= $2 AND day <= $3 \
         AND flag IS NULL AND (day, received_at, id) > ($4, $5, $6) \
         ORDER BY day, received_at, id LIMIT $7",
    )
    .bind(unit_id)
    .bind(start)
    .bind(to.to_string())
    .bind(day)
    .bind(at)
    .bind(id)
    .bind(i64::from(limit))
    .all(pool)
    .await?;
    rows.iter()
        .map(|r| parse_response(r).map(|s| s.response))
        .collect()
}

/// Which of these ids are stored, and in which unit.
pub(crate) async fn stored_units<E: Engine>(
    pool: &Pool<E>,
    ids: &[Uuid],
) -> StoreResult<Vec<(Uuid, i64)>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let text = format!(
            "SELECT id, unit_id FROM responses WHERE id IN ({})",
            marks.join(", ")
        );
        let mut query = sql::<E>(&text);
        for id in chunk {
            query = query.bind(id.to_string());
        }
        for row in query.all(pool).await? {
            let id: String = row.col("id")?;
            let unit: i64 = row.col("unit_id")?;
            if let Ok(id) = Uuid::parse_str(&id) {
                found.push((id, unit));
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_take_a_few_padded_shapes() {
        assert_eq!(claim_rows(1), 4);
        assert_eq!(claim_rows(4), 4);
        assert_eq!(claim_rows(5), 8);
        assert_eq!(claim_rows(64), 64);
        assert_eq!(claim_rows(65), 128);
        assert_eq!(claim_rows(500), 512);
        let shapes: HashSet<usize> = (1..=CLAIMS_PER_STATEMENT).map(claim_rows).collect();
        assert_eq!(shapes.len(), 8, "4, 8, …, 512");
    }

    #[test]
    fn a_claim_statement_has_four_marks_a_row_in_order() {
        let sqlite = claim_statement(4, Marks::Question);
        assert_eq!(sqlite.matches('?').count(), 16);
        assert!(!sqlite.contains('$'));
        let postgres = claim_statement(4, Marks::Numbered);
        assert!(postgres.contains("($1, $2, $3, CAST($4 AS BIGINT))"));
        assert!(postgres.contains("($13, $14, $15, CAST($16 AS BIGINT))"));
        assert!(!postgres.contains("$17"));
    }
}
