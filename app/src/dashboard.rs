//! The unit head's dashboard: the figures it shows (built from tallies by the one IKM engine in
//! `ikm_domain`, never computed here) and what staff do with what citizens said — comment
//! follow-up, the follow-up plan (rencana tindak lanjut), alert rules and raised alerts.
//!
//! The builders below are pure; the storage interface ([`Dashboards`], part of
//! [`crate::store::Store`]) is implemented for both engines in `server/src/storage/dashboard_sql.rs`.

use chrono::NaiveDate;
use ikm_domain::confidence::{interval_95, ConfidenceInterval};
use ikm_domain::monitoring::may_show;
use ikm_domain::response_file::RowProblem;
use ikm_domain::sample::SampleAdequacy;
use ikm_domain::{Hundredths, IkmResult, Lang, Mutu, Period, PeriodKind, Tally, Unsur};
use serde::{Deserialize, Serialize};

macro_rules! keyed_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $key:literal, $id:literal, $en:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn parse(key: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.key() == key.trim())
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Id) => $id, ($name::$variant, Lang::En) => $en),+
                }
            }
        }
    };
}

keyed_enum! {
    /// Where a comment stands: baru → dibaca → ditindaklanjuti → selesai.
    CommentStatus {
        Baru = "baru", "Baru", "New";
        Dibaca = "dibaca", "Dibaca", "Read";
        Ditindaklanjuti = "ditindaklanjuti", "Ditindaklanjuti", "Acted on";
        Selesai = "selesai", "Selesai", "Closed";
    }
}

keyed_enum! {
    /// Where an action of the follow-up plan stands.
    ActionStatus {
        Rencana = "rencana", "Rencana", "Planned";
        Berjalan = "berjalan", "Berjalan", "In progress";
        Selesai = "selesai", "Selesai", "Done";
    }
}

keyed_enum! {
    /// The two alert rules.
    AlertKind {
        Grade = "grade", "IKM turun di bawah mutu", "IKM below a grade";
        LowShare = "low_share", "Banyak jawaban rendah", "Many low answers";
    }
}

keyed_enum! {
    /// What a breakdown splits the respondents by.
    Dimension {
        Service = "layanan", "Jenis layanan", "Service";
        Counter = "loket", "Loket / kios", "Counter / kiosk";
        Channel = "kanal", "Kanal", "Channel";
        Gender = "jenis_kelamin", "Jenis kelamin", "Gender";
        AgeGroup = "usia", "Kelompok usia", "Age group";
        Education = "pendidikan", "Pendidikan", "Education";
        Occupation = "pekerjaan", "Pekerjaan", "Occupation";
    }
}

/// The figures at the top of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// `None` when nobody answered in the period.
    pub result: Option<IkmResult>,
    pub interval: Option<ConfidenceInterval>,
    /// `None` when the unit's yearly population is not known.
    pub adequacy: Option<SampleAdequacy>,
    pub previous_label: String,
    /// The previous period's converted IKM.
    pub previous: Option<Hundredths>,
    /// Converted IKM now minus before.
    pub change: Option<Hundredths>,
    /// Responses flagged by the abuse rules and left out.
    pub flagged: u64,
    pub weakest: Option<Unsur>,
}

/// The headline of a period from its tallies (valid and flagged), the previous period's valid
/// tally and the unit's yearly population.
pub fn headline(
    period: &Period,
    valid: &Tally,
    flagged: &Tally,
    previous: &Tally,
    population_per_year: Option<u64>,
    lang: Lang,
) -> Headline {
    let result = IkmResult::of(valid);
    let population = population_per_year.map(|p| period.population(p));
    let before = IkmResult::of(previous).map(|r| r.converted);
    Headline {
        interval: interval_95(valid, population),
        adequacy: population.map(|p| SampleAdequacy::of(valid.respondents(), p)),
        previous_label: period.previous().label(lang),
        change: match (&result, before) {
            (Some(now), Some(before)) => Some(Hundredths(now.converted - before)),
            _ => None,
        },
        previous: before,
        flagged: flagged.respondents(),
        weakest: result.as_ref().and_then(IkmResult::weakest),
        result,
    }
}

/// One period of the trend: the IKM and each unsur's converted NRR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub key: String,
    pub label: String,
    pub respondents: u64,
    pub converted: Option<Hundredths>,
    /// Converted NRR per unsur, regulation order.
    pub unsur: [Option<Hundredths>; 9],
}

