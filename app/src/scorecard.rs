//! The scorecard ("Rapor SKM") as people read it: each finding of `ikm_domain::scorecard` worded
//! as a reason, what is due worded as a task, and the rows the pages, the evidence pack and the
//! reminders show. The scores themselves are computed in `ikm_domain::scorecard`, never here.
//! On the server, [`read`] gathers a region's year: the units' monthly tallies (merged into every
//! month, quarter, semester and the year) and what they published and followed up.

use crate::dashboard::FollowUpAction;
use crate::i18n::{texts, ScorecardTexts};
use ikm_domain::rubric::{Cmp, Indicator, Rubric, RubricProblem, Step};
use ikm_domain::scorecard::{Due, Finding, MediumKind, Rung, Speed, UnitScore, Why};
use ikm_domain::{Hundredths, Lang, Period};
use serde::{Deserialize, Serialize};

/// One indicator's score on a page, with its reason in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub indicator: Indicator,
    pub score: u8,
    pub top: u8,
    pub reason: String,
}

impl Cell {
    pub fn short(&self) -> bool {
        self.score < self.top
    }
}

/// The class of a score's chip: full marks, at least half, or less.
pub fn chip_class(score: u8, top: u8) -> &'static str {
    if score >= top {
        "score score-full"
    } else if score * 2 >= top {
        "score score-part"
    } else {
        "score score-low"
    }
}

/// A unit's row: its cells in [`Indicator::ALL`]'s order, its mean, what is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub cells: Vec<Cell>,
    pub mean: Hundredths,
    pub due: Vec<String>,
}

/// A kabupaten/kota's row on the province's scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub units: u64,
    /// The mean score per indicator, in [`Indicator::ALL`]'s order.
    pub means: Vec<Hundredths>,
    /// The units short of full marks, per indicator.
    pub short: Vec<u64>,
    pub mean: Hundredths,
    /// The units with something due.
    pub due_units: u64,
}

pub fn indicator_name(indicator: Indicator, lang: Lang) -> &'static str {
    let s = &texts(lang).scorecard;
    match indicator {
        Indicator::Conducted => s.ind_conducted,
        Indicator::Media => s.ind_media,
        Indicator::FollowupShare => s.ind_followup_share,
        Indicator::FollowupSpeed => s.ind_followup_speed,
        Indicator::Complaints => s.ind_complaints,
    }
}

pub fn indicator_short(indicator: Indicator, lang: Lang) -> &'static str {
    let s = &texts(lang).scorecard;
    match indicator {
        Indicator::Conducted => s.ind_short_conducted,
        Indicator::Media => s.ind_short_media,
        Indicator::FollowupShare => s.ind_short_followup_share,
        Indicator::FollowupSpeed => s.ind_short_followup_speed,
        Indicator::Complaints => s.ind_short_complaints,
    }
}

pub fn kind_name(kind: MediumKind, lang: Lang) -> &'static str {
    let s = &texts(lang).scorecard;
    match kind {
        MediumKind::Website => s.kind_website,
        MediumKind::Sippn => s.kind_sippn,
        MediumKind::Board => s.kind_board,
        MediumKind::SocialMedia => s.kind_social_media,
        MediumKind::Print => s.kind_print,
        MediumKind::OpenData => s.kind_open_data,
        MediumKind::Other => s.kind_other,
    }
}

pub fn rung_name(rung: Rung, lang: Lang) -> &'static str {
    let s = &texts(lang).scorecard;
    match rung {
        Rung::Full => s.rung_full,
        Rung::PublishedFollowedUp => s.rung_published_followed_up,
        Rung::Published => s.rung_published,
        Rung::PerRule => s.rung_per_rule,
        Rung::Conducted => s.rung_conducted,
        Rung::Nothing => s.why_nothing,
    }
}

/// Fills a template's `{name}` places.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |out, (name, value)| {
            out.replace(&format!("{{{name}}}"), value)
        })
}

