//! `ikm invite --unit CODE --count N --output FILE`: a sheet of invitation slips to print and cut.

use super::CliError;
use crate::invitation_sheet::{self, Slip};
use crate::invitations::{invitation_url, new_invitation};
use app::invitation::MAX_PER_CALL;
use app::store::Store;
use chrono::Utc;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct InviteArgs {
    /// The unit's code, e.g. 1871-disdukcapil.
    #[arg(long)]
    pub unit: String,
    /// How many invitations (1 to 500).
    #[arg(long, default_value_t = 12)]
    pub count: u32,
    /// The PDF to write.
    #[arg(long)]
    pub output: PathBuf,
    /// The address citizens reach the survey at (what the QR codes hold); default IKM_PUBLIC_URL.
    #[arg(long, env = "IKM_PUBLIC_URL")]
    pub base_url: Option<String>,
}

pub async fn run(store: &dyn Store, args: &InviteArgs) -> Result<(), CliError> {
    if !(1..=MAX_PER_CALL).contains(&args.count) {
        return Err(CliError::Reported(format!(
            "--count must be 1 to {MAX_PER_CALL}, not {}",
            args.count
        )));
    }
    let Some(base) = args
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|b| b.starts_with("https://") || b.starts_with("http://"))
    else {
        return Err(CliError::Reported(
            "the QR codes need the survey's address: give --base-url https://… or set \
             IKM_PUBLIC_URL"
                .into(),
        ));
    };
    let Some(unit) = store.unit(&args.unit).await?.filter(|u| u.active) else {
        return Err(CliError::Reported(format!(
            "no active unit has the code {:?}",
            args.unit
        )));
    };
    let settings = store.invitation_settings(unit.id).await?;
    let now = Utc::now();
    let invitations: Vec<_> = (0..args.count)
        .map(|_| new_invitation(&unit, None, String::new(), settings, now))
        .collect();
    let file = std::fs::File::create(&args.output).map_err(|e| CliError::Write {
        path: args.output.clone(),
        reason: e.to_string(),
    })?;
    // Stored first: a slip printed is a slip that works.
    store
        .issue_invitations(&invitations, "command line")
        .await?;
    let slips: Vec<Slip> = invitations
        .into_iter()
        .map(|invitation| Slip {
            link: invitation_url(Some(base), None, &invitation.code),
            invitation,
        })
        .collect();
    let pages =
        invitation_sheet::write(&unit.unit.name, &slips, file).map_err(|e| CliError::Write {
            path: args.output.clone(),
            reason: e.to_string(),
        })?;
    println!(
        "{} invitations of {} written to {} ({pages} pages); valid {} days.",
        slips.len(),
        unit.unit.code,
        args.output.display(),
        settings.valid_days
    );
    Ok(())
}