pub fn trend_point(period: &Period, tally: &Tally, lang: Lang) -> TrendPoint {
    let result = IkmResult::of(tally);
    let mut unsur = [None; 9];
    if let Some(result) = &result {
        for u in Unsur::ALL {
            unsur[u.index()] = result.get(u).graded.map(|g| g.converted);
        }
    }
    TrendPoint {
        key: period.key(),
        label: period.short_label(lang),
        respondents: tally.respondents(),
        converted: result.map(|r| r.converted),
        unsur,
    }
}

/// One cell of a breakdown; its figures are hidden below five respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    pub label: String,
    pub respondents: u64,
    /// Converted IKM and grade; `None` when the cell is too small to show.
    pub figures: Option<(Hundredths, Mutu)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub dimension: Dimension,
    pub rows: Vec<BreakdownRow>,
}

/// Rows of a breakdown, largest first; small cells keep their count but show no scores.
pub fn breakdown(dimension: Dimension, cells: Vec<(String, Tally)>) -> Breakdown {
    let mut rows: Vec<BreakdownRow> = cells
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(label, tally)| BreakdownRow {
            figures: may_show(&tally)
                .then(|| IkmResult::of(&tally).map(|r| (r.converted, r.mutu)))
                .flatten(),
            respondents: tally.respondents(),
            label,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.respondents
            .cmp(&a.respondents)
            .then(a.label.cmp(&b.label))
    });
    Breakdown { dimension, rows }
}

/// An action of the follow-up plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpAction {
    pub id: i64,
    /// The period key it belongs to.
    pub period: String,
    pub unsur: Unsur,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
    pub status: ActionStatus,
}

/// An action to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAction {
    pub period: String,
    pub unsur: Unsur,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
}

/// Last period's action with how its unsur moved since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionCheck {
    pub action: FollowUpAction,
    /// The unsur's converted NRR in the action's period and in the period shown.
    pub before: Option<Hundredths>,
    pub after: Option<Hundredths>,
}

impl ActionCheck {
    pub fn improved(&self) -> Option<bool> {
        Some(self.after? > self.before?)
    }
}

/// A unit's alert rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRules {
    /// Alert when the quarter's IKM grade is worse than this.
    pub below_grade: Option<Mutu>,
    /// Alert when at least this percentage of the answers in the last `low_share_last` responses
    /// were 1 or 2.
    pub low_share_percent: Option<u32>,
    pub low_share_last: u32,
    /// Also send raised alerts here (when SMTP is configured).
    pub email: Option<String>,
}

impl Default for AlertRules {
    fn default() -> AlertRules {
        AlertRules {
            below_grade: None,
            low_share_percent: None,
            low_share_last: 20,
            email: None,
        }
    }
}

/// A raised alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub id: i64,
    pub kind: AlertKind,
    /// UTC, RFC 3339.
    pub raised_at: String,
    /// What crossed the rule, in words (Bahasa Indonesia).
    pub detail: String,
    pub acknowledged_at: Option<String>,
    pub acknowledged_by: Option<String>,
}

/// A citizen's comment with what staff did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRow {
    pub response_id: String,
    /// UTC, RFC 3339.
    pub received_at: String,
    pub service: Option<String>,
    /// Scores in regulation order.
    pub scores: [Option<u8>; 9],
    pub comment: String,
    pub status: CommentStatus,
    pub note: Option<String>,
    pub public_reply: Option<String>,
}

impl CommentRow {
    /// Whether any answer was 1 or 2.
    pub fn has_low_score(&self) -> bool {
        self.scores.iter().flatten().any(|s| *s <= 2)
    }
}

/// Which comments the inbox shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentFilter {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub service: Option<i64>,
    /// Only comments whose response has an answer of 1 or 2.
    pub low_only: bool,
    pub status: Option<CommentStatus>,
    /// Part of the comment (case-insensitive).
    pub search: Option<String>,
}

/// What staff set on a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentUpdate {
    pub status: CommentStatus,
    pub note: Option<String>,
    pub public_reply: Option<String>,
}

/// A public reply: what a citizen said and what the unit did ("Anda berkata, kami melakukan").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicReply {
    pub comment: String,
    pub reply: String,
    /// UTC, RFC 3339.
    pub replied_at: String,
}

