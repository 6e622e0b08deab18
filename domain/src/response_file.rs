//! The response file: the CSV interchange format of `spec/responses-csv.md`.
//!
//! One row per respondent under a header row; comma-separated UTF-8 (a BOM is tolerated) with RFC 4180
//! quoting, so a comment may hold commas, quotes and line breaks. Header names match
//! case-insensitively in any order; scores come under the unsur keys or the regulation's `u1`–`u9`
//! (U8 = pengaduan, U9 = sarana); unknown columns are ignored. Every invalid row is reported with the
//! line it starts on and the reason, so a person can fix the file.

use crate::profile::{Gender, AGE_RANGE, MAX_COMMENT_CHARS, MAX_SHORT_TEXT_CHARS};
pub use crate::row_problem::RowProblem;
use crate::score::{Answers, Score, ScoreError};
use crate::unsur::Unsur;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use std::io::{BufRead, BufReader, Read};
use uuid::Uuid;

/// Asia/Jakarta (WIB) has kept UTC+7 without daylight saving since 1964.
pub const JAKARTA: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// One valid row.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRecord {
    /// Its row as a spreadsheet shows the file: the header's row is 1, a comment written over
    /// several lines is still one row, and empty rows count.
    pub line: u64,
    pub answers: Answers,
    pub submitted_at: Option<DateTime<FixedOffset>>,
    pub unit: Option<String>,
    pub service: Option<String>,
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub comment: Option<String>,
    pub id: Option<Uuid>,
}

/// One invalid row: where, and why (worded in either language by `RowProblem::describe`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("baris {line}: {problem}")]
pub struct RowError {
    pub line: u64,
    pub problem: RowProblem,
}

/// A file that cannot be read as a response file at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("berkas kosong: tidak ada baris judul kolom")]
    Empty,
    #[error("tidak ada kolom nilai: judul kolom harus memuat kunci unsur (persyaratan … sarana) atau u1–u9")]
    NoScoreColumns,
    #[error("kolom \"{0}\" muncul lebih dari sekali (termasuk kunci unsur dan u1–u9 untuk unsur yang sama)")]
    DuplicateColumn(String),
    #[error("baris judul kolom tidak dapat dibaca: {0}")]
    Header(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Score(Unsur),
    SubmittedAt,
    Unit,
    Service,
    Gender,
    Age,
    Education,
    Occupation,
    Comment,
    Id,
}

impl Column {
    fn from_header(name: &str) -> Option<Column> {
        let name = name.trim().to_ascii_lowercase();
        if let Some(unsur) = Unsur::parse(&name) {
            return Some(Column::Score(unsur));
        }
        Some(match name.as_str() {
            "submitted_at" => Column::SubmittedAt,
            "unit" => Column::Unit,
            "service" => Column::Service,
            "gender" => Column::Gender,
            "age" => Column::Age,
            "education" => Column::Education,
            "occupation" => Column::Occupation,
            "comment" => Column::Comment,
            "id" => Column::Id,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Column::Score(u) => u.key(),
            Column::SubmittedAt => "submitted_at",
            Column::Unit => "unit",
            Column::Service => "service",
            Column::Gender => "gender",
            Column::Age => "age",
            Column::Education => "education",
            Column::Occupation => "occupation",
            Column::Comment => "comment",
            Column::Id => "id",
        }
    }
}

/// Reads a response file row by row, in constant memory.
pub struct ResponseReader<R: Read> {
    csv: csv::Reader<BufReader<R>>,
    columns: Vec<Option<Column>>,
    record: csv::ByteRecord,
    /// Set after an I/O error, which would otherwise repeat forever.
    finished: bool,
}

impl<R: Read> ResponseReader<R> {
    /// Reads and checks the header row.
    pub fn new(input: R) -> Result<ResponseReader<R>, FileError> {
        let mut buffered = BufReader::new(input);
        // A UTF-8 byte-order mark, as spreadsheet programs write, is not part of the first header.
        let starts_with_bom = buffered
            .fill_buf()
            .map_err(|e| FileError::Header(e.to_string()))?
            .starts_with(b"\xEF\xBB\xBF");
        if starts_with_bom {
            buffered.consume(3);
        }
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(buffered);
        // The header is the first row with text (a spreadsheet may have empty rows above it).
        let mut headers = csv::ByteRecord::new();
        if !read_filled(&mut csv, &mut headers).map_err(|e| FileError::Header(e.to_string()))? {
            return Err(FileError::Empty);
        }
        let mut columns = Vec::with_capacity(headers.len());
        for header in headers.iter() {
            let name = String::from_utf8_lossy(header);
            let column = Column::from_header(&name);
            if let Some(column) = column {
                if columns.contains(&Some(column)) {
                    return Err(FileError::DuplicateColumn(column.name().to_string()));
                }
            }
            columns.push(column);
        }
        if !columns.iter().any(|c| matches!(c, Some(Column::Score(_)))) {
            return Err(FileError::NoScoreColumns);
        }
        Ok(ResponseReader {
            csv,
            columns,
            record: csv::ByteRecord::new(),
            finished: false,
        })
    }

