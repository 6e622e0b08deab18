//! The scorecard's monthly reminders: with SMTP configured, once a month each staff account with an
//! e-mail address gets what is due in its scope — a unit account its units' tasks, a kabupaten/kota
//! account its units', a province account its kabupaten/kota's counts and its own units' tasks —
//! never more than one mail a month per address, however many servers run (each mail is claimed in
//! the database before it is sent), every send logged (`/admin/rubrik` shows the log).

use app::access::Role;
use app::figures::RegionReading;
use app::model::Account;
use app::scorecard::{due_words, fill};
use app::store::{Store, StoreResult};
use chrono::{Datelike, NaiveDate, Utc};
use ikm_domain::Lang;
use std::collections::BTreeMap;

/// Where reminders go: SMTP in production, a recorder in tests.
#[async_trait::async_trait]
pub trait Outbox: Send + Sync {
    async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), String>;
}

#[async_trait::async_trait]
impl Outbox for crate::mail::Mailer {
    async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), String> {
        crate::mail::Mailer::send(self, to, subject, body)
            .await
            .map_err(|e| e.to_string())
    }
}

/// One mail to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub address: String,
    pub name: String,
    /// What is due, a line each.
    pub lines: Vec<String>,
    /// The scorecard page to open.
    pub link: String,
}

/// What happened in one round.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: u64,
    pub failed: u64,
    /// Already sent (or being sent) this month, or nothing due.
    pub skipped: u64,
}

/// A unit's tasks as of `today`, by unit code: (unit name, its region, the tasks in words).
type Tasks = BTreeMap<String, (String, String, Vec<String>)>;

async fn tasks_of(store: &dyn Store, province: &str, today: NaiveDate) -> StoreResult<Tasks> {
    let mut out = Tasks::new();
    let Some(place) = RegionReading::locate(store, province).await? else {
        return Ok(out);
    };
    let rubric = app::store::scorecards::rubric_in_force(store).await?;
    let year = today.year();
    let book = app::scorecard::read(store, place, year).await?;
    for scored in book.scored(&rubric, today) {
        let unit = &book.reading.units[scored.index];
        if !unit.active || scored.due.is_empty() {
            continue;
        }
        let actions = book.actions(unit.id);
        let words = scored
            .due
            .iter()
            .map(|d| due_words(d, year, &actions, Lang::Id))
            .collect();
        out.insert(
            unit.code.clone(),
            (unit.name.clone(), unit.region_code.clone(), words),
        );
    }
    Ok(out)
}