/// `num / den` as a percentage in Indonesian notation: whole when exact, else one decimal
/// (`66,7`). Rounded half up, from integers only.
pub fn percent(num: u64, den: u64) -> String {
    if den == 0 {
        return "0".into();
    }
    let (num, den) = (u128::from(num), u128::from(den));
    if (num * 100).is_multiple_of(den) {
        return (num * 100 / den).to_string();
    }
    let tenths = (num * 2000 + den) / (2 * den);
    format!("{},{}", tenths / 10, tenths % 10)
}

/// Days given as twice their number (`3` → `1,5`).
pub fn half_days(half: u64) -> String {
    if half.is_multiple_of(2) {
        (half / 2).to_string()
    } else {
        format!("{},5", half / 2)
    }
}

/// A step's condition in words: "sedikitnya 5", "lebih dari 80 %", "paling lama 30 hari".
fn condition(step: &Step, indicator: Indicator, s: &ScorecardTexts) -> String {
    let unit = if indicator.is_percent() {
        format!("{} %", step.value)
    } else if indicator == Indicator::FollowupSpeed {
        format!("{} {}", step.value, s.days)
    } else {
        step.value.to_string()
    };
    let template = match step.cmp {
        Cmp::AtLeast => s.at_least,
        Cmp::MoreThan => s.more_than,
        Cmp::AtMost => s.at_most,
        Cmp::LessThan => s.less_than,
    };
    fill(template, &[("n", unit)])
}

fn full_words(full: &Option<Step>, indicator: Indicator, s: &ScorecardTexts) -> String {
    full.as_ref()
        .map(|step| condition(step, indicator, s))
        .unwrap_or_else(|| "—".into())
}

/// Why a finding scored what it did, in a sentence.
pub fn reason(finding: &Finding, lang: Lang) -> String {
    let s = &texts(lang).scorecard;
    match &finding.why {
        Why::Conducted {
            rung, best, online, ..
        } => {
            let check = best.as_ref().map(|b| {
                fill(
                    s.why_sample,
                    &[
                        ("period", period_label(&b.period, lang)),
                        ("n", b.respondents.to_string()),
                        (
                            "min",
                            b.required.map_or(s.unknown.to_string(), |r| r.to_string()),
                        ),
                    ],
                )
            });
            let check = check.unwrap_or_default();
            match rung {
                Rung::Full => fill(s.why_full, &[("check", check)]),
                Rung::PublishedFollowedUp => {
                    let place = if *online { s.online } else { s.offline };
                    fill(
                        s.why_published_followed_up,
                        &[("check", check), ("where", place.to_string())],
                    )
                }
                Rung::Published => fill(s.why_published, &[("check", check)]),
                Rung::PerRule => fill(s.why_per_rule, &[("check", check)]),
                Rung::Conducted => match best {
                    Some(b) if b.required.is_none() => s.why_population_unknown.to_string(),
                    Some(b) if !b.all_nine => {
                        fill(s.why_not_nine, &[("period", period_label(&b.period, lang))])
                    }
                    Some(b) => fill(
                        s.why_short,
                        &[
                            ("n", b.respondents.to_string()),
                            ("min", b.required.unwrap_or_default().to_string()),
                            ("period", period_label(&b.period, lang)),
                        ],
                    ),
                    None => s.why_nothing.to_string(),
                },
                Rung::Nothing => s.why_nothing.to_string(),
            }
        }
        Why::Media { count, full } => {
            // Counts are whole: "more than 4" needs 5.
            let needed = full.map_or(0, |f| match f.cmp {
                Cmp::MoreThan => u64::from(f.value) + 1,
                _ => u64::from(f.value),
            });
            let template = if finding.short() {
                s.why_media
            } else {
                s.why_media_full
            };
            fill(
                template,
                &[("n", count.to_string()), ("full", needed.to_string())],
            )
        }
        Why::FollowupShare { done, total, full } => {
            if *total == 0 {
                return s.why_no_actions.to_string();
            }
            fill(
                s.why_share,
                &[
                    ("done", done.to_string()),
                    ("total", total.to_string()),
                    ("percent", percent(*done, *total)),
                    ("full", full_words(full, finding.indicator, s)),
                ],
            )
        }
        Why::FollowupSpeed { speed, full } => match speed {
            Speed::NoActions => s.why_no_actions.to_string(),
            Speed::Open { open, total } => fill(
                s.why_open,
                &[("open", open.to_string()), ("total", total.to_string())],
            ),
            Speed::Done { days, from_report } => fill(
                if *from_report {
                    s.why_speed
                } else {
                    s.why_speed_from_end
                },
                &[
                    ("days", days.to_string()),
                    ("full", full_words(full, finding.indicator, s)),
                ],
            ),
        },
        Why::Complaints {
            answered,
            total,
            median_half_days,
            full,
        } => {
            if *total == 0 {
                return s.why_no_comments.to_string();
            }
            let mut words = fill(
                s.why_complaints,
                &[
                    ("answered", answered.to_string()),
                    ("total", total.to_string()),
                    ("percent", percent(*answered, *total)),
                    ("full", full_words(full, finding.indicator, s)),
                ],
            );
            if let Some(half) = median_half_days {
                words.push_str(&fill(s.why_median, &[("days", half_days(*half))]));
            }
            words
        }
    }
}