    fn parse_record(&self, line: u64) -> Result<ResponseRecord, RowError> {
        let fail = |problem: RowProblem| RowError { line, problem };
        if self.record.len() != self.columns.len() {
            return Err(fail(RowProblem::ColumnCount {
                found: self.record.len(),
                expected: self.columns.len(),
            }));
        }
        let mut scores = [None; 9];
        let mut row = ResponseRecord {
            line,
            answers: Answers::complete([Score::MAX; 9]),
            submitted_at: None,
            unit: None,
            service: None,
            gender: None,
            age: None,
            education: None,
            occupation: None,
            comment: None,
            id: None,
        };
        for (field, column) in self.record.iter().zip(&self.columns) {
            let Some(column) = *column else { continue };
            let name = || column.name().to_string();
            let text = std::str::from_utf8(field)
                .map_err(|_| fail(RowProblem::NotText { column: name() }))?;
            let value = unescape_cell(text.trim());
            if value.is_empty() {
                continue;
            }
            let limited = |max: usize| {
                let chars = value.chars().count();
                if chars > max {
                    Err(fail(RowProblem::TooLong {
                        column: name(),
                        chars,
                        max,
                    }))
                } else {
                    Ok(value.to_string())
                }
            };
            match column {
                Column::Score(unsur) => {
                    let score = Score::parse(value).map_err(|e| {
                        fail(match e {
                            ScoreError::OutOfRange(value) => RowProblem::ScoreOutOfRange {
                                column: name(),
                                value,
                            },
                            ScoreError::NotANumber(value) => RowProblem::ScoreNotANumber {
                                column: name(),
                                value,
                            },
                        })
                    })?;
                    scores[unsur.index()] = Some(score);
                }
                Column::SubmittedAt => {
                    row.submitted_at = Some(parse_timestamp(value).ok_or_else(|| {
                        fail(RowProblem::NotADate {
                            value: value.to_string(),
                        })
                    })?);
                }
                Column::Gender => {
                    row.gender = Some(Gender::parse(value).ok_or_else(|| {
                        fail(RowProblem::NotAGender {
                            value: value.to_string(),
                        })
                    })?);
                }
                Column::Age => {
                    let age = value
                        .parse::<u8>()
                        .ok()
                        .filter(|a| AGE_RANGE.contains(a))
                        .ok_or_else(|| {
                            fail(RowProblem::NotAnAge {
                                value: value.to_string(),
                                min: *AGE_RANGE.start(),
                                max: *AGE_RANGE.end(),
                            })
                        })?;
                    row.age = Some(age);
                }
                Column::Id => {
                    row.id = Some(Uuid::parse_str(value).map_err(|_| {
                        fail(RowProblem::NotAnId {
                            value: value.to_string(),
                        })
                    })?);
                }
                Column::Comment => {
                    row.comment = Some(crate::profile::clean_comment(&limited(MAX_COMMENT_CHARS)?))
                        .filter(|c| !c.is_empty());
                }
                Column::Unit => row.unit = Some(limited(MAX_SHORT_TEXT_CHARS)?),
                Column::Service => row.service = Some(limited(MAX_SHORT_TEXT_CHARS)?),
                Column::Education => row.education = Some(limited(MAX_SHORT_TEXT_CHARS)?),
                Column::Occupation => row.occupation = Some(limited(MAX_SHORT_TEXT_CHARS)?),
            }
        }
        row.answers = Answers::new(scores).map_err(|_| fail(RowProblem::NoAnswers))?;
        Ok(row)
    }
}

impl<R: Read> Iterator for ResponseReader<R> {
    type Item = Result<ResponseRecord, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        match read_filled(&mut self.csv, &mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record.position().map_or(0, row_of);
                Some(self.parse_record(line))
            }
            Err(e) => {
                let line = e.position().map_or(0, row_of);
                let detail = match e.kind() {
                    csv::ErrorKind::Io(io) => io.to_string(),
                    _ => e.to_string(),
                };
                self.finished = matches!(e.kind(), csv::ErrorKind::Io(_));
                Some(Err(RowError {
                    line,
                    problem: RowProblem::Unreadable { detail },
                }))
            }
        }
    }
}

