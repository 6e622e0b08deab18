//! The SKM scorecard ("Rapor SKM"): what PEKPPP asks of a unit's SKM in a year, scored 0–5 per
//! indicator by the [`Rubric`], each score with the facts behind it so that it can be said in words
//! ("2 media of the 5 needed for full marks"), and what is due (the reminders).
//!
//! Pure: the storage reads a unit's year into a [`UnitYear`]; [`UnitScore::of`] scores it and
//! [`due`] lists what the unit should do next. The region's figures are the mean of its units'
//! scores per indicator ([`RegionScore`]).

use crate::period::{Period, PeriodKind};
use crate::rubric::{score_on, top_step, Indicator, Rubric, Step};
use crate::sample::SampleAdequacy;
use crate::Hundredths;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A closed quarter should be published within this many days (a reminder after).
pub const PUBLISH_WITHIN_DAYS: i64 = 30;

/// Where a unit's SKM results were published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediumKind {
    /// The unit's own website.
    Website,
    /// A news post on SIPPN (sippn.menpan.go.id).
    Sippn,
    /// A banner or board at the service counter.
    Board,
    SocialMedia,
    Print,
    /// The region's open-data portal.
    OpenData,
    Other,
}

impl MediumKind {
    pub const ALL: [MediumKind; 7] = [
        MediumKind::Website,
        MediumKind::Sippn,
        MediumKind::Board,
        MediumKind::SocialMedia,
        MediumKind::Print,
        MediumKind::OpenData,
        MediumKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MediumKind::Website => "website",
            MediumKind::Sippn => "sippn",
            MediumKind::Board => "board",
            MediumKind::SocialMedia => "social_media",
            MediumKind::Print => "print",
            MediumKind::OpenData => "open_data",
            MediumKind::Other => "other",
        }
    }

    pub fn parse(key: &str) -> Option<MediumKind> {
        MediumKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Published on the internet (PEKPPP asks for online **and** offline).
    pub fn online(self) -> bool {
        matches!(
            self,
            MediumKind::Website
                | MediumKind::Sippn
                | MediumKind::SocialMedia
                | MediumKind::OpenData
        )
    }

    /// Published on paper or at the counter.
    pub fn offline(self) -> bool {
        matches!(self, MediumKind::Board | MediumKind::Print)
    }
}

/// A calendar period of the year and how its answers stand (from tallies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyedPeriod {
    pub period: Period,
    pub respondents: u64,
    /// Every one of the nine unsur has at least one answer.
    pub all_nine: bool,
}

/// A period published on this product's public pages (`/publik`): one online medium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub period: String,
    pub on: NaiveDate,
}

/// A further medium the results of a period appeared in, as staff recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Medium {
    pub period: String,
    pub kind: MediumKind,
    /// What it is ("Instagram @disdukcapil.bdl", "Papan informasi loket 1"): the same medium used
    /// for several periods counts once.
    pub name: String,
    pub on: NaiveDate,
}

/// A follow-up (RTL) item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFact {
    pub id: i64,
    pub period: String,
    pub due: NaiveDate,
    /// When it was done; `None` while planned or in progress.
    pub done_on: Option<NaiveDate>,
}

/// The year's comments and how staff answered them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentFacts {
    pub total: u64,
    /// Closed (status "selesai") or replied to publicly.
    pub answered: u64,
    /// For each comment replied to, the days from the comment to the reply.
    pub reply_days: Vec<u32>,
}

/// Everything the scorecard needs of one unit in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitYear {
    pub year: i32,
    pub population_per_year: Option<u64>,
    /// The year's months, quarters, semesters and the year itself, each with its answers.
    pub periods: Vec<SurveyedPeriod>,
    pub publications: Vec<Publication>,
    pub media: Vec<Medium>,
    pub actions: Vec<ActionFact>,
    pub comments: CommentFacts,
}

