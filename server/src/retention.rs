//! Personal data kept no longer than needed (issue #33, UU 27/2022). While the server runs, every
//! six hours: the contacts citizens consented to are deleted
//! `ikm_domain::contact::KEEP_DAYS_AFTER_CLOSED` days after their comment is closed, and the answers
//! older than the retention period (`IKM_RETENTION_DAYS`, two years by default) have their comments
//! masked and their profile emptied (`Retention::purge_personal_data`). `ikm purge` runs the same
//! pass at once, or says what it would change.

use app::store::{PurgeReport, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use std::time::Duration;

/// How often the server looks for personal data past its time.
pub const EVERY: Duration = Duration::from_secs(6 * 3600);

/// What one pass changed, or would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swept {
    /// Contacts of comments closed more than 90 days before.
    pub closed_contacts: u64,
    pub purge: PurgeReport,
}

/// One pass as of `now` (`today`, Asia/Jakarta): with `apply` false, only counts.
pub async fn sweep(
    store: &dyn app::store::Store,
    now: DateTime<Utc>,
    today: NaiveDate,
    retention_days: u32,
    apply: bool,
) -> Result<Swept, StoreError> {
    let closed_contacts = store.forget_contacts(now, apply).await?;
    let before = ikm_domain::privacy::kept_from(today, retention_days);
    let purge = store.purge_personal_data(before, apply).await?;
    Ok(Swept {
        closed_contacts,
        purge,
    })
}

/// Runs [`sweep`] every [`EVERY`] while the server runs (the first two minutes after it starts).
pub fn start(store: app::store::SharedStore, retention_days: u32) {
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(120)).await;
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            let today = app::time::jakarta_today();
            match sweep(store.as_ref(), Utc::now(), today, retention_days, true).await {
                Ok(swept) if swept.closed_contacts + swept.purge.changes() > 0 => {
                    tracing::info!(
                        contacts = swept.closed_contacts + swept.purge.contacts_deleted,
                        comments = swept.purge.comments_masked,
                        profiles = swept.purge.profiles_emptied,
                        before = %swept.purge.before,
                        "personal data past its time removed"
                    );
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "removing personal data past its time failed"),
            }
        }
    });
}