/// A period key's label, or the key itself when it is not one.
pub fn period_label(key: &str, lang: Lang) -> String {
    Period::parse(key).map_or_else(|| key.to_string(), |p| p.label(lang))
}

/// A unit's findings as cells.
pub fn cells(score: &UnitScore, lang: Lang) -> Vec<Cell> {
    score
        .findings
        .iter()
        .map(|f| Cell {
            indicator: f.indicator,
            score: f.score,
            top: f.top,
            reason: reason(f, lang),
        })
        .collect()
}

/// What is due, as a task: the follow-up item's own words for an overdue one.
pub fn due_words(due: &Due, year: i32, actions: &[FollowUpAction], lang: Lang) -> String {
    let s = &texts(lang).scorecard;
    match due {
        Due::NoSkmYet => fill(s.due_no_skm, &[("year", year.to_string())]),
        Due::Unpublished { period, days } => fill(
            s.due_unpublished,
            &[
                ("period", period_label(period, lang)),
                ("days", days.to_string()),
            ],
        ),
        Due::Overdue { id, due, days, .. } => fill(
            s.due_overdue,
            &[
                ("due", due.format("%d-%m-%Y").to_string()),
                ("days", days.to_string()),
                (
                    "action",
                    actions
                        .iter()
                        .find(|a| a.id == *id)
                        .map(|a| a.action.clone())
                        .unwrap_or_default(),
                ),
            ],
        ),
    }
}

/// The years a scorecard can be asked for: from 2017 (PermenPANRB 14/2017) to this one, newest
/// first.
pub fn years(this_year: i32) -> Vec<i32> {
    (2017..=this_year.max(2017)).rev().collect()
}

/// The year asked (`?tahun=`), else this one; a year outside [`years`] is this one too.
pub fn requested_year(asked: Option<&str>, this_year: i32) -> i32 {
    asked
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2017..=this_year).contains(y))
        .unwrap_or(this_year)
}

/// How a scorecard's rows are ordered (`?urut=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Order {
    /// By name.
    Name,
    /// By the mean score, best first.
    Mean,
    /// By one indicator's score, lowest first (who needs help), then by name.
    By(Indicator),
}

impl Order {
    pub fn parse(key: &str) -> Order {
        match key {
            "nama" => Order::Name,
            "" | "rata" => Order::Mean,
            other => Indicator::parse(other).map_or(Order::Mean, Order::By),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Order::Name => "nama",
            Order::Mean => "rata",
            Order::By(i) => i.key(),
        }
    }
}

fn position(indicator: Indicator) -> usize {
    Indicator::ALL
        .iter()
        .position(|i| *i == indicator)
        .unwrap_or_default()
}