/// The period a dashboard link asks for: a custom range (`dari`, `sampai`), a period key
/// (`periode`), or else the current quarter. `true` when something was asked for that is not a
/// valid period (the current quarter is shown, with a note).
pub fn resolve_period(
    key: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> (Period, bool) {
    let given = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let current = Period::containing(PeriodKind::Quarter, today);
    match (given(from), given(to)) {
        (Some(from), Some(to)) => match (from.parse::<NaiveDate>(), to.parse::<NaiveDate>()) {
            (Ok(from), Ok(to)) => Period::custom(from, to).map_or((current, true), |p| (p, false)),
            _ => (current, true),
        },
        (None, None) => match given(key) {
            None => (current, false),
            Some(key) => Period::parse(&key).map_or((current, true), |p| (p, false)),
        },
        _ => (current, true),
    }
}

/// Today in Jakarta (WIB), the day every period and date of the UI is counted in.
#[cfg(feature = "ssr")]
pub fn jakarta_today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&ikm_domain::response_file::JAKARTA)
        .date_naive()
}

/// `resolve_period` of a page's `periode`, `dari` and `sampai` on Jakarta's today.
#[cfg(feature = "ssr")]
pub fn requested_period(
    periode: &Option<String>,
    dari: &Option<String>,
    sampai: &Option<String>,
) -> (Period, bool) {
    resolve_period(
        periode.as_deref(),
        dari.as_deref(),
        sampai.as_deref(),
        jakarta_today(),
    )
}

/// The periods offered in the dashboard's choice, grouped by kind: recent quarters, months,
/// semesters and years, newest first.
pub fn period_choices(today: NaiveDate, lang: Lang) -> Vec<(&'static str, Vec<(String, String)>)> {
    [
        (PeriodKind::Quarter, 5),
        (PeriodKind::Month, 6),
        (PeriodKind::Semester, 2),
        (PeriodKind::Year, 2),
    ]
    .into_iter()
    .map(|(kind, n)| {
        let periods = Period::containing(kind, today).last(n);
        (
            kind.label(lang),
            periods
                .iter()
                .rev()
                .map(|p| (p.key(), p.label(lang)))
                .collect(),
        )
    })
    .collect()
}

/// A unit of a region, as the comparison needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionUnit {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub population_per_year: Option<u64>,
    pub active: bool,
}

/// Published periods, newest first (the one ending last; of two ending the same day, the longer),
/// each once. Custom ranges are never published.
pub fn published_newest_first(keys: &[String]) -> Vec<Period> {
    let mut periods: Vec<Period> = keys
        .iter()
        .filter_map(|k| Period::parse(k))
        .filter(|p| p.kind != PeriodKind::Custom)
        .collect();
    periods.sort_by_key(|p| std::cmp::Reverse((p.to, p.days())));
    periods.dedup();
    periods
}

/// The latest of a unit's published periods (see [`published_newest_first`]).
pub fn latest_published(keys: &[String]) -> Option<Period> {
    published_newest_first(keys).into_iter().next()
}

/// The longest note, reply or action text accepted.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Invalid lines an upload keeps to show (the count says how many there were).
pub const UPLOAD_LINES_SHOWN: usize = 200;

/// What the check of an uploaded paper-survey file found (the web import's preview), and, once
/// stored, what was stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub file_name: String,
    /// Data rows in the file.
    pub rows: u64,
    /// Rows that can be stored.
    pub valid: u64,
    /// (line, problem) of the first invalid rows.
    pub invalid: Vec<(u64, RowProblem)>,
    pub invalid_total: u64,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    /// The engine's converted IKM and grade over the file's valid rows.
    pub ikm: Option<(Hundredths, Mutu)>,
    /// The choice made on upload: store the valid rows even when some are invalid.
    pub skip_invalid: bool,
    /// `None` until the unit chose to store it.
    pub outcome: Option<ImportOutcome>,
}

/// What storing an upload did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOutcome {
    /// False when invalid rows stopped an all-or-nothing import: nothing was stored.
    pub committed: bool,
    pub stored: u64,
    /// Rows whose id was already stored (an earlier import of the same file).
    pub already_stored: u64,
    /// (line, problem) of rows whose id is stored with other answers.
    pub conflicts: Vec<(u64, RowProblem)>,
}

#[cfg(feature = "ssr")]
pub use storage::Dashboards;

#[cfg(feature = "ssr")]
mod storage {
    use super::*;
    use crate::accounts::Actor;
    use crate::store::StoreResult;
    use chrono::{DateTime, Utc};
    use ikm_domain::Answers;