/// Reads the next row with any text into `record` (false at the end). Rows without text
/// (spreadsheets save them, as `,,,,`) are no responses and no header: skipped, still counted.
fn read_filled<R: Read>(
    csv: &mut csv::Reader<R>,
    record: &mut csv::ByteRecord,
) -> csv::Result<bool> {
    while csv.read_byte_record(record)? {
        if record.iter().any(|field| !field.trim_ascii().is_empty()) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The row a spreadsheet shows a record on (from 1): records, not lines, since a quoted comment
/// may span lines. (Lines wholly empty are not records; a spreadsheet shows them as rows.)
fn row_of(position: &csv::Position) -> u64 {
    position.record() + 1
}

/// Every row of a file, valid and invalid, split in two.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponseFile {
    pub records: Vec<ResponseRecord>,
    pub errors: Vec<RowError>,
}

/// Reads a whole file into memory (for small files; imports use [`ResponseReader`]).
pub fn read_all(input: impl Read) -> Result<ResponseFile, FileError> {
    let mut file = ResponseFile::default();
    for row in ResponseReader::new(input)? {
        match row {
            Ok(record) => file.records.push(record),
            Err(error) => file.errors.push(error),
        }
    }
    Ok(file)
}

/// One response as an export writes it: the columns of the interchange format, so that an export
/// imports back unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRecord<'a> {
    pub id: Uuid,
    pub unit: &'a str,
    pub service: Option<&'a str>,
    pub submitted_at: DateTime<FixedOffset>,
    pub answers: &'a Answers,
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    pub education: Option<&'a str>,
    pub occupation: Option<&'a str>,
    pub comment: Option<&'a str>,
}

/// The header an export writes: the nine unsur keys in the regulation's order, then the rest.
pub const EXPORT_HEADER: [&str; 18] = [
    "id",
    "unit",
    "service",
    "submitted_at",
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "pengaduan",
    "sarana",
    "gender",
    "age",
    "education",
    "occupation",
    "comment",
];

impl ExportRecord<'_> {
    /// The row's cells under [`EXPORT_HEADER`]; text that a spreadsheet would run as a formula is
    /// escaped ([`escape_cell`]).
    pub fn cells(&self) -> [String; 18] {
        let text = |v: Option<&str>| v.map(escape_cell).unwrap_or_default();
        let score = |u: Unsur| {
            self.answers
                .get(u)
                .map(|s| s.value().to_string())
                .unwrap_or_default()
        };
        [
            self.id.to_string(),
            escape_cell(self.unit),
            text(self.service),
            self.submitted_at.to_rfc3339(),
            score(Unsur::ALL[0]),
            score(Unsur::ALL[1]),
            score(Unsur::ALL[2]),
            score(Unsur::ALL[3]),
            score(Unsur::ALL[4]),
            score(Unsur::ALL[5]),
            score(Unsur::ALL[6]),
            score(Unsur::ALL[7]),
            score(Unsur::ALL[8]),
            self.gender.map(|g| g.key().to_string()).unwrap_or_default(),
            self.age.map(|a| a.to_string()).unwrap_or_default(),
            text(self.education),
            text(self.occupation),
            text(self.comment),
        ]
    }
}

/// What a text cell may start with that gets a leading `'`: what a spreadsheet would run as a
/// formula (CSV injection), and `'` itself, so that a text that starts with one imports back as
/// it was.
const ESCAPED_FIRST: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A text cell that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a
/// leading `'`, so a spreadsheet shows it as text instead of running it; so does one that starts
/// with `'`.
pub fn escape_cell(value: &str) -> String {
    if value.starts_with(ESCAPED_FIRST) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// Undoes [`escape_cell`] when a file is imported: an export imports back exactly as stored.
pub fn unescape_cell(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(ESCAPED_FIRST) => rest,
        _ => value,
    }
}

/// ISO 8601 date or date-time; without an offset it is Asia/Jakarta.
pub fn parse_timestamp(value: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(value) {
        return Some(with_offset);
    }
    const LOCAL_FORMATS: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    let local = LOCAL_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    local.and_local_timezone(JAKARTA).single()
}