pub fn order_units(rows: &mut [UnitRow], order: Order) {
    rows.sort_by(|a, b| match order {
        Order::Name => a.name.cmp(&b.name),
        Order::Mean => b.mean.cmp(&a.mean).then_with(|| a.name.cmp(&b.name)),
        Order::By(i) => {
            let score = |r: &UnitRow| r.cells.get(position(i)).map(|c| c.score);
            score(a).cmp(&score(b)).then_with(|| a.name.cmp(&b.name))
        }
    });
}

pub fn order_regions(rows: &mut [RegionRow], order: Order) {
    rows.sort_by(|a, b| match order {
        Order::Name => a.name.cmp(&b.name),
        Order::Mean => b.mean.cmp(&a.mean).then_with(|| a.name.cmp(&b.name)),
        Order::By(i) => {
            let mean = |r: &RegionRow| r.means.get(position(i)).copied();
            mean(a).cmp(&mean(b)).then_with(|| a.name.cmp(&b.name))
        }
    });
}

/// A region's row from its units' scores.
pub fn region_row(code: &str, name: &str, scores: &[&UnitScore], due_units: u64) -> RegionRow {
    let summary = ikm_domain::scorecard::RegionScore::of(scores.iter().copied());
    RegionRow {
        code: code.to_string(),
        name: name.to_string(),
        units: summary.units,
        means: summary.indicators.iter().map(|(_, m, _)| *m).collect(),
        short: summary.indicators.iter().map(|(_, _, s)| *s).collect(),
        mean: summary.mean,
        due_units,
    }
}

/// The rubric form's field of a step: `media.5.cmp`, `media.5.value`.
pub fn step_field(indicator: Indicator, score: u8, part: &str) -> String {
    format!("{}.{score}.{part}", indicator.key())
}

/// The rubric form's field of a rung of the conducted ladder: `conducted.full`.
pub fn rung_field(rung: &str) -> String {
    format!("conducted.{rung}")
}

/// The longest source text a rubric may carry.
pub const MAX_SOURCE_CHARS: usize = 300;

/// The administrator's form filled with `rubric` (what [`rubric_from_form`] reads back), as
/// `(field, value)` pairs.
pub fn rubric_form(rubric: &Rubric) -> Vec<(String, String)> {
    let mut fields = vec![("source".to_string(), rubric.source.clone())];
    for (key, score) in rubric.conducted.rungs() {
        fields.push((rung_field(key), score.to_string()));
    }
    for indicator in Indicator::ALL.into_iter().skip(1) {
        for step in rubric.steps(indicator).unwrap_or_default() {
            fields.push((
                step_field(indicator, step.score, "cmp"),
                step.cmp.key().into(),
            ));
            fields.push((
                step_field(indicator, step.score, "value"),
                step.value.to_string(),
            ));
        }
    }
    fields
}

/// A rubric from the administrator's form (`get` reads a field): each step whose value is given,
/// with its comparison. `Err`: the fields that are not numbers or choices, as `(field, code)`.
/// Whether the rubric holds together is [`Rubric::check`]'s to say.
pub fn rubric_from_form(get: impl Fn(&str) -> String) -> Result<Rubric, Vec<(String, String)>> {
    use crate::forms::code;
    let mut errors = Vec::new();
    let source = get("source").trim().to_string();
    if source.chars().count() > MAX_SOURCE_CHARS {
        errors.push(("source".to_string(), code::LENGTH.to_string()));
    }
    let mut rung = |key: &str| {
        let field = rung_field(key);
        match get(&field).trim().parse::<u8>() {
            Ok(v) if v <= ikm_domain::rubric::MAX_SCORE => v,
            _ => {
                errors.push((field, code::NUMBER.to_string()));
                0
            }
        }
    };
    let conducted = ikm_domain::rubric::Ladder {
        full: rung("full"),
        published_followed_up: rung("published_followed_up"),
        published: rung("published"),
        per_rule: rung("per_rule"),
        conducted: rung("conducted"),
    };
    let mut steps = |indicator: Indicator| {
        let mut out = Vec::new();
        for score in (1..=ikm_domain::rubric::MAX_SCORE).rev() {
            let value_field = step_field(indicator, score, "value");
            let value = get(&value_field);
            if value.trim().is_empty() {
                continue;
            }
            let Ok(value) = value.trim().parse::<u32>() else {
                errors.push((value_field, code::NUMBER.to_string()));
                continue;
            };
            let cmp_field = step_field(indicator, score, "cmp");
            let Some(cmp) = Cmp::parse(&get(&cmp_field)) else {
                errors.push((cmp_field, code::CHOICE.to_string()));
                continue;
            };
            out.push(Step { score, cmp, value });
        }
        out
    };
    let rubric = Rubric {
        source,
        conducted,
        media: steps(Indicator::Media),
        followup_share: steps(Indicator::FollowupShare),
        followup_speed: steps(Indicator::FollowupSpeed),
        complaints: steps(Indicator::Complaints),
    };
    if errors.is_empty() {
        Ok(rubric)
    } else {
        Err(errors)
    }
}