    #[async_trait::async_trait]
    pub trait Dashboards: Send + Sync {
        /// Valid respondents of a unit in a period split by each dimension (in the order of
        /// `Dimension::ALL`), a tally per cell, labelled with the service's name for services.
        /// Whole months come from the monthly cell roll-up; the days of partial months from the
        /// daily tallies (service, counter, channel) and the responses (profile).
        async fn breakdowns(
            &self,
            unit_id: i64,
            from: NaiveDate,
            to: NaiveDate,
        ) -> StoreResult<Vec<(Dimension, Vec<(String, Tally)>)>>;

        /// The newest comments matching the filter, at most `limit`.
        async fn comments(
            &self,
            unit_id: i64,
            filter: &CommentFilter,
            limit: u32,
        ) -> StoreResult<Vec<CommentRow>>;

        /// How many comments match the filter.
        async fn comment_count(&self, unit_id: i64, filter: &CommentFilter) -> StoreResult<u64>;

        /// Sets a comment's status, note and public reply (audited); `NotFound` when the unit has
        /// no comment under that response id.
        async fn update_comment(
            &self,
            unit_id: i64,
            response_id: &str,
            update: &CommentUpdate,
            actor: &Actor,
        ) -> StoreResult<()>;

        /// The unit's newest public replies.
        async fn public_replies(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<PublicReply>>;

        /// The actions of these periods (keys), oldest first.
        async fn followup_actions(
            &self,
            unit_id: i64,
            periods: &[String],
        ) -> StoreResult<Vec<FollowUpAction>>;

        /// Adds an action (audited) and returns its id.
        async fn add_followup_action(
            &self,
            unit_id: i64,
            action: &NewAction,
            actor: &Actor,
        ) -> StoreResult<i64>;

        /// Changes an action's status (audited); `NotFound` when the unit has no such action.
        async fn set_followup_status(
            &self,
            unit_id: i64,
            id: i64,
            status: ActionStatus,
            actor: &Actor,
        ) -> StoreResult<()>;

        /// The unit's alert rules (`None`: no rules set).
        async fn alert_rules(&self, unit_id: i64) -> StoreResult<Option<AlertRules>>;

        /// Replaces the unit's alert rules (audited).
        async fn set_alert_rules(
            &self,
            unit_id: i64,
            rules: &AlertRules,
            actor: &Actor,
        ) -> StoreResult<()>;

        /// The unit's newest alerts, open ones first.
        async fn alerts(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<Alert>>;

        /// Raises an alert unless one of this kind is open; `true` when raised.
        async fn raise_alert(
            &self,
            unit_id: i64,
            kind: AlertKind,
            detail: &str,
            at: DateTime<Utc>,
        ) -> StoreResult<bool>;

        /// Acknowledges an open alert (audited); `NotFound` when the unit has no such open alert.
        async fn acknowledge_alert(&self, unit_id: i64, id: i64, actor: &Actor) -> StoreResult<()>;

        /// Every unit in a region (a province: all its kabupaten/kota), inactive ones too (their
        /// answers still count for the period they were given in).
        async fn region_units(&self, region_code: &str) -> StoreResult<Vec<RegionUnit>>;

        /// One tally per unit of a region that has answers in the period (from the tallies only: a
        /// province over a year never reads a response).
        async fn unit_tallies(
            &self,
            region_code: &str,
            from: NaiveDate,
            to: NaiveDate,
            counted: crate::store::Counted,
        ) -> StoreResult<Vec<(i64, Tally)>>;

        /// Publishes a unit's period, or withdraws it (audited); publishing twice is one publication.
        async fn set_published(
            &self,
            unit_id: i64,
            period: &str,
            published: bool,
            actor: &Actor,
        ) -> StoreResult<()>;

        /// The period keys a unit has published.
        async fn published_periods(&self, unit_id: i64) -> StoreResult<Vec<String>>;

        /// Every published (unit id, period key).
        async fn all_published(&self) -> StoreResult<Vec<(i64, String)>>;

        /// The answers of the unit's newest valid responses, at most `limit`.
        async fn recent_answers(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<Answers>>;

        /// Keeps an uploaded file (as CSV) and its check until the unit stores it; uploads older
        /// than a day are removed. In the database, so the preview and the store may reach
        /// different app servers.
        async fn save_upload(
            &self,
            unit_id: i64,
            id: &str,
            content: &[u8],
            summary: &ImportSummary,
            actor: &Actor,
        ) -> StoreResult<()>;

        /// An upload of this unit: its check (and outcome, once stored) and the file (empty once
        /// stored).
        async fn upload(
            &self,
            unit_id: i64,
            id: &str,
        ) -> StoreResult<Option<(ImportSummary, Vec<u8>)>>;

        /// Records what storing an upload did, drops its file and writes the audit line. The
        /// responses themselves are stored by `Store::record_responses` (in batches, idempotent).
        async fn finish_upload(
            &self,
            unit_id: i64,
            id: &str,
            summary: &ImportSummary,
            actor: &Actor,
        ) -> StoreResult<()>;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ikm_domain::{Answers, Score};

    fn answers(v: u8) -> Answers {
        Answers::complete([Score::new(v).expect("1..=4"); 9])
    }

    #[test]
    fn the_headline_is_the_engines_result_with_the_change_and_adequacy() {
        let period = Period::quarter(2026, 3).expect("q3");
        let valid = Tally::of(&vec![answers(4); 30]);
        let previous = Tally::of(&vec![answers(3); 10]);
        let flagged = Tally::of(&vec![answers(1); 2]);
        let h = headline(&period, &valid, &flagged, &previous, Some(3650), Lang::Id);
        let engine = IkmResult::of(&valid).expect("result");
        assert_eq!(h.result.as_ref(), Some(&engine));
        assert_eq!(h.previous, Some(Hundredths(7500)));
        assert_eq!(h.change, Some(Hundredths(2500)));
        assert_eq!(h.flagged, 2);
        assert_eq!(h.previous_label, "Triwulan II 2026");
        let adequacy = h.adequacy.expect("population known");
        assert_eq!(adequacy.population, 920, "92 days of 3 650 a year");
        assert!(!adequacy.adequate);
    }

    #[test]
    fn small_breakdown_cells_keep_their_count_but_hide_scores() {
        let b = breakdown(
            Dimension::Gender,
            vec![
                ("Perempuan".into(), Tally::of(&vec![answers(4); 4])),
                ("Laki-laki".into(), Tally::of(&vec![answers(3); 5])),
                ("(kosong)".into(), Tally::default()),
            ],
        );
        assert_eq!(b.rows.len(), 2, "empty cells are left out");
        assert_eq!(b.rows[0].label, "Laki-laki");
        assert_eq!(b.rows[0].figures, Some((Hundredths(7500), Mutu::C)));
        assert_eq!(b.rows[1].respondents, 4);
        assert_eq!(b.rows[1].figures, None);
    }

    #[test]
    fn the_period_asked_for_or_the_current_quarter() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
        assert_eq!(
            resolve_period(None, None, None, today),
            (Period::quarter(2026, 4).expect("q"), false)
        );
        assert_eq!(
            resolve_period(Some("2026-05"), None, None, today),
            (Period::month(2026, 5).expect("m"), false)
        );
        let (custom, bad) =
            resolve_period(Some("2026"), Some("2026-01-05"), Some("2026-02-10"), today);
        assert!(!bad);
        assert_eq!(custom.key(), "2026-01-05..2026-02-10");
        assert!(resolve_period(Some("kemarin"), None, None, today).1);
        assert!(resolve_period(None, Some("2026-02-10"), Some("2026-01-05"), today).1);
        assert!(resolve_period(None, Some("2026-02-10"), None, today).1);
        let choices = period_choices(today, Lang::Id);
        assert_eq!(
            choices[0].1[0],
            ("2026-T4".to_string(), "Triwulan IV 2026".to_string())
        );
        assert_eq!(choices[1].1.len(), 6);
    }

    #[test]
    fn the_latest_published_period_ends_last() {
        let keys: Vec<String> = ["2026-T2", "2026-05", "2025", "2026-T3", "2026-09", "x"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(
            latest_published(&keys).map(|p| p.key()),
            Some("2026-T3".to_string())
        );
        assert_eq!(
            latest_published(&["2026-01-01..2026-12-31".to_string()]),
            None
        );
        assert_eq!(latest_published(&[]), None);
    }

    #[test]
    fn keyed_values_round_trip() {
        for s in CommentStatus::ALL {
            assert_eq!(CommentStatus::parse(s.key()), Some(*s));
        }
        assert_eq!(Dimension::parse("usia"), Some(Dimension::AgeGroup));
        assert_eq!(ActionStatus::parse("x"), None);
    }
}
