//! `ikm purge [--dry-run]`: personal data past its time (issue #33) — comments masked and profile
//! answers emptied after the retention period, consented contacts deleted 90 days after their
//! comment is closed; the tallies stay. The server does the same every six hours.

use super::CliError;
use crate::config::RetentionArgs;
use chrono::NaiveDate;

#[derive(Debug, clap::Args)]
pub struct PurgeArgs {
    #[command(flatten)]
    pub retention: RetentionArgs,
    /// Say what would change; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Count the retention period back from this day (YYYY-MM-DD, Asia/Jakarta); default today.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
}

pub async fn run(store: &dyn app::store::Store, args: &PurgeArgs) -> Result<(), CliError> {
    let today = args.as_of.unwrap_or_else(app::time::jakarta_today);
    let now = today
        .and_hms_opt(12, 0, 0)
        .and_then(|t| {
            t.and_local_timezone(ikm_domain::response_file::JAKARTA)
                .single()
        })
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(chrono::Utc::now);
    let days = args.retention.retention_days;
    let swept = crate::retention::sweep(store, now, today, days, !args.dry_run).await?;
    let p = &swept.purge;
    let since = p
        .from
        .map_or_else(|| "the first answer".to_string(), |d| d.to_string());
    println!(
        "Retention {days} days: answers given from {since} up to {} (not included).",
        p.before
    );
    if args.dry_run {
        println!("Would change (dry run: nothing changed):");
    } else {
        println!("Changed (the tallies are unchanged):");
    }
    let closed = format!(
        "contacts of comments closed over {} days ago, deleted:",
        ikm_domain::contact::KEEP_DAYS_AFTER_CLOSED
    );
    for (label, n) in [
        ("comments masked:", p.comments_masked),
        ("staff notes and replies masked:", p.replies_masked),
        ("answers' profiles emptied:", p.profiles_emptied),
        ("contacts of those answers deleted:", p.contacts_deleted),
        (closed.as_str(), swept.closed_contacts),
    ] {
        println!("  {label:<56} {n:>9}");
    }
    Ok(())
}