/// A rubric's problem in words.
pub fn problem_words(problem: &RubricProblem, lang: Lang) -> String {
    let s = &texts(lang).scorecard;
    let name = |i: &Indicator| indicator_name(*i, lang).to_string();
    match problem {
        RubricProblem::ScoreOutOfRange { indicator, score } => fill(
            s.prob_score,
            &[("indicator", name(indicator)), ("score", score.to_string())],
        ),
        RubricProblem::ScoreTwice { indicator, score } => fill(
            s.prob_twice,
            &[("indicator", name(indicator)), ("score", score.to_string())],
        ),
        RubricProblem::WrongDirection { indicator, score } => fill(
            s.prob_direction,
            &[("indicator", name(indicator)), ("score", score.to_string())],
        ),
        RubricProblem::PercentOver100 { indicator, score } => fill(
            s.prob_percent,
            &[("indicator", name(indicator)), ("score", score.to_string())],
        ),
        RubricProblem::NotStricter {
            indicator,
            higher,
            lower,
        } => fill(
            s.prob_stricter,
            &[
                ("indicator", name(indicator)),
                ("higher", higher.to_string()),
                ("lower", lower.to_string()),
            ],
        ),
        RubricProblem::NoSteps { indicator } => {
            fill(s.prob_no_steps, &[("indicator", name(indicator))])
        }
        RubricProblem::LadderNotDescending => s.prob_ladder.to_string(),
    }
}

#[cfg(feature = "ssr")]
pub use read::{read, read_unit, Scored, YearBook};

#[cfg(feature = "ssr")]
mod read {
    use crate::dashboard::RegionUnit;
    use crate::evidence::{MonthAnswers, Units, YearEvidence};
    use crate::figures::RegionReading;
    use crate::store::{Store, StoreResult};
    use chrono::NaiveDate;
    use ikm_domain::rubric::Rubric;
    use ikm_domain::scorecard::{
        due, year_periods, ActionFact, Due, Medium, SurveyedPeriod, UnitScore, UnitYear,
    };

    use std::collections::HashMap;

    /// A region's year, read once: its units (and those of the kabupaten/kota under a province),
    /// each unit's [`UnitYear`] in the order of `reading.units`, and each unit's own evidence.
    pub struct YearBook {
        pub reading: RegionReading,
        pub year: i32,
        pub units: Vec<UnitYear>,
        evidence: HashMap<i64, YearEvidence>,
        none: YearEvidence,
    }

    /// A unit of a [`YearBook`] scored: its index in `reading.units`, its score and what is due.
    pub struct Scored {
        pub index: usize,
        pub score: UnitScore,
        pub due: Vec<Due>,
    }