/// Whether a period key belongs to a calendar year (custom ranges never do: they are not
/// published).
pub fn in_year(key: &str, year: i32) -> bool {
    Period::parse(key).is_some_and(|p| p.kind != PeriodKind::Custom && p.from.year() == year)
}

/// How one period measures against the regulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodCheck {
    pub period: String,
    pub respondents: u64,
    /// The Krejcie–Morgan minimum for the unit's population of the period (`None`: the unit's
    /// population is not known, so the sample cannot be judged).
    pub required: Option<u64>,
    pub all_nine: bool,
}

impl PeriodCheck {
    pub fn per_rule(&self) -> bool {
        self.all_nine && self.required.is_some_and(|r| self.respondents >= r)
    }
}

/// Which condition of "SKM conducted" a unit reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rung {
    Full,
    PublishedFollowedUp,
    Published,
    PerRule,
    Conducted,
    Nothing,
}

/// Why an indicator scored what it did: the facts, worded by the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Why {
    Conducted {
        rung: Rung,
        /// A period per the regulation, else the one closest to it.
        best: Option<PeriodCheck>,
        online: bool,
        offline: bool,
        followed_up: bool,
    },
    Media {
        count: u64,
        full: Option<Step>,
    },
    FollowupShare {
        done: u64,
        total: u64,
        full: Option<Step>,
    },
    FollowupSpeed {
        speed: Speed,
        full: Option<Step>,
    },
    Complaints {
        answered: u64,
        total: u64,
        /// Twice the median of days to a reply (so a half day is exact); `None`: no reply.
        median_half_days: Option<u64>,
        full: Option<Step>,
    },
}

/// How fast the follow-up was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Speed {
    /// No follow-up item in the year.
    NoActions,
    /// Items not done yet.
    Open { open: u64, total: u64 },
    /// Every item done; the slowest period took `days` from its report to its last item.
    Done {
        days: u32,
        /// `false`: that period's report was never published, so the days count from the
        /// period's end.
        from_report: bool,
    },
}

/// One indicator's score with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub indicator: Indicator,
    pub score: u8,
    /// The best score the rubric gives for it.
    pub top: u8,
    pub why: Why,
}

impl Finding {
    /// Short of full marks.
    pub fn short(&self) -> bool {
        self.score < self.top
    }
}

/// A unit's scorecard for a year: one finding per indicator, in [`Indicator::ALL`]'s order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitScore {
    pub findings: Vec<Finding>,
}

impl UnitScore {
    pub fn of(unit: &UnitYear, rubric: &Rubric) -> UnitScore {
        UnitScore {
            findings: vec![
                conducted(unit, rubric),
                media(unit, rubric),
                followup_share(unit, rubric),
                followup_speed(unit, rubric),
                complaints(unit, rubric),
            ],
        }
    }

    pub fn get(&self, indicator: Indicator) -> Option<&Finding> {
        self.findings.iter().find(|f| f.indicator == indicator)
    }

    /// The mean of the five scores.
    pub fn mean(&self) -> Hundredths {
        mean(self.findings.iter().map(|f| u64::from(f.score)))
    }
}

/// The mean of some scores in hundredths, rounded half up (0 for none).
pub fn mean(scores: impl IntoIterator<Item = u64>) -> Hundredths {
    let (sum, n) = scores
        .into_iter()
        .fold((0u64, 0u64), |(s, n), x| (s + x, n + 1));
    if n == 0 {
        return Hundredths(0);
    }
    Hundredths(i64::try_from((sum * 200 + n) / (2 * n)).unwrap_or(i64::MAX))
}

/// A region's figures: per indicator, the mean of its units' scores and how many are short of
/// full marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionScore {
    pub units: u64,
    /// (indicator, mean, units short), in [`Indicator::ALL`]'s order.
    pub indicators: Vec<(Indicator, Hundredths, u64)>,
    /// The mean of the units' means.
    pub mean: Hundredths,
}

