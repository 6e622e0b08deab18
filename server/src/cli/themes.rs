//! `ikm themes FILE [--json] [--lexicon FILE]`: reads the comments of a CSV (its `comment` column;
//! other columns are ignored) as the server reads them (`ikm_domain::themes`), and prints, per data
//! row, its themes and flags — or, with `--json`, one JSON array of
//! `{"row": 1, "themes": ["waktu"], "flags": ["pungli"]}` in file order.

use super::error::CliError;
use clap::Args;
use ikm_domain::themes::{Lexicon, Reading};
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Args)]
pub struct ThemesArgs {
    /// The CSV of comments (a header row with a `comment` column; `-` reads standard input).
    pub file: PathBuf,
    /// Print one JSON array instead of lines.
    #[arg(long)]
    pub json: bool,
    /// A lexicon to read with instead of the built-in one (the format of
    /// domain/data/comment-lexicon.txt).
    #[arg(long, env = "IKM_LEXICON")]
    pub lexicon: Option<PathBuf>,
}

/// The lexicon in `path`, or the built-in one.
pub fn lexicon(path: Option<&Path>) -> Result<Lexicon, CliError> {
    let Some(path) = path else {
        return Ok(Lexicon::built_in().clone());
    };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    Lexicon::parse(&text).map_err(|e| CliError::Reported(format!("{}: {e}", path.display())))
}

/// The readings of the file's comments, in file order.
pub fn readings(bytes: &[u8], lexicon: &Lexicon) -> Result<Vec<Reading>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::Headers)
        .from_reader(bytes);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = headers
        .iter()
        .position(|h| {
            h.trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case("comment")
        })
        .ok_or_else(|| {
            format!(
                "no column named `comment` (the header row has: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })?;
    let mut out = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", index + 1))?;
        out.push(lexicon.read(record.get(column).unwrap_or_default()));
    }
    Ok(out)
}

pub fn run(args: &ThemesArgs) -> Result<(), CliError> {
    let lexicon = lexicon(args.lexicon.as_deref())?;
    let bytes = if args.file.as_os_str() == "-" {
        let mut buffer = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buffer).map_err(|e| {
            CliError::Read {
                path: args.file.clone(),
                reason: e.to_string(),
            }
        })?;
        buffer
    } else {
        std::fs::read(&args.file).map_err(|e| CliError::Read {
            path: args.file.clone(),
            reason: e.to_string(),
        })?
    };
    let readings = readings(&bytes, &lexicon)
        .map_err(|reason| CliError::Reported(format!("{}: {reason}", args.file.display())))?;
    let keys = |r: &Reading| {
        (
            r.themes.iter().map(|u| u.key()).collect::<Vec<_>>(),
            r.flags.iter().map(|f| f.key()).collect::<Vec<_>>(),
        )
    };
    if args.json {
        let rows: Vec<serde_json::Value> = readings
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (themes, flags) = keys(r);
                json!({ "row": i + 1, "themes": themes, "flags": flags })
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
    } else {
        for (i, r) in readings.iter().enumerate() {
            let (themes, flags) = keys(r);
            println!("{}\t{}\t{}", i + 1, themes.join(", "), flags.join(", "));
        }
    }
    Ok(())
}

/// Reads every stored comment that has no reading yet, a batch at a time; how many it read.
pub async fn read_stored(store: &dyn app::store::Store) -> Result<u64, app::store::StoreError> {
    let mut total = 0;
    loop {
        let read = store.read_stored_comments(2_000).await?;
        total += read;
        if read == 0 {
            return Ok(total);
        }
    }
}