    impl YearBook {
        /// Every unit on the scorecard scored as of `today`: the active ones, and an inactive one
        /// that still has answers in the year.
        pub fn scored(&self, rubric: &Rubric, today: NaiveDate) -> Vec<Scored> {
            self.reading
                .units
                .iter()
                .zip(&self.units)
                .enumerate()
                .filter(|(_, (u, y))| u.active || y.periods.iter().any(|p| p.respondents > 0))
                .map(|(index, (_, year))| Scored {
                    index,
                    score: UnitScore::of(year, rubric),
                    due: due(year, today),
                })
                .collect()
        }

        /// The follow-up items of a unit in the year.
        pub fn actions(&self, unit_id: i64) -> Vec<crate::dashboard::FollowUpAction> {
            self.evidence(unit_id)
                .actions
                .iter()
                .map(|(_, a)| a.clone())
                .collect()
        }

        /// What one unit published and followed up in the year.
        pub fn evidence(&self, unit_id: i64) -> &YearEvidence {
            self.evidence.get(&unit_id).unwrap_or(&self.none)
        }
    }

    /// Splits a region's evidence by unit.
    fn by_unit(evidence: YearEvidence) -> HashMap<i64, YearEvidence> {
        let mut out: HashMap<i64, YearEvidence> = HashMap::new();
        for (u, p) in evidence.publications {
            out.entry(u).or_default().publications.push((u, p));
        }
        for (u, m) in evidence.media {
            out.entry(u).or_default().media.push((u, m));
        }
        for (u, a) in evidence.actions {
            out.entry(u).or_default().actions.push((u, a));
        }
        for (u, c) in evidence.comments {
            out.entry(u).or_default().comments.push((u, c));
        }
        out
    }

    /// Reads `year` for the region `reading` located: every unit's valid answers per month (one
    /// read of the monthly roll-up) and the region's evidence of the year, side by side.
    pub async fn read(
        store: &dyn Store,
        reading: RegionReading,
        year: i32,
    ) -> StoreResult<YearBook> {
        let code = reading.region.code.clone();
        let (answered, evidence) = futures::future::try_join(
            store.answered_months(Units::InRegion(&code), year),
            store.year_evidence(Units::InRegion(&code), year),
        )
        .await?;
        let by_unit_month: HashMap<i64, [MonthAnswers; 12]> = answered.into_iter().collect();
        let evidence = by_unit(evidence);
        let none = YearEvidence::default();
        let empty = [MonthAnswers::default(); 12];
        let units = reading
            .units
            .iter()
            .map(|u| {
                let months = by_unit_month.get(&u.id).unwrap_or(&empty);
                unit_year(u, year, months, evidence.get(&u.id).unwrap_or(&none))
            })
            .collect();
        Ok(YearBook {
            reading,
            year,
            units,
            evidence,
            none,
        })
    }

    /// One unit's year alone (its dashboard and its detail page): its answers per month and its
    /// evidence, read for it alone.
    pub async fn read_unit(
        store: &dyn Store,
        unit: &RegionUnit,
        year: i32,
    ) -> StoreResult<(UnitYear, YearEvidence)> {
        let units = Units::One {
            id: unit.id,
            region_code: &unit.region_code,
        };
        let (answered, evidence) = futures::future::try_join(
            store.answered_months(units, year),
            store.year_evidence(units, year),
        )
        .await?;
        let answers = answered
            .into_iter()
            .find(|(id, _)| *id == unit.id)
            .map(|(_, months)| months)
            .unwrap_or_default();
        let mine = by_unit(evidence).remove(&unit.id).unwrap_or_default();
        Ok((unit_year(unit, year, &answers, &mine), mine))
    }