impl RegionScore {
    pub fn of<'a>(units: impl IntoIterator<Item = &'a UnitScore>) -> RegionScore {
        let units: Vec<&UnitScore> = units.into_iter().collect();
        let indicators = Indicator::ALL
            .iter()
            .map(|i| {
                let found: Vec<&Finding> = units.iter().filter_map(|u| u.get(*i)).collect();
                (
                    *i,
                    mean(found.iter().map(|f| u64::from(f.score))),
                    found.iter().filter(|f| f.short()).count() as u64,
                )
            })
            .collect();
        let total: u64 = units
            .iter()
            .flat_map(|u| u.findings.iter().map(|f| u64::from(f.score)))
            .sum();
        let n = units.len() as u64 * Indicator::ALL.len() as u64;
        RegionScore {
            units: units.len() as u64,
            indicators,
            mean: if n == 0 {
                Hundredths(0)
            } else {
                Hundredths(i64::try_from((total * 200 + n) / (2 * n)).unwrap_or(i64::MAX))
            },
        }
    }
}

/// The checks of every period of the year that has answers, best first: per the regulation, then
/// the most respondents for what is required.
pub fn period_checks(unit: &UnitYear) -> Vec<PeriodCheck> {
    let mut checks: Vec<PeriodCheck> = unit
        .periods
        .iter()
        .filter(|p| p.respondents > 0)
        .map(|p| PeriodCheck {
            period: p.period.key(),
            respondents: p.respondents,
            required: unit.population_per_year.map(|per_year| {
                SampleAdequacy::of(p.respondents, p.period.population(per_year)).required
            }),
            all_nine: p.all_nine,
        })
        .collect();
    // Per rule first; then the highest share of the minimum (respondents / required, compared
    // exactly); then the longest period.
    checks.sort_by(|a, b| {
        b.per_rule().cmp(&a.per_rule()).then_with(|| {
            let share = |c: &PeriodCheck| (c.respondents, c.required.unwrap_or(1).max(1));
            let ((an, ad), (bn, bd)) = (share(a), share(b));
            (u128::from(bn) * u128::from(ad)).cmp(&(u128::from(an) * u128::from(bd)))
        })
    });
    checks
}

fn published_kinds(unit: &UnitYear) -> (bool, bool) {
    let year_media = unit.media.iter().filter(|m| in_year(&m.period, unit.year));
    let publik = unit
        .publications
        .iter()
        .any(|p| in_year(&p.period, unit.year));
    let mut online = publik;
    let mut offline = false;
    for m in year_media {
        online |= m.kind.online();
        offline |= m.kind.offline();
    }
    (online, offline)
}

fn year_actions(unit: &UnitYear) -> impl Iterator<Item = &ActionFact> {
    unit.actions
        .iter()
        .filter(|a| in_year(&a.period, unit.year))
}

fn conducted(unit: &UnitYear, rubric: &Rubric) -> Finding {
    let checks = period_checks(unit);
    let per_rule = checks.first().is_some_and(PeriodCheck::per_rule);
    let (online, offline) = published_kinds(unit);
    let followed_up = year_actions(unit).any(|a| a.done_on.is_some());
    let ladder = rubric.conducted;
    let (rung, score) = if per_rule && online && offline && followed_up {
        (Rung::Full, ladder.full)
    } else if per_rule && (online || offline) && followed_up {
        (Rung::PublishedFollowedUp, ladder.published_followed_up)
    } else if per_rule && (online || offline) {
        (Rung::Published, ladder.published)
    } else if per_rule {
        (Rung::PerRule, ladder.per_rule)
    } else if !checks.is_empty() {
        (Rung::Conducted, ladder.conducted)
    } else {
        (Rung::Nothing, 0)
    };
    Finding {
        indicator: Indicator::Conducted,
        score,
        top: rubric.top_score(Indicator::Conducted),
        why: Why::Conducted {
            rung,
            best: checks.into_iter().next(),
            online,
            offline,
            followed_up,
        },
    }
}

