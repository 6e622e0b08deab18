//! Checking a unit's alert rules after each counted answer, and raising what they catch.
//!
//! Three rules (`app::dashboard::AlertRules`, decided by `ikm_domain::monitoring` and
//! `app::invitation`): the current quarter's IKM grade worse than a chosen grade, at least a chosen
//! share of answers of 1 or 2 among the last N responses, and a response rate of the last 30 days'
//! invitations below a chosen percentage (checked after answers and after invitations are issued). At most one alert per rule is open at a time (a unique index), so a
//! run of bad answers raises one alert, not one per answer; acknowledging it re-arms the rule.
//! Raised alerts appear on the dashboard, and go by e-mail to the rule's address when SMTP is
//! configured (`IKM_SMTP_URL`).

use crate::ttl_cache::TtlCache;
use app::dashboard::{AlertKind, AlertRules};
use app::invitation::RATE_ALERT_DAYS;
use app::model::UnitSummary;
use app::store::{Counted, SharedStore, StoreResult};
use chrono::{DateTime, Utc};
use ikm_domain::monitoring::{below_grade, LowShare};
use ikm_domain::response_file::JAKARTA;
use ikm_domain::{IkmResult, Lang, Period, PeriodKind};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Where an alert e-mail goes out from and what it links to.
#[derive(Debug, Clone, Default)]
pub struct Notify {
    pub mail: Option<crate::mail::Mailer>,
    /// `IKM_PUBLIC_URL`, for the dashboard link.
    pub public_url: Option<String>,
}

/// Checks the unit's rules now; returns the alerts it raised (and e-mails them when it can).
pub async fn check(
    store: &SharedStore,
    unit_id: i64,
    unit: &UnitSummary,
    rules: &AlertRules,
    notify: &Notify,
    now: DateTime<Utc>,
) -> StoreResult<Vec<AlertKind>> {
    let mut raised: Vec<(AlertKind, String)> = Vec::new();
    if let Some(grade) = rules.below_grade {
        let quarter = Period::containing(
            PeriodKind::Quarter,
            now.with_timezone(&JAKARTA).date_naive(),
        );
        let tally = store
            .unit_tally(unit_id, quarter.from, quarter.to, Counted::Valid)
            .await?;
        if let Some(result) = IkmResult::of(&tally).filter(|r| below_grade(r, grade)) {
            let detail = format!(
                "IKM {} {} pada {} ({} responden), di bawah mutu {}",
                result.converted.to_id_string(),
                result.mutu.letter(),
                quarter.label(ikm_domain::Lang::Id),
                result.respondents,
                grade.letter()
            );
            if store
                .raise_alert(unit_id, AlertKind::Grade, &detail, now)
                .await?
            {
                raised.push((AlertKind::Grade, detail));
            }
        }
    }
    if let Some(percent) = rules.low_share_percent {
        let answers = store.recent_answers(unit_id, rules.low_share_last).await?;
        let share = LowShare::of(&answers);
        if share.reaches(percent, rules.low_share_last) {
            let detail = format!(
                "{} % jawaban bernilai 1 atau 2 ({} dari {}) pada {} tanggapan terakhir; batas {} %",
                share.percent(),
                share.low,
                share.answers,
                share.responses,
                percent
            );
            if store
                .raise_alert(unit_id, AlertKind::LowShare, &detail, now)
                .await?
            {
                raised.push((AlertKind::LowShare, detail));
            }
        }
    }
    if let Some(threshold) = rules.min_response_rate {
        let today = now.with_timezone(&JAKARTA).date_naive();
        let (from, to) = (
            today - chrono::Duration::days(RATE_ALERT_DAYS),
            today - chrono::Duration::days(1),
        );
        let counts = store.invitation_counts(unit_id, from, to).await?;
        if counts.rate_below(threshold) {
            let rate = counts
                .response_rate()
                .map_or(String::new(), |r| r.to_id_string());
            let detail = format!(
                "Tingkat tanggapan {} % ({} dari {} undangan, {} s.d. {}); batas {} %",
                rate,
                counts.answered,
                counts.issued,
                from.format("%d-%m-%Y"),
                to.format("%d-%m-%Y"),
                threshold
            );
            if store
                .raise_alert(unit_id, AlertKind::ResponseRate, &detail, now)
                .await?
            {
                raised.push((AlertKind::ResponseRate, detail));
            }
        }
    }
    for (kind, detail) in &raised {
        tracing::warn!(unit_id, kind = kind.key(), "alert raised");
        if let (Some(mail), Some(to)) = (&notify.mail, rules.email.as_deref()) {
            let link = format!(
                "{}/dasbor/{}",
                notify.public_url.as_deref().unwrap_or(""),
                unit.code
            );
            let subject = format!("[IKM] {}: {}", kind.label(Lang::Id), unit.name);
            let body = format!(
                "{}\n\n{}: {detail}\n\nDasbor: {link}\n\n— Survei Kepuasan Masyarakat\n",
                unit.name,
                kind.label(Lang::Id)
            );
            if let Err(error) = mail.send(to, &subject, body).await {
                tracing::error!(%error, unit_id, "sending an alert e-mail failed");
            }
        }
    }
    Ok(raised.into_iter().map(|(kind, _)| kind).collect())
}

