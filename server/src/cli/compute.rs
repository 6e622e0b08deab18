//! `ikm compute FILE [--population N] [--json]` — the IKM of a response file.
//!
//! All arithmetic comes from `ikm_domain`; this module only reads the file and prints.

use super::error::CliError;
use clap::Args;
use ikm_domain::confidence::{interval_95, ConfidenceInterval};
use ikm_domain::response_file::{self, ResponseFile};
use ikm_domain::sample::SampleAdequacy;
use ikm_domain::{Hundredths, IkmResult, Lang, Tally, Unsur};
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct ComputeArgs {
    /// The response file (CSV with a header row; `-` reads standard input).
    pub file: PathBuf,
    /// People served in the period, to check the sample against Krejcie & Morgan.
    #[arg(long)]
    pub population: Option<u64>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Everything `compute` prints, worked out once.
pub struct Computation {
    pub result: IkmResult,
    pub interval: Option<ConfidenceInterval>,
    pub sample: Option<SampleAdequacy>,
}

pub fn run(args: &ComputeArgs) -> Result<(), CliError> {
    let file = read(&args.file)?;
    if !file.errors.is_empty() {
        for error in &file.errors {
            eprintln!("{}: {error}", args.file.display());
        }
        return Err(CliError::Reported(format!(
            "{} has {} invalid line(s); nothing was computed",
            args.file.display(),
            file.errors.len()
        )));
    }
    let tally = Tally::of(file.records.iter().map(|r| &r.answers));
    let Some(computation) = compute(&tally, args.population) else {
        return Err(CliError::Reported(format!(
            "{} holds no responses",
            args.file.display()
        )));
    };
    if args.json {
        let text = serde_json::to_string_pretty(&to_json(&computation))
            .map_err(|e| CliError::Reported(e.to_string()))?;
        println!("{text}");
    } else {
        print!("{}", to_text(&computation));
    }
    Ok(())
}

fn read(path: &PathBuf) -> Result<ResponseFile, CliError> {
    let read_error = |reason: String| CliError::Read {
        path: path.clone(),
        reason,
    };
    let parsed = if path.as_os_str() == "-" {
        response_file::read_all(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(|e| read_error(e.to_string()))?;
        response_file::read_all(file)
    };
    parsed.map_err(|e| read_error(e.to_string()))
}

pub fn compute(tally: &Tally, population: Option<u64>) -> Option<Computation> {
    Some(Computation {
        result: IkmResult::of(tally)?,
        interval: interval_95(tally, population),
        sample: population.map(|p| SampleAdequacy::of(tally.respondents(), p)),
    })
}

fn number(value: Hundredths) -> Value {
    json!(value.as_f64())
}

/// The `--json` shape: numbers rounded to two decimals; unanswered unsur carry only `answered: 0`.
pub fn to_json(c: &Computation) -> Value {
    let elements: Vec<Value> = c
        .result
        .unsur
        .iter()
        .map(|u| match u.graded {
            Some(g) => json!({
                "key": u.unsur.key(),
                "answered": u.answered,
                "nrr": number(g.nrr),
                "converted": number(g.converted),
                "grade": g.mutu.letter(),
            }),
            None => json!({ "key": u.unsur.key(), "answered": 0 }),
        })
        .collect();
    let mut out = json!({
        "respondents": c.result.respondents,
        "elements": elements,
        "ikm": number(c.result.ikm),
        "ikm_converted": number(c.result.converted),
        "grade": c.result.mutu.letter(),
        "label": c.result.mutu.label(Lang::Id),
        "confidence_interval": c.interval.map(|ci| json!([number(ci.low), number(ci.high)])),
    });
    if let Some(sample) = c.sample {
        out["sample"] = json!({
            "population": sample.population,
            "required": sample.required,
            "adequate": sample.adequate,
        });
    }
    out
}

/// The table a unit head reads: Indonesian labels, decimal comma.
pub fn to_text(c: &Computation) -> String {
    use std::fmt::Write;
    let r = &c.result;
    let mut out = String::new();
    let _ = writeln!(out, "Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)");
    let _ = writeln!(out, "Jumlah responden: {}", r.respondents);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<4} {:<42} {:>7} {:>6} {:>7}  Mutu",
        "", "Unsur pelayanan", "Dijawab", "NRR", "Nilai"
    );
    for u in &r.unsur {
        let name = u.unsur.name(Lang::Id);
        let label = format!("U{}", u.unsur.number());
        match u.graded {
            Some(g) => {
                let _ = writeln!(
                    out,
                    "{label:<4} {name:<42} {:>7} {:>6} {:>7}  {}",
                    u.answered,
                    g.nrr.to_id_string(),
                    g.converted.to_id_string(),
                    g.mutu
                );
            }
            None => {
                let _ = writeln!(out, "{label:<4} {name:<42} {:>7}  (tidak dijawab)", 0);
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "IKM: {} (skala 1–4) · IKM unit: {} · Mutu {} ({})",
        r.ikm.to_id_string(),
        r.converted.to_id_string(),
        r.mutu,
        r.mutu.label(Lang::Id)
    );
    if let Some(weakest) = r.weakest() {
        let _ = writeln!(out, "Unsur terlemah: {}", weakest.name(Lang::Id));
    }
    match c.interval {
        Some(ci) => {
            let _ = writeln!(
                out,
                "Interval kepercayaan 95%: {} – {}",
                ci.low.to_id_string(),
                ci.high.to_id_string()
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Interval kepercayaan 95%: perlu paling sedikit 2 responden"
            );
        }
    }
    if let Some(s) = c.sample {
        let verdict = if s.adequate {
            "memadai".to_string()
        } else {
            format!("belum representatif, kurang {} responden", s.shortfall())
        };
        let _ = writeln!(
            out,
            "Sampel minimum (Krejcie & Morgan) untuk populasi {}: {} — {verdict}",
            ikm_domain::decimal::group_thousands(s.population, Some('.')),
            s.required
        );
    }
    out
}

/// Keeps `Unsur` in scope for readers: elements always print in regulation order.
const _: [Unsur; 9] = Unsur::ALL;
