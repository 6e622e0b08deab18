//! The live screen for a waiting room (`/tv/{code}`, "Mode TV"): what it shows of a unit or of a
//! Mal Pelayanan Publik, as one value the page renders and the server pushes again (server-sent
//! events, `server/src/web/tv.rs`) whenever it changes.
//!
//! It shows no personal data and nothing unpublished: today's number of respondents, the IKM and
//! the nine unsur of the latest **published** period (a unit) — or of the current period when the
//! unit's head (the MPP's manager) chose to show it — the latest public replies to feedback, and
//! the survey's QR code.

use crate::dashboard::PublicReply;
use serde::{Deserialize, Serialize};

/// Public replies a screen shows.
pub const REPLIES: usize = 3;

#[cfg(feature = "ssr")]
pub use crate::store::screens::TvPlace;

/// One unsur's bar: its short name, converted NRR as shown (`88,31`) and the bar's length in
/// percent of the 25–100 scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub name: String,
    pub value: String,
    pub percent: u32,
}

/// Everything a screen shows but its QR code (which never changes): the value pushed on change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screen {
    pub name: String,
    /// The region, or the MPP and its region.
    pub place: String,
    pub today: u64,
    /// The period the IKM is of ("Triwulan III 2026"), when one is shown.
    pub period: Option<String>,
    /// The converted IKM as shown (`88,31`) and its grade letter.
    pub ikm: Option<(String, String)>,
    pub bars: Vec<Bar>,
    pub replies: Vec<PublicReply>,
    /// The survey's path (`/s/{unit}`, `/m/{mpp}`): what the QR code holds, after the address.
    pub survey: String,
}

/// The bar of a converted score (25–100) in percent of its scale, 0–100.
pub fn bar_percent(converted_hundredths: i64) -> u32 {
    let clamped = converted_hundredths.clamp(2_500, 10_000);
    u32::try_from((clamped - 2_500) * 100 / 7_500).unwrap_or(0)
}

#[cfg(feature = "ssr")]
pub mod server {
    //! The screen's value read from the store (the page's first render and the server's shared
    //! refresher use the same function).

    use super::{bar_percent, Bar, Screen, TvPlace, REPLIES};
    use crate::i18n::texts;
    use crate::periods::latest_published;
    use crate::store::{Counted, Store, StoreResult};
    use crate::time::jakarta_today;
    use ikm_domain::{IkmResult, Lang, Period, PeriodKind, Tally, Unsur};

    fn figures(tally: &Tally, lang: Lang) -> (Option<(String, String)>, Vec<Bar>) {
        let Some(result) = IkmResult::of(tally) else {
            return (None, Vec::new());
        };
        let bars = Unsur::ALL
            .iter()
            .filter_map(|u| {
                let graded = result.get(*u).graded?;
                Some(Bar {
                    name: u.short_name(lang).to_string(),
                    value: graded.converted.to_id_string(),
                    percent: bar_percent(graded.converted.0),
                })
            })
            .collect();
        (
            Some((
                result.converted.to_id_string(),
                result.mutu.letter().to_string(),
            )),
            bars,
        )
    }

    /// The screen of the unit or MPP `code` (a unit's code first), `None` when neither is there.
    pub async fn screen(
        store: &dyn Store,
        code: &str,
        lang: Lang,
    ) -> StoreResult<Option<(TvPlace, Screen)>> {
        let today = jakarta_today();
        let m = &texts(lang).mpp;
        if let Some(unit) = store.unit(code).await?.filter(|u| u.active) {
            let place = TvPlace::Unit(unit.unit.code.clone());
            let today_tally = store
                .unit_tally(unit.id, today, today, Counted::Valid)
                .await?;
            let period = if store.tv_shows_current(&place).await? {
                Some(Period::containing(PeriodKind::Quarter, today))
            } else {
                latest_published(&store.published_periods(unit.id).await?)
            };
            let (ikm, bars, period) = match period {
                Some(period) => {
                    let tally = store
                        .unit_tally(unit.id, period.from, period.to, Counted::Valid)
                        .await?;
                    let (ikm, bars) = figures(&tally, lang);
                    (ikm, bars, Some(period.label(lang)))
                }
                None => (None, Vec::new(), None),
            };
            let replies = store.public_replies(unit.id, REPLIES as u32).await?;
            return Ok(Some((
                place,
                Screen {
                    name: unit.unit.name.clone(),
                    place: unit.region_name.clone(),
                    today: today_tally.respondents(),
                    period: ikm.as_ref().and(period),
                    ikm,
                    bars,
                    replies,
                    survey: format!("/s/{}", unit.unit.code),
                },
            )));
        }
        let Some(detail) = store.mpp(code).await? else {
            return Ok(None);
        };
        let place = TvPlace::Mpp(detail.mpp.code.clone());
        let (ikm, bars, period) = if store.tv_shows_current(&place).await? {
            let period = Period::containing(PeriodKind::Quarter, today);
            let tallies = store
                .mpp_tallies(detail.mpp.id, period.from, period.to, Counted::Valid)
                .await?;
            let (ikm, bars) = figures(&crate::mpp::MppFigures::of(&tallies).pooled, lang);
            (ikm, bars, Some(period.label(lang)))
        } else {
            // The MPP's public figure: its latest period some booth published, over those booths.
            let mut published: std::collections::HashMap<i64, Vec<String>> = Default::default();
            for tenant in &detail.tenants {
                let keys = store.published_periods(tenant.unit_id).await?;
                published.insert(tenant.unit_id, keys);
            }
            match crate::mpp::published_periods(&detail, &published).first() {
                Some(period) => {
                    let reading =
                        crate::mpp::published_reading(store, &detail, &published, *period).await?;
                    let (ikm, bars) = figures(&reading.figures.pooled, lang);
                    (ikm, bars, Some(period.label(lang)))
                }
                None => (None, Vec::new(), None),
            }
        };
        let mut replies = Vec::new();
        for tenant in detail.serving() {
            replies.extend(store.public_replies(tenant.unit_id, REPLIES as u32).await?);
        }
        replies.sort_by(|a, b| b.replied_at.cmp(&a.replied_at));
        replies.truncate(REPLIES);
        Ok(Some((
            place,
            Screen {
                name: detail.mpp.fields.name.clone(),
                place: format!("{} · {}", m.admin_title, detail.mpp.region_name),
                today: store.mpp_answers_on(detail.mpp.id, today).await?,
                period: ikm.as_ref().and(period),
                ikm,
                bars,
                replies,
                survey: format!("/m/{}", detail.mpp.code),
            },
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_span_the_converted_scale() {
        assert_eq!(bar_percent(2_500), 0);
        assert_eq!(bar_percent(10_000), 100);
        assert_eq!(bar_percent(8_831), 84);
        assert_eq!(bar_percent(1_000), 0);
        assert_eq!(bar_percent(20_000), 100);
    }
}
