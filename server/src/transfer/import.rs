//! Importing paper surveys: a response file (CSV, or the first sheet of an XLSX) into one unit as
//! channel `paper`.
//!
//! Two passes over the file: the first checks every row and builds the preview (rows, date range,
//! the file's IKM through the engine); the second stores. All-or-nothing by default: one invalid
//! row and nothing is stored, every invalid row is listed with its line. Asked to skip invalid
//! rows, the valid ones are stored.
//!
//! Ids: a row's `id` is kept when it is new; a row whose id is already stored in this unit changes
//! nothing; an id stored in *another* unit (an export of unit A imported into unit B) is mapped to
//! a new id derived from the unit and that id. A row without an id gets one derived from the unit,
//! its line and its content. Derived ids are the same every time, so importing the same file again
//! adds nothing, and an interrupted import can simply be run again.

use super::TransferError;
use app::model::UnitDetail;
use app::store::{NewResponse, Profile, RecordOutcome, Store};
use chrono::{DateTime, NaiveDate, Utc};
use ikm_domain::response_file::{ResponseReader, ResponseRecord, RowError, RowProblem, JAKARTA};
use ikm_domain::submission::Channel;
use ikm_domain::{IkmResult, Lang, Tally};
use std::collections::HashMap;
use uuid::Uuid;

/// Rows stored per transaction. A file up to this size is stored all at once or not at all.
pub const BATCH: usize = 20_000;

/// What an import found, and (unless it was a preview or refused) what it stored.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: u64,
    /// Rows that can be stored.
    pub valid: u64,
    pub invalid: Vec<RowError>,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    /// The engine's result over the file's valid rows.
    pub ikm: Option<IkmResult>,
    /// Whether anything was written (false for a preview or a refused file).
    pub committed: bool,
    pub stored: u64,
    /// Rows whose id was already stored with the same answers.
    pub already_stored: u64,
    /// Rows whose id is stored with other answers (not stored; listed).
    pub conflicts: Vec<RowError>,
}

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Store the valid rows even when some are invalid.
    pub skip_invalid: bool,
    /// Only check and report; store nothing.
    pub preview: bool,
}

/// A namespace for derived response ids (UUID v5).
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x6b1d_4c0e_9a53_4f27_8e11_2f0d_7a3c_5e91);

/// Checks one row against the unit: its unit code, service, and time.
///
/// The `unit` column is not checked here: a file of one unit's answers may be imported into
/// another (an export moved between units); a file naming several units is refused by the caller.
fn to_response(
    record: &ResponseRecord,
    unit: &UnitDetail,
    services: &HashMap<String, i64>,
    now: DateTime<Utc>,
) -> Result<NewResponse, RowError> {
    let fail = |problem: RowProblem| RowError {
        line: record.line,
        problem,
    };
    let service_id = match &record.service {
        None => None,
        Some(name) => Some(*services.get(&name.to_lowercase()).ok_or_else(|| {
            let mut known: Vec<String> = unit.services.iter().map(|s| s.name.clone()).collect();
            known.sort_unstable();
            fail(RowProblem::UnknownService {
                name: name.clone(),
                known,
            })
        })?),
    };
    let Some(at) = record.submitted_at else {
        return Err(fail(RowProblem::MissingDate));
    };
    let received_at = at.with_timezone(&Utc);
    if received_at > now + chrono::Duration::days(1) {
        return Err(fail(RowProblem::FutureDate {
            day: at.with_timezone(&JAKARTA).date_naive(),
        }));
    }
    Ok(NewResponse {
        id: record
            .id
            .unwrap_or_else(|| derived_from_content(record, unit)),
        unit_id: unit.id,
        service_id,
        counter_tag: String::new(),
        mpp_id: None,
        channel: Channel::Paper,
        received_at,
        answers: record.answers,
        profile: Profile {
            gender: record.gender,
            age: record.age,
            education: record.education.clone(),
            occupation: record.occupation.clone(),
        },
        comment: record.comment.clone(),
        lang: Lang::Id,
        flag: None,
        device_hash: None,
        seconds_on_form: None,
        invitation: None,
        contact: None,
    })
}