/// The number of media the year's results appeared in: each distinct medium (kind and name, the
/// name compared without case or extra spaces) once, and this product's public page as one.
pub fn media_count(unit: &UnitYear) -> u64 {
    let mut seen: Vec<(MediumKind, String)> = Vec::new();
    for m in unit.media.iter().filter(|m| in_year(&m.period, unit.year)) {
        let name = m
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !seen.iter().any(|(k, n)| *k == m.kind && *n == name) {
            seen.push((m.kind, name));
        }
    }
    let publik = unit
        .publications
        .iter()
        .any(|p| in_year(&p.period, unit.year));
    seen.len() as u64 + u64::from(publik)
}

fn media(unit: &UnitYear, rubric: &Rubric) -> Finding {
    let count = media_count(unit);
    Finding {
        indicator: Indicator::Media,
        score: score_on(&rubric.media, count, 1),
        top: rubric.top_score(Indicator::Media),
        why: Why::Media {
            count,
            full: top_step(&rubric.media),
        },
    }
}

fn followup_share(unit: &UnitYear, rubric: &Rubric) -> Finding {
    let (done, total) = year_actions(unit).fold((0, 0), |(d, t), a| {
        (d + u64::from(a.done_on.is_some()), t + 1)
    });
    let score = if total == 0 {
        0
    } else {
        score_on(&rubric.followup_share, done * 100, total)
    };
    Finding {
        indicator: Indicator::FollowupShare,
        score,
        top: rubric.top_score(Indicator::FollowupShare),
        why: Why::FollowupShare {
            done,
            total,
            full: top_step(&rubric.followup_share),
        },
    }
}

/// The day a period's report was published: the earliest of its publication on the public page
/// and its recorded media; `None` if it never was.
pub fn report_day(unit: &UnitYear, period: &str) -> Option<NaiveDate> {
    let publik = unit
        .publications
        .iter()
        .filter(|p| p.period == period)
        .map(|p| p.on);
    let media = unit
        .media
        .iter()
        .filter(|m| m.period == period)
        .map(|m| m.on);
    publik.chain(media).min()
}

/// How fast the year's follow-up was done (see [`Speed`]).
pub fn speed(unit: &UnitYear) -> Speed {
    let actions: Vec<&ActionFact> = year_actions(unit).collect();
    if actions.is_empty() {
        return Speed::NoActions;
    }
    let open = actions.iter().filter(|a| a.done_on.is_none()).count() as u64;
    if open > 0 {
        return Speed::Open {
            open,
            total: actions.len() as u64,
        };
    }
    let mut periods: Vec<&str> = actions.iter().map(|a| a.period.as_str()).collect();
    periods.sort_unstable();
    periods.dedup();
    let mut slowest: Option<(u32, bool)> = None;
    for key in periods {
        let last = actions
            .iter()
            .filter(|a| a.period == key)
            .filter_map(|a| a.done_on)
            .max();
        let (start, from_report) = match report_day(unit, key) {
            Some(day) => (Some(day), true),
            None => (Period::parse(key).map(|p| p.to), false),
        };
        let (Some(last), Some(start)) = (last, start) else {
            continue;
        };
        let days = u32::try_from((last - start).num_days().max(0)).unwrap_or(u32::MAX);
        if slowest.is_none_or(|(d, _)| days > d) {
            slowest = Some((days, from_report));
        }
    }
    match slowest {
        Some((days, from_report)) => Speed::Done { days, from_report },
        None => Speed::NoActions,
    }
}

fn followup_speed(unit: &UnitYear, rubric: &Rubric) -> Finding {
    let speed = speed(unit);
    let score = match speed {
        Speed::Done { days, .. } => score_on(&rubric.followup_speed, u64::from(days), 1),
        Speed::NoActions | Speed::Open { .. } => 0,
    };
    Finding {
        indicator: Indicator::FollowupSpeed,
        score,
        top: rubric.top_score(Indicator::FollowupSpeed),
        why: Why::FollowupSpeed {
            speed,
            full: top_step(&rubric.followup_speed),
        },
    }
}

