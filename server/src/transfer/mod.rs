//! Moving responses in and out: import of paper surveys (CSV or XLSX) and export (CSV in the
//! interchange format, XLSX "olah data"), shared by the command line and the web.

pub mod export;
pub mod import;
pub mod served;
pub mod workbook;

pub use workbook::{xlsx_to_csv, WorkbookProblem};

use app::store::StoreError;
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
    Workbook(WorkbookProblem),
    #[error("there is no unit with code {0:?}")]
    UnknownUnit(String),
    #[error("there is no region with code {0:?}")]
    UnknownRegion(String),
    #[error("say which unit or region to export")]
    NoScope,
}