/// The id of a row without one: the same line with the same content gets the same id.
fn derived_from_content(record: &ResponseRecord, unit: &UnitDetail) -> Uuid {
    let scores: Vec<String> = record
        .answers
        .as_array()
        .iter()
        .map(|s| s.map_or("-".into(), |s| s.value().to_string()))
        .collect();
    let content = format!(
        "{}\n{}\n{}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        unit.unit.code,
        record.line,
        scores.join(","),
        record.submitted_at,
        record.service,
        record.gender,
        record.age,
        record.education,
        record.occupation,
        record.comment
    );
    Uuid::new_v5(&ID_NAMESPACE, content.as_bytes())
}

/// The id a response stored elsewhere gets in this unit.
fn derived_for_unit(id: Uuid, unit: &UnitDetail) -> Uuid {
    Uuid::new_v5(
        &ID_NAMESPACE,
        format!("{}\n{id}", unit.unit.code).as_bytes(),
    )
}

/// Imports `file` (the bytes of a CSV) into `unit`.
pub async fn import_csv(
    store: &dyn Store,
    unit: &UnitDetail,
    file: &[u8],
    options: ImportOptions,
) -> Result<ImportReport, TransferError> {
    let services: HashMap<String, i64> = unit
        .services
        .iter()
        .map(|s| (s.name.to_lowercase(), s.id))
        .collect();
    let now = Utc::now();

    // Pass 1: check every row, build the preview.
    let mut report = ImportReport::default();
    let mut tally = Tally::default();
    let mut file_unit: Option<String> = None;
    for row in ResponseReader::new(file)? {
        report.rows += 1;
        let row = row.and_then(|r| match (&file_unit, &r.unit) {
            (Some(first), Some(code)) if !first.eq_ignore_ascii_case(code) => Err(RowError {
                line: r.line,
                problem: RowProblem::SeveralUnits {
                    first: first.clone(),
                    other: code.clone(),
                },
            }),
            (None, Some(code)) => {
                file_unit = Some(code.clone());
                Ok(r)
            }
            _ => Ok(r),
        });
        match row.and_then(|r| to_response(&r, unit, &services, now)) {
            Ok(response) => {
                report.valid += 1;
                tally.record(&response.answers);
                let day = response.received_at.with_timezone(&JAKARTA).date_naive();
                report.first_day = Some(report.first_day.map_or(day, |d| d.min(day)));
                report.last_day = Some(report.last_day.map_or(day, |d| d.max(day)));
            }
            Err(error) => report.invalid.push(error),
        }
    }
    report.ikm = IkmResult::of(&tally);
    if options.preview || (!report.invalid.is_empty() && !options.skip_invalid) {
        return Ok(report);
    }

    // Pass 2: store, a batch per transaction.
    let mut batch: Vec<(u64, NewResponse)> = Vec::with_capacity(BATCH.min(report.rows as usize));
    for row in ResponseReader::new(file)? {
        if let Ok(response) = row.and_then(|r| {
            let line = r.line;
            to_response(&r, unit, &services, now).map(|resp| (line, resp))
        }) {
            batch.push(response);
            if batch.len() == BATCH {
                store_batch(store, unit, &mut batch, &mut report).await?;
            }
        }
    }
    store_batch(store, unit, &mut batch, &mut report).await?;
    report.committed = true;
    Ok(report)
}

async fn store_batch(
    store: &dyn Store,
    unit: &UnitDetail,
    batch: &mut Vec<(u64, NewResponse)>,
    report: &mut ImportReport,
) -> Result<(), TransferError> {
    if batch.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = batch.iter().map(|(_, r)| r.id).collect();
    let elsewhere: HashMap<Uuid, i64> = store
        .stored_units(&ids)
        .await?
        .into_iter()
        .filter(|(_, owner)| *owner != unit.id)
        .collect();
    for (_, response) in batch.iter_mut() {
        if elsewhere.contains_key(&response.id) {
            response.id = derived_for_unit(response.id, unit);
        }
    }
    let responses: Vec<NewResponse> = batch.iter().map(|(_, r)| r.clone()).collect();
    let outcomes = store.record_responses(&responses).await?;
    for ((line, _), outcome) in batch.iter().zip(outcomes) {
        match outcome {
            RecordOutcome::Stored => report.stored += 1,
            RecordOutcome::Duplicate => report.already_stored += 1,
            // An imported row carries no invitation: never refused for one.
            RecordOutcome::Conflict | RecordOutcome::InvitationRefused => {
                report.conflicts.push(RowError {
                    line: *line,
                    problem: RowProblem::Conflict,
                })
            }
        }
    }
    batch.clear();
    Ok(())
}
