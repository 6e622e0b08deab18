//! Exporting a unit's (or a region's) valid responses of a period: CSV in the interchange format
//! (imports back unchanged), or the XLSX "olah data" workbook units know. Both stream: responses
//! are read a page at a time and written straight out (the XLSX sheets in rust_xlsxwriter's
//! constant-memory mode), so a million rows take the memory of one page.

use super::TransferError;
use app::store::{NewResponse, Store};
use chrono::NaiveDate;
use ikm_domain::profile::age_group;
use ikm_domain::response_file::{ExportRecord, EXPORT_HEADER, JAKARTA};
use ikm_domain::{IkmResult, Lang, Tally, Unsur};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// Responses read per query.
pub const PAGE: u32 = 2_000;

/// A unit to export: its id, code and service names.
#[derive(Debug, Clone)]
pub struct ExportUnit {
    pub id: i64,
    pub code: String,
    pub services: HashMap<i64, String>,
}

impl ExportUnit {
    /// The name of a response's service, if it has one.
    fn service(&self, r: &NewResponse) -> Option<&str> {
        r.service_id
            .and_then(|id| self.services.get(&id))
            .map(String::as_str)
    }
}

/// What to export: which units, which days.
#[derive(Debug, Clone)]
pub struct ExportScope {
    /// Shown in the workbook's title, e.g. the unit's or region's name.
    pub title: String,
    pub units: Vec<ExportUnit>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// For publication: comments with their personal numbers, addresses and plates masked
    /// (`ikm_domain::privacy::mask`), as on every public page. Without it, the unit's own record:
    /// comments as written.
    pub for_publication: bool,
}

/// The units of a unit code or a region code (a province: every unit of its regencies and cities),
/// and the name to title the export with.
pub async fn units_of(
    store: &dyn Store,
    unit: Option<&str>,
    region: Option<&str>,
) -> Result<(String, Vec<ExportUnit>), TransferError> {
    let (title, codes): (Option<String>, Vec<String>) = match (unit, region) {
        (Some(code), _) => (None, vec![code.to_string()]),
        (None, Some(region)) => {
            let Some(found) = store
                .regions()
                .await?
                .into_iter()
                .find(|r| r.code == region)
            else {
                return Err(TransferError::UnknownRegion(region.to_string()));
            };
            let mut codes: Vec<String> = store
                .region_units(region)
                .await?
                .into_iter()
                .map(|u| u.code)
                .collect();
            codes.sort();
            (Some(found.name), codes)
        }
        (None, None) => return Err(TransferError::NoScope),
    };
    let mut out = Vec::with_capacity(codes.len());
    let mut unit_name = None;
    for code in codes {
        let Some(detail) = store.unit(&code).await? else {
            return Err(TransferError::UnknownUnit(code));
        };
        unit_name.get_or_insert_with(|| detail.unit.name.clone());
        out.push(ExportUnit {
            id: detail.id,
            code: detail.unit.code.clone(),
            services: detail
                .services
                .iter()
                .map(|s| (s.id, s.name.clone()))
                .collect(),
        });
    }
    Ok((title.or(unit_name).unwrap_or_default(), out))
}

/// The scope's responses a page at a time, unit after unit (keyset paging, constant memory).
struct Pages<'a> {
    store: &'a dyn Store,
    scope: &'a ExportScope,
    unit: usize,
    after: Option<NewResponse>,
}

impl<'a> Pages<'a> {
    fn new(store: &'a dyn Store, scope: &'a ExportScope) -> Pages<'a> {
        Pages {
            store,
            scope,
            unit: 0,
            after: None,
        }
    }

    /// The next non-empty page and its unit; `None` at the end.
    async fn next(&mut self) -> Result<Option<(&'a ExportUnit, Vec<NewResponse>)>, TransferError> {
        while let Some(unit) = self.scope.units.get(self.unit) {
            let page = self
                .store
                .responses_page(
                    unit.id,
                    self.scope.from,
                    self.scope.to,
                    self.after.as_ref(),
                    PAGE,
                )
                .await?;
            if page.len() < PAGE as usize {
                self.unit += 1;
                self.after = None;
            } else {
                self.after = page.last().cloned();
            }
            if !page.is_empty() {
                let mut page = page;
                if self.scope.for_publication {
                    for r in &mut page {
                        if let Some(comment) = r.comment.as_mut() {
                            if let std::borrow::Cow::Owned(shown) =
                                ikm_domain::privacy::mask(comment)
                            {
                                *comment = shown;
                            }
                        }
                    }
                }
                return Ok(Some((unit, page)));
            }
        }
        Ok(None)
    }
}