/// Twice the median of some numbers of days (`None` for none).
pub fn median_half_days(days: &[u32]) -> Option<u64> {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        2 * u64::from(sorted[n / 2])
    } else {
        u64::from(sorted[n / 2 - 1]) + u64::from(sorted[n / 2])
    })
}

fn complaints(unit: &UnitYear, rubric: &Rubric) -> Finding {
    let c = &unit.comments;
    // No comment to answer is nothing left unanswered: scored as 100 %.
    let (num, den) = if c.total == 0 {
        (100, 1)
    } else {
        (c.answered.min(c.total) * 100, c.total)
    };
    Finding {
        indicator: Indicator::Complaints,
        score: score_on(&rubric.complaints, num, den),
        top: rubric.top_score(Indicator::Complaints),
        why: Why::Complaints {
            answered: c.answered.min(c.total),
            total: c.total,
            median_half_days: median_half_days(&c.reply_days),
            full: top_step(&rubric.complaints),
        },
    }
}

/// Something a unit should do, as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Due {
    /// No period of the year is per the regulation yet.
    NoSkmYet,
    /// A quarter with answers ended more than [`PUBLISH_WITHIN_DAYS`] ago and no published
    /// period covers it.
    Unpublished { period: String, days: i64 },
    /// A follow-up item past its due day and not done.
    Overdue {
        id: i64,
        period: String,
        due: NaiveDate,
        days: i64,
    },
}

/// What a unit should do, as of `today`, for its year.
pub fn due(unit: &UnitYear, today: NaiveDate) -> Vec<Due> {
    let mut out = Vec::new();
    if unit.year <= today.year()
        && !period_checks(unit)
            .first()
            .is_some_and(PeriodCheck::per_rule)
    {
        out.push(Due::NoSkmYet);
    }
    let published: Vec<Period> = unit
        .publications
        .iter()
        .filter_map(|p| Period::parse(&p.period))
        .collect();
    for surveyed in &unit.periods {
        let q = surveyed.period;
        if q.kind != PeriodKind::Quarter || surveyed.respondents == 0 {
            continue;
        }
        let days = (today - q.to).num_days();
        let covered = published.iter().any(|p| p.from <= q.from && q.to <= p.to);
        if days > PUBLISH_WITHIN_DAYS && !covered {
            out.push(Due::Unpublished {
                period: q.key(),
                days,
            });
        }
    }
    for a in year_actions(unit) {
        if a.done_on.is_none() && a.due < today {
            out.push(Due::Overdue {
                id: a.id,
                period: a.period.clone(),
                due: a.due,
                days: (today - a.due).num_days(),
            });
        }
    }
    out
}