/// The reminders due as of `today`, one per active account with an e-mail address and something
/// due in its scope (in Bahasa Indonesia: staff mail).
pub async fn reminders(
    store: &dyn Store,
    today: NaiveDate,
    public_url: Option<&str>,
) -> StoreResult<Vec<Reminder>> {
    let accounts: Vec<Account> = store
        .users()
        .await?
        .into_iter()
        .filter(|a| a.active && a.email.as_deref().is_some_and(|e| !e.trim().is_empty()))
        .collect();
    let mut provinces: Vec<String> = Vec::new();
    let regions = store.regions().await?;
    let province_of_unit = |region: &str| app::access::province_of(region).to_string();
    for a in &accounts {
        for scope in &a.scopes {
            let province = match a.role {
                Role::Unit => match store.unit(scope).await? {
                    Some(u) => province_of_unit(&u.unit.region_code),
                    None => continue,
                },
                // The scorecard's reminders are for units and regions; an MPP's manager and the
                // national evaluator get none.
                Role::Admin | Role::Mpp | Role::National => continue,
                _ => province_of_unit(scope),
            };
            if !provinces.contains(&province) {
                provinces.push(province);
            }
        }
    }
    let mut tasks = Tasks::new();
    for province in &provinces {
        tasks.extend(tasks_of(store, province, today).await?);
    }
    let base = public_url.unwrap_or("").trim_end_matches('/');
    let region_name = |code: &str| {
        regions
            .iter()
            .find(|r| r.code == code)
            .map_or(code.to_string(), |r| r.name.clone())
    };
    let unit_lines =
        |codes: &mut dyn Iterator<Item = (&String, &(String, String, Vec<String>))>| {
            codes
                .flat_map(|(_, (name, _, words))| words.iter().map(move |w| format!("{name}: {w}")))
                .collect::<Vec<String>>()
        };
    let mut out = Vec::new();
    for a in accounts {
        let Some(address) = a.email.clone() else {
            continue;
        };
        let (lines, link) = match a.role {
            Role::Admin | Role::Mpp | Role::National => continue,
            Role::Unit => {
                let mut mine = tasks.iter().filter(|(code, _)| a.scopes.contains(code));
                let link = a
                    .scopes
                    .first()
                    .map(|c| format!("{base}/dasbor/{c}/rapor"))
                    .unwrap_or_default();
                (unit_lines(&mut mine), link)
            }
            Role::Region => {
                let mut mine = tasks
                    .iter()
                    .filter(|(_, (_, region, _))| a.scopes.contains(region));
                let link = a
                    .scopes
                    .first()
                    .map(|c| format!("{base}/wilayah/{c}/rapor"))
                    .unwrap_or_default();
                (unit_lines(&mut mine), link)
            }
            Role::Province => {
                let Some(province) = a.scopes.first() else {
                    continue;
                };
                // Per kabupaten/kota, how many units have something due; the province's own units
                // with their tasks.
                let mut per_region: BTreeMap<String, u64> = BTreeMap::new();
                let mut own = Vec::new();
                for (name, region, words) in tasks.values() {
                    if region == province {
                        own.extend(words.iter().map(|w| format!("{name}: {w}")));
                    } else if app::access::province_of(region) == province {
                        *per_region.entry(region.clone()).or_default() += 1;
                    }
                }
                let mut lines: Vec<String> = per_region
                    .into_iter()
                    .map(|(code, n)| {
                        fill(
                            app::i18n::texts(Lang::Id).scorecard.mail_region_line,
                            &[("region", region_name(&code)), ("n", n.to_string())],
                        )
                    })
                    .collect();
                lines.extend(own);
                (lines, format!("{base}/wilayah/{province}/rapor"))
            }
        };
        if lines.is_empty() {
            continue;
        }
        out.push(Reminder {
            address,
            name: a.display_name,
            lines,
            link,
        });
    }
    Ok(out)
}

/// The mail of a reminder: its subject and body.
pub fn mail_of(reminder: &Reminder, month: &str) -> (String, String) {
    let s = &app::i18n::texts(Lang::Id).scorecard;
    let subject = fill(s.mail_subject, &[("month", month.to_string())]);
    let mut body = fill(s.mail_intro, &[("name", reminder.name.clone())]);
    body.push_str("\n\n");
    for line in &reminder.lines {
        body.push_str(&format!("- {line}\n"));
    }
    body.push('\n');
    body.push_str(&fill(s.mail_outro, &[("link", reminder.link.clone())]));
    (subject, body)
}

/// Sends this month's reminders not sent yet (a failed one is tried again on the next round).
pub async fn send_month(
    store: &dyn Store,
    outbox: &dyn Outbox,
    today: NaiveDate,
    public_url: Option<&str>,
) -> StoreResult<Round> {
    let month = today.format("%Y-%m").to_string();
    let mut round = Round::default();
    for reminder in reminders(store, today, public_url).await? {
        let items = reminder.lines.len() as u64;
        if !store
            .claim_reminder(&month, &reminder.address, items, Utc::now())
            .await?
        {
            round.skipped += 1;
            continue;
        }
        let (subject, body) = mail_of(&reminder, &month);
        let outcome = outbox.send(&reminder.address, &subject, body).await;
        match &outcome {
            Ok(()) => round.sent += 1,
            Err(error) => {
                tracing::warn!(%error, address = %reminder.address, "a reminder could not be sent");
                round.failed += 1;
            }
        }
        store
            .finish_reminder(&month, &reminder.address, outcome, Utc::now())
            .await?;
    }
    Ok(round)
}

/// Runs [`send_month`] every hour while the server runs (the first a minute after it starts):
/// each month's mails go out in the month's first hour with the server up.
pub fn start(
    store: app::store::SharedStore,
    mailer: crate::mail::Mailer,
    public_url: Option<String>,
) {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let today = app::time::jakarta_today();
            match send_month(store.as_ref(), &mailer, today, public_url.as_deref()).await {
                Ok(round) if round.sent + round.failed > 0 => {
                    tracing::info!(
                        sent = round.sent,
                        failed = round.failed,
                        "monthly reminders"
                    );
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "monthly reminders could not be read"),
            }
        }
    });
}
