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
use ikm_domain::{Hundredths, IkmResult, Lang, Mutu, Period, Tally, Unsur};
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
    /// The alerts: three rules a unit sets, and a comment reporting an illegal levy (always).
    AlertKind {
        Grade = "grade", "IKM turun di bawah mutu", "IKM below a grade";
        LowShare = "low_share", "Banyak jawaban rendah", "Many low answers";
        ResponseRate = "response_rate", "Tingkat tanggapan undangan rendah", "Low invitation response rate";
        Pungli = "pungli", "Laporan pungutan liar", "Illegal levy reported";
    }
}

keyed_enum! {
    /// Where a levy report (a `pungli` alert) is forwarded: the government's internal auditor or
    /// the national complaints service.
    LevyChannel {
        Apip = "apip", "APIP (Inspektorat)", "APIP (Inspectorate)";
        Lapor = "lapor", "SP4N-LAPOR!", "SP4N-LAPOR!";
    }
}

keyed_enum! {
    /// Where an alert stands: raised, acknowledged, forwarded (levy reports), closed (levy reports).
    AlertStage {
        Raised = "baru", "Baru", "New";
        Acknowledged = "diterima", "Diterima", "Acknowledged";
        Forwarded = "diteruskan", "Diteruskan", "Forwarded";
        Closed = "ditutup", "Ditutup", "Closed";
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
    /// Against the period's population (`population_counted`: the people counted as served, else
    /// the yearly estimate prorated); `None` when neither is known.
    pub adequacy: Option<SampleAdequacy>,
    /// Whether the population is the period's served count (uploaded, or from invitations).
    pub population_counted: bool,
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
/// tally, the people counted as served in it (if known) and the yearly population (if known).
pub fn headline(
    period: &Period,
    valid: &Tally,
    flagged: &Tally,
    previous: &Tally,
    served: Option<u64>,
    population_per_year: Option<u64>,
    lang: Lang,
) -> Headline {
    let result = IkmResult::of(valid);
    let population = period.population_of(served, population_per_year);
    let before = IkmResult::of(previous).map(|r| r.converted);
    Headline {
        interval: interval_95(valid, population),
        adequacy: population.map(|p| SampleAdequacy::of(valid.respondents(), p)),
        population_counted: served.is_some_and(|s| s > 0),
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
    /// The 95% interval of the period's IKM (the report's trend chart).
    #[serde(default)]
    pub interval: Option<ConfidenceInterval>,
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
        interval: interval_95(tally, None),
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
    /// The theme of citizens' comments it answers (`None`: it answers the unsur's score).
    pub theme: Option<String>,
    /// When it was done (set once its status is done).
    pub done_on: Option<NaiveDate>,
    pub evidence: Evidence,
}

/// What shows that something was done: a note, a link, a photo (each optional; the photo is its
/// stored token, served at `crate::evidence::photo_path`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub note: Option<String>,
    pub link: Option<String>,
    pub photo: Option<String>,
}

impl Evidence {
    pub fn is_empty(&self) -> bool {
        self.note.is_none() && self.link.is_none() && self.photo.is_none()
    }
}

/// An action to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAction {
    pub period: String,
    pub unsur: Unsur,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
    pub theme: Option<String>,
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
    /// Alert when fewer than this percentage of the invitations issued in the last 30 days (up to
    /// yesterday, at least 20 of them) were answered (`InvitationCounts::rate_below`).
    #[serde(default)]
    pub min_response_rate: Option<u32>,
    /// Also send raised alerts here (when SMTP is configured).
    pub email: Option<String>,
}

impl Default for AlertRules {
    fn default() -> AlertRules {
        AlertRules {
            below_grade: None,
            low_share_percent: None,
            low_share_last: 20,
            min_response_rate: None,
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
    /// A levy report forwarded to APIP or SP4N-LAPOR!, with its reference number there.
    #[serde(default)]
    pub forwarded: Option<Forwarded>,
    /// A levy report closed, with what was done.
    #[serde(default)]
    pub closed: Option<ClosedAlert>,
}

/// Where a levy report went, under which reference, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forwarded {
    pub to: LevyChannel,
    pub reference: String,
    /// UTC, RFC 3339.
    pub at: String,
    pub by: String,
}

/// A levy report closed: when, by whom, and what was done (required when it was not forwarded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedAlert {
    /// UTC, RFC 3339.
    pub at: String,
    pub by: String,
    pub note: Option<String>,
}

impl Alert {
    pub fn stage(&self) -> AlertStage {
        if self.closed.is_some() {
            AlertStage::Closed
        } else if self.forwarded.is_some() {
            AlertStage::Forwarded
        } else if self.acknowledged_at.is_some() {
            AlertStage::Acknowledged
        } else {
            AlertStage::Raised
        }
    }

    /// Whether it still asks for something: an alert not acknowledged, or a levy report not
    /// closed (it is tracked until it is).
    pub fn open(&self) -> bool {
        match self.kind {
            AlertKind::Pungli => self.closed.is_none(),
            _ => self.acknowledged_at.is_none(),
        }
    }
}

/// A levy report of one of a region's units, for the region's own list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitAlert {
    pub unit_code: String,
    pub unit_name: String,
    pub alert: Alert,
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
    /// What the comment is about, and its flags (empty until it is read).
    #[serde(default)]
    pub themes: Vec<Unsur>,
    #[serde(default)]
    pub flags: Vec<ikm_domain::themes::CommentFlag>,
    /// The contact the citizen consented to be reached at: only for that unit's own staff
    /// (`Viewer::sees_contacts_of`); `None` for everyone else and when none was given.
    #[serde(default)]
    pub contact: Option<ConsentedContact>,
    /// The comment as written, personal numbers unmasked: only where the citizen consented to be
    /// contacted, and only for that unit's own staff (as `contact`).
    #[serde(default)]
    pub as_written: Option<String>,
}

/// A citizen's contact on their comment, and whether staff reached them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentedContact {
    pub contact: ikm_domain::contact::Contact,
    /// UTC, RFC 3339.
    pub contacted_at: Option<String>,
    pub contacted_by: Option<String>,
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
    /// Only comments read as this unsur's theme (`ikm_domain::themes`).
    #[serde(default)]
    pub theme: Option<Unsur>,
    /// Only comments with this flag.
    #[serde(default)]
    pub flag: Option<ikm_domain::themes::CommentFlag>,
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

impl RegionUnit {
    /// A unit as a region lists it, from its stored facts.
    pub fn of(id: i64, code: &str, fields: &crate::model::UnitFields) -> RegionUnit {
        RegionUnit {
            id,
            code: code.to_string(),
            name: fields.name.clone(),
            region_code: fields.region_code.clone(),
            population_per_year: fields.population_per_year,
            active: fields.active,
        }
    }
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
        let h = headline(
            &period,
            &valid,
            &flagged,
            &previous,
            None,
            Some(3650),
            Lang::Id,
        );
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
    fn keyed_values_round_trip() {
        for s in CommentStatus::ALL {
            assert_eq!(CommentStatus::parse(s.key()), Some(*s));
        }
        assert_eq!(Dimension::parse("usia"), Some(Dimension::AgeGroup));
        assert_eq!(ActionStatus::parse("x"), None);
    }
}
