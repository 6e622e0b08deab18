//! The figures a unit's pages and reports show, read from the storage and computed by the one IKM
//! engine in `ikm_domain`: the dashboard, the SKM report and the public pages assemble them here.

use crate::comparison::{History, UnitFigures};
use crate::dashboard::{ActionCheck, Breakdown, FollowUpAction, Headline, RegionUnit, TrendPoint};
use crate::model::Region;
use crate::store::{Counted, Store, StoreResult};
use ikm_domain::{Lang, Period, Tally, Unsur};
use std::collections::HashMap;

/// Periods drawn in the trend (this one and those before it).
pub const TREND_PERIODS: usize = 6;

/// What the dashboard and the SKM report show of a unit's period: the headline, the trend, the
/// breakdowns and the follow-up plan (this period's actions, and last period's with how their unsur
/// moved since).
pub struct PeriodFigures {
    pub headline: Headline,
    pub trend: Vec<TrendPoint>,
    pub breakdowns: Vec<Breakdown>,
    pub actions: Vec<FollowUpAction>,
    pub previous_actions: Vec<ActionCheck>,
}

/// Reads a unit's figures for a period (every number through the IKM engine), its sample judged
/// against the people counted as served in it (`served`) when known, else its yearly population.
pub async fn unit_figures(
    store: &dyn crate::store::Store,
    unit_id: i64,
    served: Option<u64>,
    population_per_year: Option<u64>,
    period: Period,
    lang: Lang,
) -> crate::store::StoreResult<PeriodFigures> {
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
        served,
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
    Ok(PeriodFigures {
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

/// A region as its figures are read, once for the region page, the region's report and the open
/// API: the region, the region above it, the regions under it, every unit of it and of the regions
/// under it (inactive ones too: their answers count for the periods they were given in), and each
/// unit's tally for every period asked.
pub struct RegionReading {
    pub region: Region,
    /// The region above (`None` for a province).
    pub parent: Option<Region>,
    /// The regions right under it (a province's kabupaten/kota), by code.
    pub children: Vec<Region>,
    pub units: Vec<RegionUnit>,
    read: TallyReads,
    /// The units' invitations and served counts of the period read by
    /// [`RegionReading::load_invitations`].
    invitations: HashMap<i64, crate::invitation::InvitationCounts>,
}

/// The units' tallies of a region, per `(period, counted)` asked: a list by unit id (a nation's
/// 30 000 units in maps grown as they filled peaked at twice their size).
#[derive(Debug, Default)]
pub struct TallyReads(Vec<((Period, Counted), UnitTallies)>);

/// Each unit's tally (units without answers left out), by unit id.
type UnitTallies = Vec<(i64, Tally)>;

impl TallyReads {
    /// Reads the tallies of the units of `code` for each `(period, counted)`, side by side (each
    /// on its own connection: a province's year takes tens of milliseconds of SQLite time).
    pub async fn of(
        store: &dyn Store,
        code: &str,
        asked: &[(Period, Counted)],
    ) -> StoreResult<TallyReads> {
        let wanted = distinct(asked);
        let read = futures::future::try_join_all(wanted.iter().map(|(p, counted)| async move {
            let mut list = store.unit_tallies(code, p.from, p.to, *counted).await?;
            if !list.is_sorted_by_key(|(id, _)| *id) {
                list.sort_unstable_by_key(|(id, _)| *id);
            }
            Ok::<_, crate::store::StoreError>(((*p, *counted), list))
        }))
        .await?;
        Ok(TallyReads(read))
    }

    /// A unit's tally of a period read (empty when it has none, or the period was not read).
    fn get(&self, unit_id: i64, period: Period, counted: Counted) -> &Tally {
        self.0
            .iter()
            .find(|(asked, _)| *asked == (period, counted))
            .and_then(|(_, list)| {
                let at = list.binary_search_by_key(&unit_id, |(id, _)| *id).ok()?;
                list.get(at).map(|(_, t)| t)
            })
            .unwrap_or(&Tally::EMPTY)
    }
}

/// `asked` without repeats, in the order first asked (a period asked twice is read once).
fn distinct<T: PartialEq + Copy>(asked: &[T]) -> Vec<T> {
    let mut wanted: Vec<T> = Vec::with_capacity(asked.len());
    for a in asked {
        if !wanted.contains(a) {
            wanted.push(*a);
        }
    }
    wanted
}

/// The valid tallies of a region's units summed per place (the region code a unit is placed
/// in), per period asked: the pooled past of a comparison's rows from a few hundred sums
/// instead of a tally per unit and period.
#[derive(Debug, Default)]
pub struct PlaceReads(Vec<(Period, Vec<(String, Tally)>)>);

impl PlaceReads {
    /// Reads the sums of the units of `code` for each period, side by side.
    pub async fn of(store: &dyn Store, code: &str, asked: &[Period]) -> StoreResult<PlaceReads> {
        let wanted = distinct(asked);
        let read = futures::future::try_join_all(wanted.iter().map(|p| async move {
            let list = store
                .placed_tallies(code, p.from, p.to, Counted::Valid)
                .await?;
            Ok::<_, crate::store::StoreError>((*p, list))
        }))
        .await?;
        Ok(PlaceReads(read))
    }

    /// The past of the units placed where `keep` lets through (by region code), pooled: the
    /// period `before` and each of `trend` (each read; an unread one is empty).
    pub fn history(
        &self,
        before: Period,
        trend: &[Period],
        keep: impl Fn(&str) -> bool,
    ) -> History {
        let pooled = |period: Period| {
            let mut sum = Tally::default();
            if let Some((_, places)) = self.0.iter().find(|(p, _)| *p == period) {
                for (_, tally) in places.iter().filter(|(code, _)| keep(code)) {
                    sum.merge(tally);
                }
            }
            sum
        };
        History {
            before: pooled(before),
            trend: trend.iter().map(|p| pooled(*p)).collect(),
        }
    }
}

impl RegionReading {
    /// Finds the region `code`, the region above it, those under it and its units; `None`: no such
    /// region. No tally is read yet ([`RegionReading::load`]).
    pub async fn locate(store: &dyn Store, code: &str) -> StoreResult<Option<RegionReading>> {
        let regions = store.regions().await?;
        let Some(region) = regions.iter().find(|r| r.code == code).cloned() else {
            return Ok(None);
        };
        let parent = region
            .parent_code
            .as_ref()
            .and_then(|p| regions.iter().find(|r| &r.code == p))
            .cloned();
        let children = regions
            .into_iter()
            .filter(|r| r.parent_code.as_deref() == Some(code))
            .collect();
        Ok(Some(RegionReading {
            region,
            parent,
            children,
            units: store.region_units(code).await?,
            read: TallyReads::default(),
            invitations: HashMap::new(),
        }))
    }

    /// The nation (`access::NATION`, `/wilayah`): every province side by side, and every unit.
    /// Its rows are the provinces as a province's are its kabupaten/kota.
    pub async fn nation(store: &dyn Store) -> StoreResult<RegionReading> {
        let children = store
            .regions()
            .await?
            .into_iter()
            .filter(|r| r.level == crate::model::RegionLevel::Province)
            .collect();
        Ok(RegionReading {
            region: Region {
                code: crate::access::NATION.to_string(),
                name: "Indonesia".to_string(),
                level: crate::model::RegionLevel::Province,
                parent_code: None,
            },
            parent: None,
            children,
            units: store.region_units(crate::access::NATION).await?,
            read: TallyReads::default(),
            invitations: HashMap::new(),
        })
    }

    /// Whether this is the nation rather than one region.
    pub fn is_nation(&self) -> bool {
        self.region.code == crate::access::NATION
    }

    /// Reads the units' tallies of each `(period, counted)` ([`TallyReads::of`]).
    pub async fn load(
        mut self,
        store: &dyn Store,
        asked: &[(Period, Counted)],
    ) -> StoreResult<Self> {
        self.read = TallyReads::of(store, &self.region.code, asked).await?;
        Ok(self)
    }

    /// Takes tallies read beside the region ([`TallyReads::of`] of the same code).
    pub fn with_tallies(mut self, read: TallyReads) -> Self {
        self.read = read;
        self
    }

    /// Adds tallies of more periods ([`TallyReads::of`] of the same code).
    pub fn add_tallies(&mut self, more: TallyReads) {
        self.read.0.extend(more.0);
    }

    /// Reads the units' invitations and served counts of `period` (the comparison's response rate,
    /// and the population its samples are judged against).
    pub async fn load_invitations(
        mut self,
        store: &dyn Store,
        period: Period,
    ) -> StoreResult<Self> {
        self.invitations = store
            .invitation_counts_in(&self.region.code, period.from, period.to)
            .await?
            .into_iter()
            .collect();
        Ok(self)
    }

    /// A unit's invitations and served counts as read (none when not read).
    pub fn invitations(&self, unit_id: i64) -> crate::invitation::InvitationCounts {
        self.invitations.get(&unit_id).copied().unwrap_or_default()
    }

    /// A unit's tally of a period read (empty when it has no answers, or the period was not read).
    pub fn tally(&self, unit_id: i64, period: Period, counted: Counted) -> &Tally {
        self.read.get(unit_id, period, counted)
    }

    /// The tallies of the units `keep` lets through, merged.
    pub fn pooled(
        &self,
        period: Period,
        counted: Counted,
        keep: impl Fn(&RegionUnit) -> bool,
    ) -> Tally {
        let mut all = Tally::default();
        for unit in self.units.iter().filter(|u| keep(u)) {
            all.merge(self.tally(unit.id, period, counted));
        }
        all
    }

    /// What a comparison row needs of a unit: its valid tally of `period` (read), its population
    /// and its invitations (when read).
    pub fn unit_figures(&self, unit: &RegionUnit, period: Period) -> UnitFigures<'_> {
        UnitFigures {
            now: self.tally(unit.id, period, Counted::Valid),
            population_per_year: unit.population_per_year,
            invitations: self.invitations(unit.id),
        }
    }

    /// A unit's own past for a unit row: its valid tallies of `before` and of each of `trend`
    /// (each read).
    pub fn unit_history(&self, unit_id: i64, before: Period, trend: &[Period]) -> History {
        History {
            before: self.tally(unit_id, before, Counted::Valid).clone(),
            trend: trend
                .iter()
                .map(|p| self.tally(unit_id, *p, Counted::Valid).clone())
                .collect(),
        }
    }

    /// For each region right under this one (in `children`'s order), the positions in `units` of
    /// its units, placed in it or under it (a province's units are those of its kabupaten/kota
    /// too): one pass over the units (a nation's 30 000 filtered once per province were a
    /// million comparisons, twice a page).
    pub fn units_by_child(&self) -> Vec<Vec<usize>> {
        let child: HashMap<&str, usize> = self
            .children
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let mut by_child = vec![Vec::new(); self.children.len()];
        for (at, unit) in self.units.iter().enumerate() {
            // The code itself and each code above it (`18.71.01` → `18.71`, `18`): the first
            // that is a child's (codes nest by their dots, `access::lies_in`).
            let code = unit.region_code.as_str();
            let found = std::iter::once(code)
                .chain(code.match_indices('.').rev().map(|(i, _)| &code[..i]))
                .find_map(|c| child.get(c));
            if let Some(i) = found {
                by_child[*i].push(at);
            }
        }
        by_child
    }

    /// The units placed in this region itself (every unit of a kabupaten/kota; a province's own).
    pub fn own_units(&self) -> impl Iterator<Item = &RegionUnit> {
        self.units
            .iter()
            .filter(|u| u.region_code == self.region.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegionLevel;

    fn region(code: &str, level: RegionLevel) -> Region {
        Region {
            code: code.to_string(),
            name: code.to_string(),
            level,
            parent_code: code.rsplit_once('.').map(|(p, _)| p.to_string()),
        }
    }

    fn unit(id: i64, region_code: &str) -> RegionUnit {
        RegionUnit {
            id,
            code: format!("U{id}"),
            name: format!("U{id}"),
            region_code: region_code.to_string(),
            population_per_year: None,
            active: true,
        }
    }

    #[test]
    fn each_unit_goes_to_the_child_it_lies_in_once() {
        let reading = RegionReading {
            region: region("18", RegionLevel::Province),
            parent: None,
            children: vec![
                region("18.71", RegionLevel::City),
                region("18.72", RegionLevel::City),
            ],
            units: vec![
                unit(1, "18.71"),
                unit(2, "18"),
                unit(3, "18.72"),
                unit(4, "18.71.01"),
                unit(5, "18.7"),
                unit(6, "181.71"),
            ],
            read: TallyReads::default(),
            invitations: HashMap::new(),
        };
        assert_eq!(reading.units_by_child(), vec![vec![0, 3], vec![2]]);
        // The same as filtering the units for each child.
        for (child, at) in reading.children.iter().zip(reading.units_by_child()) {
            let filtered: Vec<i64> = reading
                .units
                .iter()
                .filter(|u| crate::access::lies_in(&u.region_code, &child.code))
                .map(|u| u.id)
                .collect();
            let grouped: Vec<i64> = at.iter().map(|&i| reading.units[i].id).collect();
            assert_eq!(grouped, filtered);
        }
    }
}