/// Calls `each` for every response of the scope, page by page; returns how many.
async fn for_each_response(
    store: &dyn Store,
    scope: &ExportScope,
    mut each: impl FnMut(&ExportUnit, &NewResponse) -> Result<(), TransferError>,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<u64, TransferError> {
    let mut written = 0u64;
    let mut pages = Pages::new(store, scope);
    while let Some((unit, page)) = pages.next().await? {
        for response in &page {
            each(unit, response)?;
        }
        written += page.len() as u64;
        progress(written);
    }
    Ok(written)
}

/// A chunk of a streamed download, or why it stopped.
pub type Chunk = Result<bytes::Bytes, std::io::Error>;

/// Streams the scope's responses as the CSV of [`write_csv`] into `tx`, one chunk per page: the
/// first bytes leave after the first page, the bounded channel makes a slow reader slow the
/// reading of the database down (memory stays at a few pages), and a reader that went away stops
/// it. Returns the number of rows.
pub async fn stream_csv(
    store: &dyn Store,
    scope: &ExportScope,
    tx: &tokio::sync::mpsc::Sender<Chunk>,
) -> Result<u64, TransferError> {
    let gone = || {
        TransferError::Io(std::io::Error::new(
            std::io::ErrorKind::BrokenPipe,
            "the download was stopped",
        ))
    };
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(EXPORT_HEADER)?;
    let mut rows = 0u64;
    let mut pages = Pages::new(store, scope);
    loop {
        let page = pages.next().await?;
        if let Some((unit, page)) = &page {
            for r in page {
                csv.write_record(record(unit, r).cells())?;
            }
            rows += page.len() as u64;
        }
        let chunk = csv
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        csv = csv::Writer::from_writer(Vec::new());
        if !chunk.is_empty() && tx.send(Ok(chunk.into())).await.is_err() {
            return Err(gone());
        }
        if page.is_none() {
            return Ok(rows);
        }
    }
}

fn record<'a>(unit: &'a ExportUnit, r: &'a NewResponse) -> ExportRecord<'a> {
    ExportRecord {
        id: r.id,
        unit: &unit.code,
        service: unit.service(r),
        submitted_at: r.received_at.with_timezone(&JAKARTA),
        answers: &r.answers,
        gender: r.profile.gender,
        age: r.profile.age,
        education: r.profile.education.as_deref(),
        occupation: r.profile.occupation.as_deref(),
        comment: r.comment.as_deref(),
    }
}

/// Writes the scope's responses as a response file (CSV); returns the number of rows.
pub async fn write_csv<W: Write>(
    store: &dyn Store,
    scope: &ExportScope,
    out: W,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<u64, TransferError> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(EXPORT_HEADER)?;
    let rows = for_each_response(
        store,
        scope,
        |unit, r| Ok(csv.write_record(record(unit, r).cells())?),
        progress,
    )
    .await?;
    csv.flush().map_err(csv::Error::from)?;
    Ok(rows)
}

/// The sheets of the workbook, by index.
const DATA: usize = 0;
const PROFILE: usize = 1;
const COMMENTS: usize = 2;

/// Writes the XLSX workbook: "Olah Data" (one row per respondent with U1–U9, then the column
/// sums, NRR, weighted NRR, the IKM and its grade, all from the engine), "Profil" and "Masukan".
/// Returns the engine's result (for the caller to show) and the number of respondents.
pub async fn write_xlsx(
    store: &dyn Store,
    scope: &ExportScope,
    path: &std::path::Path,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<(Option<IkmResult>, u64), TransferError> {
    let mut book = Workbook::new();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        book.set_tempdir(dir)?;
    }
    let bold = Format::new().set_bold();
    for name in ["Olah Data", "Profil", "Masukan"] {
        book.add_worksheet_with_constant_memory()?.set_name(name)?;
    }
    let title = format!(
        "Pengolahan Data SKM — {} — {} s.d. {}",
        scope.title, scope.from, scope.to
    );
    {
        let data = book.worksheet_from_index(DATA)?;
        data.write_string_with_format(0, 0, &title, &bold)?;
        data.write_string_with_format(2, 0, "No", &bold)?;
        data.write_string_with_format(2, 1, "Tanggal", &bold)?;
        data.write_string_with_format(2, 2, "Unit", &bold)?;
        for u in Unsur::ALL {
            data.write_string_with_format(
                2,
                2 + u16::from(u.number()),
                format!("U{}", u.number()),
                &bold,
            )?;
        }
        let notes = book.worksheet_from_index(COMMENTS)?;
        for (col, head) in ["No", "Tanggal", "Unit", "Layanan", "Masukan"]
            .iter()
            .enumerate()
        {
            notes.write_string_with_format(0, col as u16, *head, &bold)?;
        }
    }
    let mut tally = Tally::default();
    let mut profile: BTreeMap<(&'static str, String), u64> = BTreeMap::new();
    let mut comment_row = 0u32;
    let mut n = 0u32;
    let count = for_each_response(
        store,
        scope,
        |unit, r| {
            n += 1;
            let row = 2 + n;
            tally.record(&r.answers);
            let day = r
                .received_at
                .with_timezone(&JAKARTA)
                .date_naive()
                .to_string();
            let data = book.worksheet_from_index(DATA)?;
            data.write_number(row, 0, f64::from(n))?;
            data.write_string(row, 1, &day)?;
            data.write_string(row, 2, &unit.code)?;
            for (u, score) in r.answers.answered() {
                data.write_number(row, 2 + u16::from(u.number()), f64::from(score.value()))?;
            }
            let gender = r.profile.gender.map_or("—", |g| g.label(Lang::Id));
            *profile
                .entry(("Jenis kelamin", gender.to_string()))
                .or_default() += 1;
            let age = r.profile.age.map_or("—", age_group);
            *profile.entry(("Usia", age.to_string())).or_default() += 1;
            for (what, value) in [
                ("Pendidikan", &r.profile.education),
                ("Pekerjaan", &r.profile.occupation),
            ] {
                let value = value.clone().unwrap_or_else(|| "—".into());
                *profile.entry((what, value)).or_default() += 1;
            }
            if let Some(comment) = &r.comment {
                comment_row += 1;
                let service = unit.service(r).unwrap_or_default();
                let notes = book.worksheet_from_index(COMMENTS)?;
                notes.write_number(comment_row, 0, f64::from(comment_row))?;
                notes.write_string(comment_row, 1, &day)?;
                notes.write_string(comment_row, 2, &unit.code)?;
                notes.write_string(comment_row, 3, service)?;
                // A string cell: a spreadsheet never runs it as a formula.
                notes.write_string(comment_row, 4, comment)?;
            }
            Ok(())
        },
        progress,
    )
    .await?;

    // The summary under the rows, as units lay it out; every figure is the engine's.
    let result = IkmResult::of(&tally);
    let data = book.worksheet_from_index(DATA)?;
    let mut row = 2 + n + 2;
    let labels = [
        "Jumlah nilai per unsur",
        "Jumlah responden menjawab",
        "NRR per unsur",
        "NRR tertimbang (NRR × 1/9)",
    ];
    // Row by row: the constant-memory writer cannot go back to a row it has left.
    for (i, label) in labels.iter().enumerate() {
        let r = row + i as u32;
        data.write_string_with_format(r, 0, *label, &bold)?;
        let Some(result) = &result else { continue };
        for u in Unsur::ALL {
            let col = 2 + u16::from(u.number());
            let figure = result.get(u);
            let value = match i {
                0 => Some(figure.score_sum as f64),
                1 => Some(figure.answered as f64),
                2 => figure.nrr_scaled(3).map(|nrr| nrr as f64 / 1000.0),
                _ => figure.weighted_nrr_scaled(3).map(|w| w as f64 / 1000.0),
            };
            if let Some(value) = value {
                data.write_number(r, col, value)?;
            }
        }
    }
    row += labels.len() as u32 + 1;
    let totals: [(&str, Option<String>, Option<f64>); 5] = [
        ("Responden", None, Some(count as f64)),
        ("IKM (1–4)", None, result.as_ref().map(|r| r.ikm.as_f64())),
        (
            "IKM (konversi 25–100)",
            None,
            result.as_ref().map(|r| r.converted.as_f64()),
        ),
        (
            "Mutu pelayanan",
            result.as_ref().map(|r| r.mutu.letter().to_string()),
            None,
        ),
        (
            "Kinerja unit",
            result.as_ref().map(|r| r.mutu.label(Lang::Id).to_string()),
            None,
        ),
    ];
    for (i, (label, text, number)) in totals.iter().enumerate() {
        let r = row + i as u32;
        data.write_string_with_format(r, 0, *label, &bold)?;
        match (text, number) {
            (Some(text), _) => {
                data.write_string(r, 3, text)?;
            }
            (None, Some(number)) => {
                data.write_number(r, 3, *number)?;
            }
            (None, None) => {
                data.write_string(r, 3, "—")?;
            }
        }
    }

    let sheet = book.worksheet_from_index(PROFILE)?;
    sheet.write_string_with_format(0, 0, "Karakteristik", &bold)?;
    sheet.write_string_with_format(0, 1, "Kategori", &bold)?;
    sheet.write_string_with_format(0, 2, "Jumlah", &bold)?;
    sheet.write_string_with_format(0, 3, "Persen", &bold)?;
    for (i, ((what, value), k)) in profile.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, *what)?;
        sheet.write_string(r, 1, value)?;
        sheet.write_number(r, 2, *k as f64)?;
        if count > 0 {
            sheet.write_number(r, 3, (*k as f64 * 10_000.0 / count as f64).round() / 100.0)?;
        }
    }
    book.save(path)?;
    Ok((result, count))
}

impl From<XlsxError> for TransferError {
    fn from(error: XlsxError) -> Self {
        TransferError::Xlsx(error.to_string())
    }
}
