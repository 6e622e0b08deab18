//! `ikm regions import FILE [--dry-run]`: loads or updates the region tree from a file of
//! Kemendagri codes (`code,name,level,parent_code`, as `server/data/regions-indonesia.csv`, all 38
//! provinces and 514 kabupaten/kota; ODbL data). Codes are keys: a new code is added, a changed
//! name renames the region (its units and history stay), a code the file lacks is reported and
//! kept with its units. A file with any bad line changes nothing and names every bad line.

use super::CliError;
use crate::region_tree::{parse, plan};
use app::accounts::Actor;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum RegionsCommand {
    /// Load or update the region tree from FILE (code,name,level,parent_code).
    Import {
        file: PathBuf,
        /// Say what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(store: &dyn app::store::Store, command: &RegionsCommand) -> Result<(), CliError> {
    let RegionsCommand::Import { file, dry_run } = command;
    let text = std::fs::read_to_string(file).map_err(|e| CliError::Read {
        path: file.clone(),
        reason: e.to_string(),
    })?;
    let current = store.regions().await?;
    let checked = parse(&text).and_then(|lines| plan(&current, &lines));
    let plan = match checked {
        Ok(plan) => plan,
        Err(problems) => {
            for problem in &problems {
                eprintln!("{}: {problem}", file.display());
            }
            return Err(CliError::Reported(format!(
                "{} bad line(s) in {}: nothing changed",
                problems.len(),
                file.display()
            )));
        }
    };
    let verb = if *dry_run {
        "would be renamed"
    } else {
        "renamed"
    };
    println!(
        "{}: {} new, {} renamed, {} unchanged{}.",
        file.display(),
        plan.added.len(),
        plan.renamed.len(),
        plan.unchanged,
        if *dry_run {
            " (dry run: nothing changed)"
        } else {
            ""
        }
    );
    for (code, old, new) in &plan.renamed {
        println!("  {code}: \"{old}\" {verb} \"{new}\"");
    }
    if !plan.missing.is_empty() {
        let mut units: HashMap<String, usize> = HashMap::new();
        for unit in store.active_units().await? {
            *units.entry(unit.region_code).or_default() += 1;
        }
        println!(
            "{} region(s) in the database are not in the file; kept, with their units:",
            plan.missing.len()
        );
        for region in &plan.missing {
            let n = units.get(&region.code).copied().unwrap_or(0);
            println!("  {} {} ({n} active units)", region.code, region.name);
        }
    }
    if *dry_run {
        return Ok(());
    }
    for region in &plan.added {
        store.ensure_region(region).await?;
    }
    let actor = Actor::command_line();
    for (code, _, new) in &plan.renamed {
        store.rename_region(code, new, &actor).await?;
    }
    Ok(())
}
