//! Moving responses in and out: import of paper surveys (CSV or XLSX) and export (CSV in the
//! interchange format, XLSX "olah data"), shared by the command line and the web.

pub mod export;
pub mod import;

use app::store::StoreError;
use calamine::{Data, Reader};
use ikm_domain::response_file::FileError;

/// Why an import or export could not go on.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("{0}")]
    File(#[from] FileError),
    #[error("the database failed: {0}")]
    Store(#[from] StoreError),
    #[error("cannot write the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
    #[error("the workbook cannot be read: {0}")]
    Workbook(String),
    #[error("there is no unit with code {0:?}")]
    UnknownUnit(String),
    #[error("there is no region with code {0:?}")]
    UnknownRegion(String),
    #[error("say which unit or region to export")]
    NoScope,
}

/// The first sheet of an XLSX as CSV, so one reader checks both (the header row is the first row
/// naming an unsur; dates typed as dates become ISO 8601).
pub fn xlsx_to_csv(bytes: &[u8]) -> Result<Vec<u8>, TransferError> {
    let bad = |e: &dyn std::fmt::Display| TransferError::Workbook(e.to_string());
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| TransferError::Workbook("it has no sheet".into()))?
        .map_err(|e| bad(&e))?;
    // The header row is the first that names an unsur (a title may stand above it).
    let is_header = |row: &[Data]| {
        row.iter()
            .any(|c| ikm_domain::Unsur::parse(c.to_string().trim()).is_some())
    };
    let skip = range.rows().take(20).position(is_header).unwrap_or(0);
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in range.rows().skip(skip) {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Data::Empty => String::new(),
                Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
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
            })
            .collect();
        out.write_record(&cells)?;
    }
    out.into_inner()
        .map_err(|e| TransferError::Workbook(e.to_string()))
}