    /// One unit's year from its answers of each month (January first) and its evidence: every
    /// month, quarter, semester and the year, each the sum of its months.
    fn unit_year(
        unit: &RegionUnit,
        year: i32,
        months: &[MonthAnswers; 12],
        evidence: &YearEvidence,
    ) -> UnitYear {
        let periods = year_periods(year)
            .into_iter()
            .map(|period| {
                let mut sum = MonthAnswers::default();
                for (m, answers) in months.iter().enumerate() {
                    let first = chrono::NaiveDate::from_ymd_opt(year, m as u32 + 1, 1);
                    if first.is_some_and(|d| period.from <= d && d <= period.to) {
                        sum.add(answers);
                    }
                }
                SurveyedPeriod {
                    period,
                    respondents: sum.respondents,
                    all_nine: sum.all_nine(),
                }
            })
            .collect();
        UnitYear {
            year,
            population_per_year: unit.population_per_year,
            periods,
            publications: evidence
                .publications
                .iter()
                .map(|(_, p)| p.clone())
                .collect(),
            media: evidence
                .media
                .iter()
                .map(|(_, m)| Medium {
                    period: m.period.clone(),
                    kind: m.kind,
                    name: m.name.clone(),
                    on: m.on,
                })
                .collect(),
            actions: evidence
                .actions
                .iter()
                .map(|(_, a)| ActionFact {
                    id: a.id,
                    period: a.period.clone(),
                    due: a.due,
                    done_on: a.done_on,
                })
                .collect(),
            comments: evidence
                .comments
                .first()
                .map(|(_, c)| c.clone())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_whole_when_exact_and_rounded_to_a_tenth_otherwise() {
        assert_eq!(percent(4, 5), "80");
        assert_eq!(percent(2, 3), "66,7");
        assert_eq!(percent(1, 3), "33,3");
        assert_eq!(percent(81, 100), "81");
        assert_eq!(percent(1, 8), "12,5");
        assert_eq!(percent(0, 0), "0");
        assert_eq!(half_days(3), "1,5");
        assert_eq!(half_days(4), "2");
    }

    #[test]
    fn years_and_orders_parse_what_links_carry() {
        assert_eq!(requested_year(Some("2025"), 2026), 2025);
        assert_eq!(requested_year(Some("2030"), 2026), 2026);
        assert_eq!(requested_year(Some("x"), 2026), 2026);
        assert_eq!(requested_year(None, 2026), 2026);
        assert_eq!(years(2019), vec![2019, 2018, 2017]);
        for o in [Order::Name, Order::Mean, Order::By(Indicator::Media)] {
            assert_eq!(Order::parse(o.key()), o);
        }
        assert_eq!(Order::parse("nonsense"), Order::Mean);
    }

    #[test]
    fn the_default_rubric_round_trips_through_its_form() {
        let rubric = Rubric::default();
        let fields = rubric_form(&rubric);
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut back = rubric_from_form(get).expect("parses");
        assert!(back.check().is_empty());
        assert_eq!(back, rubric);
        let bad = rubric_from_form(|name: &str| {
            if name == "media.5.value" {
                "lima".into()
            } else {
                get(name)
            }
        });
        assert_eq!(
            bad.expect_err("refused"),
            vec![("media.5.value".to_string(), "number".to_string())]
        );
    }

    #[test]
    fn reasons_say_how_far_from_full_marks() {
        use ikm_domain::rubric::Rubric;
        use ikm_domain::scorecard::{CommentFacts, UnitYear};
        let unit = UnitYear {
            year: 2026,
            population_per_year: Some(1000),
            periods: Vec::new(),
            publications: Vec::new(),
            media: Vec::new(),
            actions: Vec::new(),
            comments: CommentFacts {
                total: 3,
                answered: 2,
                reply_days: vec![1, 2],
            },
        };
        let score = UnitScore::of(&unit, &Rubric::default());
        let cells = cells(&score, Lang::Id);
        assert_eq!(cells[0].reason, texts(Lang::Id).scorecard.why_nothing);
        assert!(
            cells[1].reason.starts_with("0 media dari 5"),
            "{}",
            cells[1].reason
        );
        assert!(cells[4].reason.contains("2 dari 3"), "{}", cells[4].reason);
        assert!(cells[4].reason.contains("66,7 %"), "{}", cells[4].reason);
        assert!(
            cells[4].reason.contains("Median 1,5 hari"),
            "{}",
            cells[4].reason
        );
        let english = super::cells(&score, Lang::En);
        assert_ne!(english[1].reason, cells[1].reason);
    }
}