/// Who hears of a levy report at once by e-mail: the address of the unit's alert rules and every
/// active account with an e-mail that manages the unit — its own staff and its kabupaten/kota's and
/// province's accounts (not administrators, not MPP managers); each address once.
pub async fn levy_recipients(
    store: &SharedStore,
    unit_id: i64,
    unit: &UnitSummary,
) -> StoreResult<Vec<String>> {
    use app::access::{Role, Viewer};
    let mut to: Vec<String> = Vec::new();
    if let Some(email) = store.alert_rules(unit_id).await?.and_then(|r| r.email) {
        to.push(email);
    }
    for account in store.users().await? {
        let Some(email) = account.email.filter(|_| account.active) else {
            continue;
        };
        let viewer = Viewer {
            user_id: account.id,
            username: account.username,
            display_name: account.display_name,
            role: account.role,
            scopes: account.scopes,
        };
        if viewer.role != Role::Admin && viewer.can_manage_unit(&unit.code, &unit.region_code) {
            to.push(email);
        }
    }
    to.sort_unstable_by_key(|e| e.to_lowercase());
    to.dedup_by_key(|e| e.to_lowercase());
    Ok(to)
}

/// E-mails a levy report (the comment, masked) to [`levy_recipients`]; how many were sent.
pub async fn mail_levy(
    store: &SharedStore,
    unit_id: i64,
    unit: &UnitSummary,
    comment: &str,
    notify: &Notify,
) -> StoreResult<usize> {
    let Some(mail) = &notify.mail else {
        return Ok(0);
    };
    let link = format!(
        "{}/dasbor/{}",
        notify.public_url.as_deref().unwrap_or(""),
        unit.code
    );
    let subject = format!("[IKM] {}: {}", AlertKind::Pungli.label(Lang::Id), unit.name);
    let shown = ikm_domain::privacy::mask(comment);
    let body = format!(
        "{}\n\nSeorang warga melaporkan pungutan liar, calo atau suap dalam komentarnya:\n\n\
         \"{shown}\"\n\nTandai diterima, teruskan ke APIP atau SP4N-LAPOR! dan tutup laporan ini \
         di dasbor: {link}\n\n— Survei Kepuasan Masyarakat\n",
        unit.name
    );
    let mut sent = 0;
    for to in levy_recipients(store, unit_id, unit).await? {
        match mail.send(&to, &subject, body.clone()).await {
            Ok(()) => sent += 1,
            Err(error) => tracing::error!(%error, unit_id, "sending a levy report e-mail failed"),
        }
    }
    Ok(sent)
}

/// Runs the checks in the background, so the citizen's thanks never waits for them, and at most
/// one at a time per unit: answers that arrive while a unit's check runs ask for one more check
/// after it (which sees them all), not one each. Each unit's rules are kept a few seconds
/// (`ttl_cache.rs`), so a unit without rules (most) costs no database read per answer. Failures
/// are logged.
#[derive(Clone)]
pub struct Checker {
    store: SharedStore,
    notify: Notify,
    /// Units being checked now → whether another check was asked for meanwhile.
    running: Arc<Mutex<HashMap<i64, bool>>>,
    /// Units' rules (`None`: it has none) as last read.
    rules: TtlCache<i64, Option<AlertRules>>,
}

impl Checker {
    pub fn new(store: SharedStore, notify: Notify) -> Checker {
        Checker {
            store,
            notify,
            running: Arc::default(),
            rules: TtlCache::default(),
        }
    }

    /// Forgets a unit's rules after this server changed them.
    pub fn forget_rules(&self, unit_id: i64) {
        self.rules.forget(&unit_id);
    }

    async fn rules_of(&self, unit_id: i64) -> StoreResult<Option<AlertRules>> {
        self.rules
            .get_or_read(unit_id, self.store.alert_rules(unit_id))
            .await
    }

    async fn check_now(&self, unit_id: i64, unit: &UnitSummary) -> StoreResult<()> {
        if let Some(rules) = self.rules_of(unit_id).await? {
            check(&self.store, unit_id, unit, &rules, &self.notify, Utc::now()).await?;
        }
        Ok(())
    }

    /// E-mails a levy report in the background (when SMTP is configured): the citizen's thanks
    /// never waits for it.
    pub fn levy_later(&self, unit_id: i64, unit: UnitSummary, comment: String) {
        if self.notify.mail.is_none() {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            match mail_levy(&this.store, unit_id, &unit, &comment, &this.notify).await {
                Ok(sent) => tracing::info!(unit = %unit.code, sent, "levy report e-mailed"),
                Err(error) => {
                    tracing::error!(%error, unit = %unit.code, "levy report e-mail failed")
                }
            }
        });
    }

    /// Checks the unit's rules soon (after a counted answer).
    pub fn check_later(&self, unit_id: i64, unit: UnitSummary) {
        if let Some(None) = self.rules.fresh(&unit_id) {
            return; // no rules: nothing to check
        }
        {
            let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(again) = running.get_mut(&unit_id) {
                *again = true;
                return;
            }
            running.insert(unit_id, false);
        }
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(error) = this.check_now(unit_id, &unit).await {
                    tracing::error!(%error, unit = %unit.code, "checking alert rules failed");
                }
                let mut running = this.running.lock().unwrap_or_else(|e| e.into_inner());
                match running.get_mut(&unit_id) {
                    Some(again) if *again => *again = false,
                    _ => {
                        running.remove(&unit_id);
                        break;
                    }
                }
            }
        });
    }
}
