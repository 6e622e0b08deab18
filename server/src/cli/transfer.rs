//! `ikm import` and `ikm export`: the command-line side of `transfer` (arguments, messages).

use super::error::CliError;
use crate::transfer::export::{units_of, write_csv, write_xlsx, ExportScope};
use crate::transfer::import::{import_csv, ImportOptions};
use crate::transfer::{xlsx_to_csv, TransferError};
use app::store::Store;
use chrono::NaiveDate;
use ikm_domain::decimal::group_thousands;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The unit the answers were given at (its code).
    #[arg(long)]
    pub unit: String,
    /// Store the valid rows even when some rows are invalid (by default nothing is stored then).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Only check the file and show what it holds; store nothing.
    #[arg(long)]
    pub preview: bool,
    /// The response file: CSV (see docs/IKM.md) or XLSX (its first sheet, same columns).
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("scope").required(true).args(["unit", "region"])))]
pub struct ExportArgs {
    /// Export one unit (its code).
    #[arg(long)]
    pub unit: Option<String>,
    /// Export every unit of a region (a province: all its regencies and cities).
    #[arg(long)]
    pub region: Option<String>,
    /// First day (YYYY-MM-DD, Asia/Jakarta); default: everything.
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD, Asia/Jakarta); default: today.
    #[arg(long)]
    pub to: Option<NaiveDate>,
    #[arg(long, value_enum)]
    pub format: Format,
    #[arg(long)]
    pub output: PathBuf,
    /// For publication: personal numbers, e-mail addresses and plates in comments masked (without
    /// it, the unit's own record: comments as written).
    #[arg(long)]
    pub for_publication: bool,
}

pub async fn import(store: &dyn Store, args: &ImportArgs) -> Result<(), CliError> {
    let Some(unit) = store.unit(&args.unit).await? else {
        return Err(TransferError::UnknownUnit(args.unit.clone()).into());
    };
    let bytes = std::fs::read(&args.file).map_err(|e| CliError::Read {
        path: args.file.clone(),
        reason: e.to_string(),
    })?;
    let is_xlsx = bytes.starts_with(b"PK\x03\x04");
    let csv = if is_xlsx { xlsx_to_csv(&bytes)? } else { bytes };
    let options = ImportOptions {
        skip_invalid: args.skip_invalid,
        preview: args.preview,
    };
    let report = import_csv(store, &unit, &csv, options).await?;
    let n = |v: u64| group_thousands(v, Some('.'));
    println!(
        "{}: {} baris, {} valid, {} tidak valid.",
        args.file.display(),
        n(report.rows),
        n(report.valid),
        n(report.invalid.len() as u64)
    );
    if let (Some(first), Some(last)) = (report.first_day, report.last_day) {
        println!("Tanggal survei: {first} s.d. {last}.");
    }
    if let Some(ikm) = &report.ikm {
        println!(
            "IKM berkas ini: {} (mutu {}, {}).",
            ikm.converted.to_id_string(),
            ikm.mutu.letter(),
            ikm.mutu.label(ikm_domain::Lang::Id)
        );
    }
    for error in &report.invalid {
        eprintln!("{error}");
    }
    if report.committed {
        println!(
            "Disimpan ke {}: {} baru, {} sudah ada sebelumnya, {} bertentangan.",
            unit.unit.code,
            n(report.stored),
            n(report.already_stored),
            n(report.conflicts.len() as u64)
        );
        for conflict in &report.conflicts {
            eprintln!("{conflict}");
        }
        Ok(())
    } else if args.preview {
        println!("Pratinjau: tidak ada yang disimpan.");
        Ok(())
    } else {
        Err(CliError::Reported(format!(
            "nothing was stored: {} invalid row(s) (listed above); fix them, or import with --skip-invalid",
            report.invalid.len()
        )))
    }
}

pub async fn export(store: &dyn Store, args: &ExportArgs) -> Result<(), CliError> {
    let (title, units) = units_of(store, args.unit.as_deref(), args.region.as_deref()).await?;
    let today = app::time::jakarta_today();
    let scope = ExportScope {
        title,
        units,
        from: args
            .from
            .or(NaiveDate::from_ymd_opt(1900, 1, 1))
            .unwrap_or(today),
        to: args.to.unwrap_or(today),
        for_publication: args.for_publication,
    };
    let started = std::time::Instant::now();
    let mut next_report = 100_000u64;
    let mut progress = |done: u64| {
        if done >= next_report {
            eprintln!("… {} jawaban", group_thousands(done, Some('.')));
            next_report = done + 100_000;
        }
    };
    let rows = match args.format {
        Format::Csv => {
            let file = std::fs::File::create(&args.output).map_err(|e| CliError::Write {
                path: args.output.clone(),
                reason: e.to_string(),
            })?;
            write_csv(store, &scope, std::io::BufWriter::new(file), &mut progress).await?
        }
        Format::Xlsx => {
            write_xlsx(store, &scope, &args.output, &mut progress)
                .await?
                .1
        }
    };
    println!(
        "{} jawaban ditulis ke {} ({:.1} s).",
        group_thousands(rows, Some('.')),
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