/// The months, quarters, semesters and the year of `year`, in that order: the periods a
/// [`UnitYear`] holds, built from its twelve months' tallies.
pub fn year_periods(year: i32) -> Vec<Period> {
    let mut periods = Vec::with_capacity(19);
    periods.extend((1..=12).filter_map(|m| Period::month(year, m)));
    periods.extend((1..=4).filter_map(|q| Period::quarter(year, q)));
    periods.extend((1..=2).filter_map(|s| Period::semester(year, s)));
    periods.extend(Period::year(year));
    periods
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    /// A unit of 3 650 people a year with a quarter of `respondents`, nine unsur answered.
    fn unit(respondents: u64) -> UnitYear {
        let q2 = Period::quarter(2026, 2).expect("q2");
        UnitYear {
            year: 2026,
            population_per_year: Some(3650),
            periods: vec![SurveyedPeriod {
                period: q2,
                respondents,
                all_nine: true,
            }],
            publications: Vec::new(),
            media: Vec::new(),
            actions: Vec::new(),
            comments: CommentFacts::default(),
        }
    }

    fn medium(kind: MediumKind, name: &str) -> Medium {
        Medium {
            period: "2026-T2".into(),
            kind,
            name: name.into(),
            on: d(2026, 7, 10),
        }
    }

    fn action(id: i64, done_on: Option<NaiveDate>) -> ActionFact {
        ActionFact {
            id,
            period: "2026-T2".into(),
            due: d(2026, 9, 30),
            done_on,
        }
    }

    fn score(u: &UnitYear, i: Indicator) -> u8 {
        UnitScore::of(u, &Rubric::default())
            .get(i)
            .expect("finding")
            .score
    }

    #[test]
    fn the_conducted_ladder_climbs_with_each_condition() {
        // Q2 (91 days) of 3 650 a year: 910 people, 271 respondents required (Krejcie–Morgan's
        // formula between the table's rows 900 → 269 and 950 → 274).
        let q2 = Period::quarter(2026, 2).expect("q2");
        assert_eq!(crate::sample::minimum_sample(q2.population(3650)), 271);
        let mut u = unit(270);
        assert_eq!(score(&u, Indicator::Conducted), 1, "answers, too few");
        u.periods[0].respondents = 271;
        assert_eq!(score(&u, Indicator::Conducted), 2, "per the regulation");
        u.publications.push(Publication {
            period: "2026-T2".into(),
            on: d(2026, 7, 5),
        });
        assert_eq!(score(&u, Indicator::Conducted), 3, "published");
        u.actions.push(action(1, Some(d(2026, 8, 1))));
        assert_eq!(score(&u, Indicator::Conducted), 4, "and followed up");
        u.media.push(medium(MediumKind::Board, "Papan loket"));
        assert_eq!(score(&u, Indicator::Conducted), 5, "online and offline");
        u.periods[0].all_nine = false;
        assert_eq!(score(&u, Indicator::Conducted), 1, "an unsur unanswered");
        u.population_per_year = None;
        u.periods[0].all_nine = true;
        assert_eq!(
            score(&u, Indicator::Conducted),
            1,
            "sample cannot be judged"
        );
        assert_eq!(score(&unit(0), Indicator::Conducted), 0);
    }

    #[test]
    fn the_same_medium_in_two_periods_counts_once_and_the_public_page_counts() {
        let mut u = unit(300);
        u.media
            .push(medium(MediumKind::SocialMedia, "Instagram @capil"));
        let mut again = medium(MediumKind::SocialMedia, "  instagram   @CAPIL ");
        again.period = "2026-T3".into();
        u.media.push(again);
        u.media
            .push(medium(MediumKind::SocialMedia, "Facebook Capil"));
        let mut last_year = medium(MediumKind::Print, "Radar Lampung");
        last_year.period = "2025-T4".into();
        u.media.push(last_year);
        assert_eq!(media_count(&u), 2);
        u.publications.push(Publication {
            period: "2026".into(),
            on: d(2026, 12, 1),
        });
        assert_eq!(media_count(&u), 3);
    }

    #[test]
    fn four_media_score_four_and_five_score_five() {
        let mut u = unit(300);
        for (i, kind) in MediumKind::ALL.iter().take(4).enumerate() {
            u.media.push(medium(*kind, &format!("m{i}")));
        }
        assert_eq!(score(&u, Indicator::Media), 4);
        u.media.push(medium(MediumKind::Print, "koran"));
        assert_eq!(score(&u, Indicator::Media), 5);
    }

    #[test]
    fn follow_up_share_and_speed() {
        let mut u = unit(300);
        assert_eq!(score(&u, Indicator::FollowupShare), 0);
        assert_eq!(speed(&u), Speed::NoActions);
        for i in 0..4 {
            u.actions.push(action(i, Some(d(2026, 8, 1))));
        }
        u.actions.push(action(9, None));
        assert_eq!(
            score(&u, Indicator::FollowupShare),
            3,
            "80 % is not more than 80"
        );
        assert_eq!(speed(&u), Speed::Open { open: 1, total: 5 });
        assert_eq!(score(&u, Indicator::FollowupSpeed), 0);
        u.actions[4].done_on = Some(d(2026, 8, 10));
        assert_eq!(score(&u, Indicator::FollowupShare), 5);
        // Not published: counted from the quarter's end, 30 June → 10 August = 41 days.
        assert_eq!(
            speed(&u),
            Speed::Done {
                days: 41,
                from_report: false
            }
        );
        u.media.push(Medium {
            on: d(2026, 7, 11),
            ..medium(MediumKind::Board, "Papan")
        });
        assert_eq!(
            speed(&u),
            Speed::Done {
                days: 30,
                from_report: true
            }
        );
        assert_eq!(score(&u, Indicator::FollowupSpeed), 5);
        u.actions[4].done_on = Some(d(2026, 8, 11));
        assert_eq!(score(&u, Indicator::FollowupSpeed), 4, "31 days");
    }

    #[test]
    fn complaints_answered_and_the_median() {
        let mut u = unit(300);
        assert_eq!(score(&u, Indicator::Complaints), 5, "nothing to answer");
        u.comments = CommentFacts {
            total: 10,
            answered: 9,
            reply_days: vec![1, 5, 2, 8],
        };
        assert_eq!(score(&u, Indicator::Complaints), 5);
        u.comments.answered = 8;
        assert_eq!(score(&u, Indicator::Complaints), 4);
        u.comments.answered = 0;
        assert_eq!(score(&u, Indicator::Complaints), 0);
        assert_eq!(median_half_days(&[1, 5, 2, 8]), Some(7), "3,5 days");
        assert_eq!(median_half_days(&[4, 1, 9]), Some(8));
        assert_eq!(median_half_days(&[]), None);
    }

    #[test]
    fn what_is_due() {
        let mut u = unit(100);
        u.actions.push(ActionFact {
            due: d(2026, 9, 1),
            ..action(7, None)
        });
        // Q2 ended 30 June: 30 days later is still in time, 31 is not.
        assert_eq!(
            due(&u, d(2026, 7, 30)),
            vec![Due::NoSkmYet],
            "not per rule, nothing late"
        );
        let late = due(&u, d(2026, 9, 3));
        assert!(late.contains(&Due::Unpublished {
            period: "2026-T2".into(),
            days: 65
        }));
        assert!(late.contains(&Due::Overdue {
            id: 7,
            period: "2026-T2".into(),
            due: d(2026, 9, 1),
            days: 2
        }));
        // A published semester covers the quarter.
        u.publications.push(Publication {
            period: "2026-S1".into(),
            on: d(2026, 7, 20),
        });
        assert!(!due(&u, d(2026, 9, 3))
            .iter()
            .any(|d| matches!(d, Due::Unpublished { .. })));
    }

    #[test]
    fn region_means_and_units_short() {
        let mut good = unit(300);
        good.comments = CommentFacts::default();
        let a = UnitScore::of(&good, &Rubric::default());
        let b = UnitScore::of(&unit(0), &Rubric::default());
        let region = RegionScore::of([&a, &b]);
        assert_eq!(region.units, 2);
        let (_, conducted_mean, short) = region.indicators[0];
        assert_eq!(conducted_mean, Hundredths(100), "(2 + 0) / 2");
        assert_eq!(short, 2);
        let (_, complaints_mean, complaints_short) = region.indicators[4];
        assert_eq!(complaints_mean, Hundredths(500));
        assert_eq!(complaints_short, 0);
        assert_eq!(mean([1, 2]), Hundredths(150));
        assert_eq!(mean([1, 1, 2]), Hundredths(133));
        assert_eq!(mean([2, 2, 1]), Hundredths(167));
    }

    #[test]
    fn the_year_has_nineteen_periods() {
        let p = year_periods(2026);
        assert_eq!(p.len(), 19);
        assert_eq!(p[12].key(), "2026-T1");
        assert_eq!(p[18].key(), "2026");
        assert!(in_year("2026-11", 2026) && !in_year("2025", 2026));
        assert!(!in_year("2026-01-05..2026-02-10", 2026));
    }
}
