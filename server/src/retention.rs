//! Personal data kept no longer than needed (issue #33, UU 27/2022): while the server runs, the
//! contacts citizens consented to are deleted `ikm_domain::contact::KEEP_DAYS_AFTER_CLOSED` days
//! after their comment is closed (`Dashboards::forget_contacts`).

use std::time::Duration;

/// How often the server looks for personal data past its time.
pub const EVERY: Duration = Duration::from_secs(6 * 3600);

/// One pass: deletes what is past its time; how many contacts went.
pub async fn sweep(
    store: &dyn app::store::Store,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, app::store::StoreError> {
    store.forget_contacts(now).await
}

/// Runs [`sweep`] every [`EVERY`] while the server runs (the first two minutes after it starts).
pub fn start(store: app::store::SharedStore) {
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(120)).await;
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            match sweep(store.as_ref(), chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(contacts) => tracing::info!(contacts, "contacts past their time deleted"),
                Err(error) => tracing::warn!(%error, "deleting contacts past their time failed"),
            }
        }
    });
}
