//! The figures a unit's pages and reports show, read from the storage and computed by the one IKM
//! engine in `ikm_domain`: the dashboard, the SKM report and the public pages assemble them here.

use crate::dashboard::{ActionCheck, Breakdown, FollowUpAction, Headline, TrendPoint};
use ikm_domain::{Lang, Period, Unsur};

/// Periods drawn in the trend (this one and those before it).
pub const TREND_PERIODS: usize = 6;

/// What the dashboard and the SKM report show of a unit's period: the headline, the trend, the
/// breakdowns and the follow-up plan (this period's actions, and last period's with how their unsur
/// moved since).
pub struct UnitFigures {
    pub headline: Headline,
    pub trend: Vec<TrendPoint>,
    pub breakdowns: Vec<Breakdown>,
    pub actions: Vec<FollowUpAction>,
    pub previous_actions: Vec<ActionCheck>,
}

/// Reads a unit's figures for a period (every number through the IKM engine).
pub async fn unit_figures(
    store: &dyn crate::store::Store,
    unit_id: i64,
    population_per_year: Option<u64>,
    period: Period,
    lang: Lang,
) -> crate::store::StoreResult<UnitFigures> {
    use crate::dashboard::{breakdown, headline, trend_point};
    use crate::store::Counted;
    let previous = period.previous();
    let tally = |p: Period, counted: Counted| store.unit_tally(unit_id, p.from, p.to, counted);
    let valid = tally(period, Counted::Valid).await?;
    let flagged = tally(period, Counted::Flagged).await?;
    let before = tally(previous, Counted::Valid).await?;
    let headline = headline(
        &period,
        &valid,
        &flagged,
        &before,
        population_per_year,
        lang,
    );

    let mut trend = Vec::with_capacity(TREND_PERIODS);
    for p in period.last(TREND_PERIODS) {
        let t = if p == period {
            valid.clone()
        } else if p == previous {
            before.clone()
        } else {
            tally(p, Counted::Valid).await?
        };
        trend.push(trend_point(&p, &t, lang));
    }

    let d = &crate::i18n::texts(lang).dash;
    let breakdowns = store
        .breakdowns(unit_id, period.from, period.to)
        .await?
        .into_iter()
        .map(|(dimension, cells)| {
            let cells = cells
                .into_iter()
                .map(|(key, t)| (cell_label(dimension, &key, d, lang), t))
                .collect();
            breakdown(dimension, cells)
        })
        .collect();

    let actions = store
        .followup_actions(unit_id, &[previous.key(), period.key()])
        .await?;
    let now_result = headline.result.clone();
    let before_result = ikm_domain::IkmResult::of(&before);
    let converted = |r: &Option<ikm_domain::IkmResult>, u: Unsur| {
        r.as_ref()
            .and_then(|r| r.get(u).graded.map(|g| g.converted))
    };
    let previous_key = previous.key();
    let (previous_actions, actions): (Vec<_>, Vec<_>) =
        actions.into_iter().partition(|a| a.period == previous_key);
    let previous_actions = previous_actions
        .into_iter()
        .map(|a| ActionCheck {
            before: converted(&before_result, a.unsur),
            after: converted(&now_result, a.unsur),
            action: a,
        })
        .collect();
    Ok(UnitFigures {
        headline,
        trend,
        breakdowns,
        actions,
        previous_actions,
    })
}

/// The words for a breakdown cell's stored key.
fn cell_label(
    dimension: crate::dashboard::Dimension,
    key: &str,
    d: &crate::i18n::DashTexts,
    lang: Lang,
) -> String {
    use crate::dashboard::Dimension;
    use ikm_domain::profile::Gender;
    use ikm_domain::submission::Channel;
    match dimension {
        Dimension::Service if key.is_empty() => d.not_chosen.to_string(),
        Dimension::Counter if key.is_empty() => d.no_counter.to_string(),
        Dimension::Channel => {
            Channel::parse(key).map_or(key.to_string(), |c| c.label(lang).to_string())
        }
        Dimension::Gender => {
            Gender::parse(key).map_or(d.blank.to_string(), |g| g.label(lang).to_string())
        }
        _ if key.is_empty() => d.blank.to_string(),
        _ => key.to_string(),
    }
}
