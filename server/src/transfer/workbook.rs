//! An uploaded workbook (XLSX) read as the CSV that the response-file reader checks, so one reader
//! checks both. A workbook is a zip of XML, and an upload is hostile until read: a few hundred
//! kilobytes can unpack to gigabytes (a zip bomb), and a single cell at `XFD1048576` asks for a dense
//! sheet of 17 billion cells (calamine's `Range`). So the unpacked size is bounded before the
//! workbook is opened, and the first sheet is read cell by cell, keeping only the cells with text.

use super::TransferError;
use calamine::{Data, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// The most a workbook may unpack to, all its parts together. 100 000 answers of 18 columns unpack
/// to about 60 MB.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// The most parts a workbook may have (a plain one has about a dozen).
pub const MAX_PARTS: usize = 1_000;
/// The most cells with text kept from the sheet: 100 000 answers of 18 columns are 1.8 million.
pub const MAX_CELLS: usize = 2_000_000;
/// The widest sheet read: the interchange format has 18 columns.
pub const MAX_COLUMNS: u32 = 100;
/// The header row is looked for among the first rows with text (a title may stand above it).
const HEADER_SEARCH_ROWS: usize = 20;

/// Why a workbook was refused. The web page words it from the translation table (`UploadTexts`,
/// in `upload::file_problem`); this English text is for the command line and the logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookProblem {
    /// Not a zip, or a zip without a readable workbook in it (the reader's own words).
    #[error("it is not a readable XLSX workbook: {0}")]
    Unreadable(String),
    #[error("it has no sheet")]
    NoSheet,
    #[error("it has {parts} parts; a workbook has at most {MAX_PARTS}")]
    TooManyParts { parts: usize },
    #[error("it unpacks to more than {megabytes} MB; save the sheet as CSV or split it")]
    TooLarge { megabytes: u64 },
    /// A cell with text right of the widest sheet read; row and column from 1.
    #[error(
        "row {row} has text in column {column}; a response file has at most {MAX_COLUMNS} columns"
    )]
    TooWide { row: u64, column: u64 },
    #[error("it has more than {MAX_CELLS} filled cells; split it into several files")]
    TooManyCells,
}

/// The first sheet of an XLSX as CSV. The header row is the first that names an unsur; the CSV has
/// one line per spreadsheet row (rows above the header and rows without text are empty records,
/// which the reader skips), so the line numbers the reader reports are the spreadsheet's row numbers.
/// Dates typed as dates become ISO 8601.
pub fn xlsx_to_csv(bytes: &[u8]) -> Result<Vec<u8>, TransferError> {
    check_unpacked_size(bytes, MAX_UNPACKED_BYTES)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(TransferError::Workbook(WorkbookProblem::NoSheet))?;
    let rows = cells_by_row(&mut book, &first)?;
    to_csv(&rows)
}

fn unreadable(error: impl std::fmt::Display) -> TransferError {
    TransferError::Workbook(WorkbookProblem::Unreadable(error.to_string()))
}

/// Unpacks every part of the zip into nothing, counting the bytes it really unpacks to (sizes
/// written in the zip can lie), and refuses once they pass `limit`.
fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), TransferError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if zip.len() > MAX_PARTS {
        return Err(TransferError::Workbook(WorkbookProblem::TooManyParts {
            parts: zip.len(),
        }));
    }
    let too_big = || {
        TransferError::Workbook(WorkbookProblem::TooLarge {
            megabytes: limit / (1024 * 1024),
        })
    };
    let mut unpacked = 0u64;
    for index in 0..zip.len() {
        let part = zip.by_index(index).map_err(unreadable)?;
        let left = limit - unpacked;
        let read =
            std::io::copy(&mut part.take(left + 1), &mut std::io::sink()).map_err(unreadable)?;
        if read > left {
            return Err(too_big());
        }
        unpacked += read;
    }
    Ok(())
}

/// The cells of one sheet that hold text, by row then column (both from 0).
type Rows = BTreeMap<u32, Vec<(u32, String)>>;

fn cells_by_row(book: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Result<Rows, TransferError> {
    let mut cells = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let mut rows = Rows::new();
    let mut kept = 0usize;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let text = text_of(Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if column >= MAX_COLUMNS {
            return Err(TransferError::Workbook(WorkbookProblem::TooWide {
                row: u64::from(row) + 1,
                column: u64::from(column) + 1,
            }));
        }
        kept += 1;
        if kept > MAX_CELLS {
            return Err(TransferError::Workbook(WorkbookProblem::TooManyCells));
        }
        rows.entry(row).or_default().push((column, text));
    }
    Ok(rows)
}

/// A cell as the CSV holds it: whole numbers without a decimal point, dates in ISO 8601.
fn text_of(cell: Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", f as i64),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|t| {
                if t.time() == chrono::NaiveTime::MIN {
                    t.date().to_string()
                } else {
                    t.format("%Y-%m-%dT%H:%M:%S").to_string()
                }
            })
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

fn to_csv(rows: &Rows) -> Result<Vec<u8>, TransferError> {
    let names_an_unsur = |cells: &Vec<(u32, String)>| {
        cells
            .iter()
            .any(|(_, text)| ikm_domain::Unsur::parse(text.trim()).is_some())
    };
    let header = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .find(|(_, cells)| names_an_unsur(cells))
        .or_else(|| rows.iter().next())
        .map(|(row, _)| *row);
    let Some(header) = header else {
        return Ok(Vec::new());
    };
    let kept = || rows.range(header..).flat_map(|(_, cells)| cells);
    let first = kept().map(|(column, _)| *column).min().unwrap_or(0);
    let last = kept().map(|(column, _)| *column).max().unwrap_or(0);
    let width = (last - first + 1) as usize;

    // One line per spreadsheet row: rows above the header and rows without text are a record of
    // one empty field (`""`, which the reader skips but counts), so line numbers stay the rows.
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut line = 0u32;
    for (&row, cells) in rows.range(header..) {
        for _ in line..row {
            out.write_record([""])?;
        }
        let mut record = vec![""; width];
        for (column, text) in cells {
            record[(column - first) as usize] = text;
        }
        out.write_record(&record)?;
        line = row + 1;
    }
    out.into_inner().map_err(unreadable)
}

#[cfg(test)]
mod tests;
