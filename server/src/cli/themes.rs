//! `ikm themes FILE [--json] [--lexicon FILE]`: reads the comments of a CSV (its `comment` column;
//! other columns are ignored) as the server reads them (`ikm_domain::themes`), and prints, per data
//! row, its themes and flags — or, with `--json`, one JSON array of
//! `{"row": 1, "themes": ["waktu"], "flags": ["pungli"]}` in file order.

use super::error::CliError;
use app::store::themes::BUILT_IN_LEXICON;
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
}

/// The lexicon in `path` (`--lexicon`, `IKM_LEXICON`) and its fingerprint (the file's name and
/// the start of its text's SHA-256), or the built-in one and `built-in`. A broken rule is refused
/// with its line.
pub fn lexicon(path: Option<&Path>) -> Result<(Lexicon, String), CliError> {
    let Some(path) = path else {
        return Ok((Lexicon::built_in().clone(), BUILT_IN_LEXICON.to_string()));
    };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let lexicon = Lexicon::parse(&text)
        .map_err(|e| CliError::Reported(format!("{}: {e}", path.display())))?;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((lexicon, format!("{name}:{hex}")))
}

/// Reads comments with the lexicon an administrator gave from now on, in this process.
pub fn install(lexicon: Lexicon) {
    ikm_domain::themes::use_lexicon(lexicon);
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

/// Reads the file's comments with the lexicon in use (`--lexicon`/`IKM_LEXICON`, installed by
/// `cli::run`, else the built-in one).
pub fn run(args: &ThemesArgs) -> Result<(), CliError> {
    let lexicon = ikm_domain::themes::in_use();
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
    let readings = readings(&bytes, lexicon)
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

/// When the lexicon differs from the one the stored readings were made with, forgets those
/// readings (`Themes::use_lexicon`; the tallies are untouched), so [`read_stored`] reads every
/// stored comment again with this one.
pub async fn reread_if_changed(
    store: &dyn app::store::Store,
    fingerprint: &str,
) -> Result<(), app::store::StoreError> {
    if store.use_lexicon(fingerprint).await? {
        tracing::info!(
            lexicon = fingerprint,
            "a new comment lexicon: stored comments are read again"
        );
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
