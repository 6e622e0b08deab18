//! `/wilayah/{code}` — the province (or a kabupaten/kota) compared side by side for a period: one row
//! per kabupaten/kota (per unit inside a kabupaten/kota) with respondents, pooled IKM, mean of units,
//! grade, 95% interval, units with enough respondents and the change; a ranking chart with the
//! intervals drawn, so overlapping rows visibly tie; units by grade; the weakest unsur; a tile
//! picture of the province; trend small multiples. Rows short of respondents are listed apart, never
//! ranked. Figures come from the units' tallies (`Dashboards::unit_tallies`) through the engine.

use crate::access::{region_href, Viewer};
use crate::charts::{grade_colour, Interval, IntervalChart, LineChart};
use crate::comparison::{Row, Sort};
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::format::signed;
use crate::i18n::{t, use_lang};
use crate::periods::period_query;
use crate::time::jakarta_time;
use ikm_domain::decimal::group_thousands;
use ikm_domain::themes::summary::ThemeSummary;
use ikm_domain::{Hundredths, Mutu, Period, Unsur};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// A kabupaten/kota in the tile picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tile {
    pub code: String,
    pub name: String,
    pub row: u8,
    pub col: u8,
    pub figures: Option<(Hundredths, Mutu)>,
    pub rankable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionView {
    pub viewer: Viewer,
    pub code: String,
    pub name: String,
    /// The region above, when the viewer may open it.
    pub parent: Option<(String, String)>,
    /// Rows are units (a kabupaten/kota) rather than child regions (a province, the nation).
    pub unit_rows: bool,
    pub period: Period,
    pub period_label: String,
    pub choices: Vec<(String, Vec<(String, String)>)>,
    pub sort: Sort,
    pub total: Row,
    pub rows: Vec<Row>,
    /// Units by grade (A, B, C, D) and units without answers.
    pub grades: ([u64; 4], u64),
    pub weakest: Option<(Unsur, Hundredths)>,
    pub trend_labels: Vec<String>,
    pub tiles: Vec<Tile>,
    /// The Mal Pelayanan Publik of the region, side by side, over the same period.
    pub mpps: Vec<MppRow>,
    /// What the region's comments were about, in all and per row (units or kabupaten/kota with
    /// comments, most comments first): code, name, link, themes.
    pub themes: ThemeSummary,
    pub row_themes: Vec<(String, String, String, ThemeSummary)>,
    /// The levy reports of the region's units, open ones first (issue #33).
    pub levy: Vec<crate::dashboard::UnitAlert>,
}

impl RegionView {
    /// This is the nation (`/wilayah`, the empty code): its rows are the provinces.
    pub fn is_nation(&self) -> bool {
        self.code == crate::access::NATION
    }

    /// What a row is: a unit, a province (the nation's rows) or a kabupaten/kota.
    fn row_word(&self, r: &crate::i18n::RegionTexts) -> &'static str {
        if self.unit_rows {
            r.col_unit
        } else if self.is_nation() {
            r.col_province
        } else {
            r.col_region
        }
    }
}

/// One MPP of the region: its answers given in the hall over the period, pooled and as the mean
/// of its tenants (`docs/MPP.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MppRow {
    pub code: String,
    pub name: String,
    pub region_name: String,
    pub tenants: u64,
    pub respondents: u64,
    pub pooled: Option<(Hundredths, Mutu)>,
    pub mean: Option<(Hundredths, Mutu)>,
}

/// The comments' themes of a region page's units as read: per unit (a kabupaten/kota, whose rows
/// are units) or summed per place (the nation and a province, whose rows are regions).
#[cfg(feature = "ssr")]
enum ThemesRead {
    ByUnit(std::collections::HashMap<i64, ThemeSummary>),
    Placed(Vec<(String, ThemeSummary)>),
}

#[cfg(feature = "ssr")]
impl ThemesRead {
    /// Every unit's, summed.
    fn total(&self) -> ThemeSummary {
        let mut sum = ThemeSummary::default();
        match self {
            ThemesRead::ByUnit(read) => read.values().for_each(|t| sum.merge(t)),
            ThemesRead::Placed(read) => read.iter().for_each(|(_, t)| sum.merge(t)),
        }
        sum
    }

    /// One unit's (none when read per place).
    fn of_unit(&self, unit_id: i64) -> ThemeSummary {
        match self {
            ThemesRead::ByUnit(read) => read.get(&unit_id).cloned().unwrap_or_default(),
            ThemesRead::Placed(_) => ThemeSummary::default(),
        }
    }

    /// Those of the units placed in the region `code` or under it, summed (none when read per
    /// unit).
    fn within(&self, code: &str) -> ThemeSummary {
        let mut sum = ThemeSummary::default();
        if let ThemesRead::Placed(read) = self {
            for (_, themes) in read
                .iter()
                .filter(|(place, _)| crate::access::lies_in(place, code))
            {
                sum.merge(themes);
            }
        }
        sum
    }
}

#[server(endpoint = "wilayah")]
pub async fn load_region(
    code: String,
    periode: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
    urut: Option<String>,
) -> Result<Option<RegionView>, LoadError> {
    use crate::access::{lies_in, NATION};
    use crate::comparison::{grade_counts, order, row, tile, weakest, UnitFigures};
    use crate::figures::{PlaceReads, RegionReading, TallyReads, TREND_PERIODS};
    use crate::guard::require;
    use crate::periods::{period_choices, requested_period};
    use crate::store::Counted;
    use crate::time::jakarta_today;
    use ikm_domain::Tally;

    let store = crate::store::use_store()?;
    let store = store.as_ref();
    let failed = crate::store::unavailable("loading a region comparison");
    require(|_| true)?;
    // Nothing is read for whoever may not open it (the nation holds every unit).
    let viewer = require(|v| v.can_view_region(&code))?;
    let lang = crate::i18n::request_lang();
    let r_texts = &crate::i18n::texts(lang).region;
    let today = jakarta_today();
    let (period, _) = requested_period(&periode, &dari, &sampai);
    let trend_periods = period.last(TREND_PERIODS);
    // Of the past (the period before, the trend) a region or province row shows only pooled
    // figures: summed per place, not per unit.
    let past: Vec<Period> = std::iter::once(period.previous())
        .chain(trend_periods.iter().copied().filter(|p| *p != period))
        .collect();
    // The region and its units, their tallies, the past per place and the comments' themes read
    // side by side (each on its own connection): they need only the code.
    let located = async {
        if code == NATION {
            RegionReading::nation(store).await.map(Some)
        } else {
            RegionReading::locate(store, &code).await
        }
    };
    // A kabupaten/kota's rows are its units; the nation's and a province's are regions (a
    // province's code has no dot: the tree's import checks code and level agree), whose
    // comments' themes are read summed per place, not per unit.
    let unit_rows = code.contains('.');
    let themes_read = async {
        if unit_rows {
            let by_unit = store.region_theme_summaries(&code, period.from, period.to);
            let by_unit = by_unit.await?;
            Ok(ThemesRead::ByUnit(by_unit.into_iter().collect()))
        } else {
            let placed = store.placed_theme_summaries(&code, period.from, period.to);
            placed.await.map(ThemesRead::Placed)
        }
    };
    let (located, tallies, past_sums, themes_read) = futures::future::try_join4(
        located,
        TallyReads::of(store, &code, &[(period, Counted::Valid)]),
        PlaceReads::of(store, &code, &past),
        themes_read,
    )
    .await
    .map_err(failed)?;
    let Some(place) = located else {
        crate::guard::set_status(http::StatusCode::NOT_FOUND);
        return Ok(None);
    };
    let mut reading = place
        .with_tallies(tallies)
        .load_invitations(store, period)
        .await
        .map_err(failed)?;
    if unit_rows {
        // A unit row shows the unit's own past: read per unit (a kabupaten/kota's few dozen).
        let asked: Vec<(Period, Counted)> = past.iter().map(|p| (*p, Counted::Valid)).collect();
        reading.add_tallies(TallyReads::of(store, &code, &asked).await.map_err(failed)?);
    }
    let figures = |u| reading.unit_figures(u, period);
    let all: Vec<UnitFigures> = reading.units.iter().map(figures).collect();
    let query = period_query(&period);
    let region = &reading.region;
    // The past of the units placed where `keep` lets through; `now` their tallies of the period.
    let history_of = |keep: &dyn Fn(&str) -> bool, now: &mut dyn Iterator<Item = &Tally>| {
        past_sums
            .history(period.previous(), &trend_periods, keep)
            .with_now(&trend_periods, period, now)
    };
    let total = row(
        &region.code,
        &region.name,
        String::new(),
        &all,
        &period,
        &history_of(&|_| true, &mut all.iter().map(|u| u.now)),
    );
    let by_child = if unit_rows {
        Vec::new()
    } else {
        reading.units_by_child()
    };
    let mut rows: Vec<Row> = if unit_rows {
        reading
            .units
            .iter()
            .zip(&all)
            .map(|(u, f)| {
                let link = format!("/dasbor/{}?{query}", u.code);
                let history = reading.unit_history(u.id, period.previous(), &trend_periods);
                row(&u.code, &u.name, link, &[f], &period, &history)
            })
            .collect()
    } else {
        reading
            .children
            .iter()
            .zip(&by_child)
            .map(|(child, inside)| {
                // The figures made once for all units, borrowed for their child region.
                let inside: Vec<&UnitFigures> = inside.iter().map(|&i| &all[i]).collect();
                let link = format!("{}?{query}", region_href(&child.code));
                let history = history_of(
                    &|placed| lies_in(placed, &child.code),
                    &mut inside.iter().map(|u| u.now),
                );
                row(&child.code, &child.name, link, &inside, &period, &history)
            })
            .collect()
    };
    let sort = Sort::parse(urut.as_deref().unwrap_or_default());
    let tiles = if unit_rows {
        Vec::new()
    } else {
        let mut by_code: Vec<&Row> = rows.iter().collect();
        by_code.sort_by(|a, b| a.code.cmp(&b.code));
        by_code
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (row, col) = tile(&r.code, i);
                Tile {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    row,
                    col,
                    figures: r.pooled.as_ref().map(|p| (p.converted, p.mutu)),
                    rankable: r.rankable(),
                }
            })
            .collect()
    };
    order(&mut rows, sort);
    let parent = match &reading.parent {
        Some(p) => Some((p.code.clone(), p.name.clone())),
        // A province's page leads up to the nation for those who may open it.
        None if !reading.is_nation() => Some((NATION.to_string(), r_texts.nation.to_string())),
        None => None,
    }
    .filter(|(code, _)| viewer.can_view_region(code));
    let mut mpps = Vec::new();
    for mpp in store.mpps().await.map_err(failed)? {
        if !lies_in(&mpp.fields.region_code, &region.code) {
            continue;
        }
        let tallies = store
            .mpp_tallies(mpp.id, period.from, period.to, Counted::Valid)
            .await
            .map_err(failed)?;
        let figures = crate::mpp::MppFigures::of(&tallies);
        mpps.push(MppRow {
            respondents: figures.pooled.respondents(),
            pooled: figures.ikm.pooled.as_ref().map(|p| (p.converted, p.mutu)),
            mean: figures.ikm.mean_of_units.map(|m| (m.converted, m.mutu)),
            code: mpp.code,
            name: mpp.fields.name,
            region_name: mpp.region_name,
            tenants: mpp.tenants,
        });
    }
    let themes = themes_read.total();
    let mut row_themes: Vec<(String, String, String, ThemeSummary)> = if unit_rows {
        reading
            .units
            .iter()
            .map(|u| {
                let link = format!("/dasbor/{}/masukan?{query}", u.code);
                (
                    u.code.clone(),
                    u.name.clone(),
                    link,
                    themes_read.of_unit(u.id),
                )
            })
            .collect()
    } else {
        reading
            .children
            .iter()
            .map(|child| {
                let link = format!("{}?{query}", region_href(&child.code));
                let sum = themes_read.within(&child.code);
                (child.code.clone(), child.name.clone(), link, sum)
            })
            .collect()
    };
    row_themes.retain(|(.., t)| t.comments > 0);
    row_themes.sort_by(|a, b| b.3.comments.cmp(&a.3.comments).then(a.1.cmp(&b.1)));
    // Best pooled IKM first; those without answers last.
    mpps.sort_by(|a, b| {
        b.pooled
            .map(|p| p.0)
            .cmp(&a.pooled.map(|p| p.0))
            .then(a.name.cmp(&b.name))
    });
    Ok(Some(RegionView {
        grades: grade_counts(all.iter().map(|u| u.now)),
        weakest: total.pooled.as_ref().and_then(weakest),
        trend_labels: trend_periods.iter().map(|p| p.short_label(lang)).collect(),
        viewer,
        code: region.code.clone(),
        name: region.name.clone(),
        parent,
        unit_rows,
        period_label: period.label(lang),
        period,
        choices: period_choices(today, lang)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        sort,
        total,
        rows,
        tiles,
        mpps,
        themes,
        row_themes,
        levy: store
            .region_levy_alerts(&region.code, 50)
            .await
            .map_err(failed)?,
    }))
}

#[component]
pub fn RegionPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                q.get("periode"),
                q.get("dari"),
                q.get("sampai"),
                q.get("urut"),
            )
        },
        |(code, periode, dari, sampai, urut)| load_region(code, periode, dari, sampai, urut),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |view: RegionView| view! { <Region view /> })
            })}
        </Suspense>
    }
}

fn figure(h: Option<Hundredths>) -> String {
    h.map(|h| h.to_id_string()).unwrap_or_else(|| "—".into())
}

#[component]
fn Region(view: RegionView) -> impl IntoView {
    let text = t();
    let r = &text.region;
    let lang = use_lang();
    let base = region_href(&view.code);
    let query = period_query(&view.period);
    let title = format!("{} · {}", r.title, view.name);
    let total = view.total.clone();
    let ranked: Vec<Row> = view
        .rows
        .iter()
        .filter(|row| row.rankable())
        .cloned()
        .collect();
    let unranked: Vec<Row> = view
        .rows
        .iter()
        .filter(|row| !row.rankable())
        .cloned()
        .collect();
    let intervals: Vec<Interval> = ranked
        .iter()
        .chain(unranked.iter())
        .filter_map(|row| {
            let p = row.pooled.as_ref()?;
            Some(Interval {
                label: row.name.clone(),
                value: p.converted,
                mutu: p.mutu,
                low: row.interval.map(|i| i.low),
                high: row.interval.map(|i| i.high),
                muted: !row.rankable(),
            })
        })
        .collect();
    let (link_base, link_query) = (base.clone(), query.clone());
    let sort_link = move |sort: Sort| format!("{link_base}?{link_query}&urut={}", sort.key());
    let name_link = sort_link(Sort::Name);
    let header = move |sort: Sort, label: &'static str, current: Sort| {
        view! {
            <th scope="col" class="num" aria-sort=(sort == current).then_some("descending")>
                <a href=sort_link(sort)>{label}</a>
            </th>
        }
    };
    let current = view.sort;
    let unit_word = view.row_word(r);
    view! {
        <AdminFrame viewer=view.viewer.clone() title=title>
            <p class="lead">
                {view.parent.clone().map(|(code, name)| view! {
                    <a href=format!("{}?{query}", region_href(&code))>{name}</a> " › "
                })}
                <strong>{view.period_label.clone()}</strong>
            </p>
            {(!view.is_nation()).then(|| view! {
                <p data-testid="region-report">
                    {text.public.report} " "
                    <a href=format!("{base}/laporan?{query}")>{text.public.report_print}</a> " · "
                    <a href=format!("{base}/laporan.pdf?{query}") download>{text.public.report_pdf}</a> " · "
                    <a href=format!("{base}/rapor?tahun={}", view.period.to.format("%Y")) data-testid="scorecard-link">{text.scorecard.nav}</a>
                </p>
            })}
            <section class="headline" data-testid="region-headline">
                <h2>{r.region_ikm}</h2>
                {match total.pooled.clone() {
                    Some(p) => view! {
                        <p class="ikm-value">
                            <span class="ikm-number" data-testid="pooled">{p.converted.to_id_string()}</span>
                            <span class=format!("grade grade-{}", p.mutu.letter())>{p.mutu.letter()}</span>
                            <span class="ikm-label">{p.mutu.label(lang)}</span>
                        </p>
                        <p>
                            {r.pooled_note} " · " {r.mean_of_units} ": "
                            <strong data-testid="mean-of-units">{total.mean_of_units.map(|m| m.0.to_id_string()).unwrap_or("—".into())}</strong>
                            {total.mean_of_units.map(|m| format!(" ({} {})", m.2, r.units))}
                        </p>
                        <p>
                            {group_thousands(total.respondents, Some('.'))} " " {text.dash.respondents}
                            {total.interval.map(|i| format!(" · {}: {}–{}", text.dash.interval, i.low.to_id_string(), i.high.to_id_string()))}
                        </p>
                    }.into_any(),
                    None => view! { <p class="muted">{text.dash.no_responses}</p> }.into_any(),
                }}
                {view.weakest.map(|(u, v)| view! {
                    <p class="weakest" data-testid="region-weakest">
                        <strong>{r.weakest}</strong> ": " {u.name(lang)} " (" {v.to_id_string()} ")"
                    </p>
                })}
                <p data-testid="grade-distribution">
                    {r.units_by_grade} ": "
                    {["A", "B", "C", "D"].iter().zip(view.grades.0).map(|(letter, n)| view! {
                        <span class=format!("grade-chip grade-{letter}")>{format!("{letter} {n}")}</span> " "
                    }).collect_view()}
                    {(view.grades.1 > 0).then(|| format!("· {} {}", view.grades.1, r.no_answers))}
                </p>
            </section>
            <form method="get" action=base.clone() class="period-choice">
                <div class="field">
                    <label for="periode">{text.dash.period_label}</label>
                    <select id="periode" name="periode">
                        {view.choices.iter().map(|(group, options)| view! {
                            <optgroup label=group.clone()>
                                {options.iter().map(|(key, label)| view! {
                                    <option value=key.clone() selected=*key == view.period.key()>{label.clone()}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                </div>
                <input type="hidden" name="urut" value=view.sort.key() />
                <button type="submit">{text.dash.show}</button>
            </form>
            {(!view.tiles.is_empty()).then(|| view! { <TileMap tiles=view.tiles.clone() query=query.clone() nation=view.is_nation() /> })}
            <section aria-labelledby="ranking-heading">
                <h2 id="ranking-heading">{r.ranking}</h2>
                <p class="muted">{r.ranking_note}</p>
                <IntervalChart id="ranking".to_string() title=r.ranking.to_string() description=r.ranking_alt rows=intervals />
                <div class="table-scroll" role="region" tabindex="0" aria-label=crate::i18n::t().table_scroll>
                    <table class="figures" data-testid="ranking-table">
                        <thead>
                            <tr>
                                <th scope="col">"#"</th>
                                <th scope="col"><a href=name_link>{unit_word}</a></th>
                                {header(Sort::Respondents, r.col_respondents, current)}
                                {header(Sort::Ikm, r.col_pooled, current)}
                                <th scope="col">{text.dash.col_grade}</th>
                                {header(Sort::MeanOfUnits, r.col_mean, current)}
                                <th scope="col" class="num">{r.col_interval}</th>
                                <th scope="col" class="num">{r.col_adequate}</th>
                                {header(Sort::Change, r.col_change, current)}
                                <th scope="col" class="num">{text.invitation.response_rate}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {ranked.iter().enumerate().map(|(i, row)| view! { <RankRow row=row.clone() rank=Some(i + 1) /> }).collect_view()}
                            {(!unranked.is_empty()).then(|| view! {
                                <tr class="group"><th colspan="10" scope="rowgroup">{r.unranked}</th></tr>
                            })}
                            {unranked.iter().map(|row| view! { <RankRow row=row.clone() rank=None /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <LevyReports alerts=view.levy.clone() query=query.clone() />
            <RegionThemes themes=view.themes.clone() rows=view.row_themes.clone() unit_rows=view.unit_rows row_word=unit_word />
            {(!view.mpps.is_empty()).then(|| view! { <MppTable rows=view.mpps.clone() query=query.clone() /> })}
            <section aria-labelledby="region-trend-heading">
                <h2 id="region-trend-heading">{text.dash.trend_heading}</h2>
                <div class="small-multiples">
                    {view.rows.iter().map(|row| view! {
                        <LineChart
                            id=format!("trend-{}", row.code.replace('.', "-"))
                            title=row.name.clone()
                            description=text.dash.chart_alt_trend
                            points=view.trend_labels.iter().cloned().zip(row.trend.iter().copied()).collect()
                            compact=true
                        />
                    }).collect_view()}
                </div>
            </section>
        </AdminFrame>
    }
}

/// The levy reports of the region's units: where each stands, linked to the unit's dashboard,
/// where it is acknowledged, forwarded and closed.
#[component]
fn LevyReports(alerts: Vec<crate::dashboard::UnitAlert>, query: String) -> impl IntoView {
    let text = t();
    let (d, r) = (&text.dash, &text.region);
    let lang = use_lang();
    view! {
        <section aria-labelledby="levy-heading" data-testid="region-levy">
            <h2 id="levy-heading">{d.levy_region_heading}</h2>
            {if alerts.is_empty() {
                view! { <p class="muted">{d.levy_region_none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                        <table class="figures" data-testid="region-levy-table">
                            <thead>
                                <tr>
                                    <th scope="col">{r.col_unit}</th>
                                    <th scope="col">{d.col_raised}</th>
                                    <th scope="col">{d.col_report}</th>
                                    <th scope="col">{d.filter_status}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {alerts.iter().map(|u| {
                                    let a = &u.alert;
                                    let stage = a.stage();
                                    let reference = a.forwarded.as_ref().map(|f| {
                                        format!(" · {} {}", f.to.label(lang), f.reference)
                                    });
                                    view! {
                                        <tr data-stage=stage.key()>
                                            <th scope="row"><a href=format!("/dasbor/{}?{query}", u.unit_code)>{u.unit_name.clone()}</a></th>
                                            <td>{jakarta_time(&a.raised_at)}</td>
                                            <td>{a.detail.clone()}</td>
                                            <td><span class=format!("tag stage-{}", stage.key())>{stage.label(lang)}</span>{reference}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The region's comment themes: its top themes in all, then each row's three most raised, linked
/// to the unit's comments of that theme (a kabupaten/kota: to its own page).
#[component]
fn RegionThemes(
    themes: ThemeSummary,
    rows: Vec<(String, String, String, ThemeSummary)>,
    unit_rows: bool,
    row_word: &'static str,
) -> impl IntoView {
    let text = t();
    let (d, r) = (&text.dash, &text.region);
    let lang = use_lang();
    let words = move |summary: &ThemeSummary| {
        summary
            .top(3)
            .iter()
            .map(|c| {
                let share = c
                    .share(summary.comments)
                    .map(|s| format!(" ({} %)", s.to_id_string()))
                    .unwrap_or_default();
                (
                    c.theme,
                    format!("{} {}{share}", c.theme.name(lang), c.comments),
                )
            })
            .collect::<Vec<_>>()
    };
    let read = r
        .themes_read
        .replace("{n}", &group_thousands(themes.comments, Some('.')));
    let overall = words(&themes);
    view! {
        <section aria-labelledby="region-themes-heading" data-testid="region-themes">
            <h2 id="region-themes-heading">{d.themes_heading}</h2>
            {if themes.comments == 0 {
                view! { <p class="muted">{d.themes_none}</p> }.into_any()
            } else {
                view! {
                    <p>
                        {read} ". " <strong>{r.col_top_themes}</strong> ": "
                        {overall.into_iter().map(|(_, w)| w).collect::<Vec<_>>().join(" · ")}
                    </p>
                    <p class="muted">{r.themes_note}</p>
                    <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                        <table class="figures" data-testid="region-themes-table">
                            <thead>
                                <tr>
                                    <th scope="col">{row_word}</th>
                                    <th scope="col" class="num">{d.col_comments}</th>
                                    <th scope="col">{r.col_top_themes}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.iter().map(|(code, name, link, summary)| {
                                    let link = link.clone();
                                    view! {
                                        <tr data-code=code.clone()>
                                            <th scope="row"><a href=link.clone()>{name.clone()}</a></th>
                                            <td class="num">{group_thousands(summary.comments, Some('.'))}</td>
                                            <td>
                                                {words(summary).into_iter().enumerate().map(|(i, (theme, w))| {
                                                    let sep = if i > 0 { " · " } else { "" };
                                                    let href = if unit_rows {
                                                        format!("{link}&tema={}", theme.key())
                                                    } else {
                                                        link.clone()
                                                    };
                                                    view! { {sep} <a href=href>{w}</a> }
                                                }).collect_view()}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RankRow(row: Row, rank: Option<usize>) -> impl IntoView {
    let text = t();
    let r = &text.region;
    let reason = if row.pooled.is_none() {
        text.dash.no_responses
    } else if row.adequacy.is_none() {
        r.population_unknown
    } else {
        text.dash.not_representative
    };
    view! {
        <tr class:unranked=rank.is_none() data-code=row.code.clone()>
            <td>{rank.map(|n| n.to_string()).unwrap_or_else(|| "–".into())}</td>
            <th scope="row">
                <a href=row.link.clone()>{row.name.clone()}</a>
                {rank.is_none().then(|| view! { <br /> <span class="muted small">{reason}</span> })}
            </th>
            <td class="num">{group_thousands(row.respondents, Some('.'))}</td>
            <td class="num">{figure(row.converted())}</td>
            <td>{row.pooled.as_ref().map(|p| p.mutu.letter()).unwrap_or("—")}</td>
            <td class="num">{figure(row.mean_of_units.map(|m| m.0))}</td>
            <td class="num">{row.interval.map(|i| format!("{}–{}", i.low.to_id_string(), i.high.to_id_string())).unwrap_or("—".into())}</td>
            <td class="num">{format!("{}/{}", row.units_adequate, row.units_with_answers)}</td>
            <td class="num">{row.change.map(signed).unwrap_or("—".into())}</td>
            <td class="num" data-testid="rate-cell">
                {row.invitations.response_rate().map_or("—".to_string(), |p| format!("{}%", p.to_id_string()))}
                {(row.invitations.issued > 0).then(|| view! {
                    <br /><span class="muted small">{format!("{}/{}", row.invitations.answered, row.invitations.issued)}</span>
                })}
                {row.respondents_per_served().map(|p| view! {
                    <br /><span class="muted small">{format!("{} {}%", text.invitation.per_served, p.to_id_string())}</span>
                })}
            </td>
        </tr>
    }
}

/// The province as tiles, one per kabupaten/kota (the nation: one per province), coloured by grade
/// (the letter is written too): a grid of links whose names wrap inside their tile, at the page's
/// own text size. The nation's is wider than a phone: it scrolls sideways in its frame.
#[component]
fn TileMap(tiles: Vec<Tile>, query: String, nation: bool) -> impl IntoView {
    let text = t();
    let r = &text.region;
    let (heading, alt) = if nation {
        (r.tiles_nation, r.tiles_nation_alt)
    } else {
        (r.tiles, r.tiles_alt)
    };
    view! {
        <section aria-labelledby="tiles-heading">
            <h2 id="tiles-heading">{heading}</h2>
            <p class="visually-hidden">{alt}</p>
            <div class:table-scroll=nation role=nation.then_some("region") tabindex=nation.then_some("0") aria-label=nation.then_some(heading)>
            <div class="chart tiles" class:tiles-nation=nation data-testid="tiles">
                {tiles.into_iter().map(|t| {
                    let colour = t.figures.map_or("#7b8794", |(_, m)| grade_colour(m));
                    // Ranked: filled with the grade's colour. Not ranked (too few respondents, or
                    // none): white with a dashed border in that colour, dark text.
                    let style = if t.rankable {
                        format!("grid-row: {}; grid-column: {}; background: {colour}; border-color: {colour}; color: #fff", t.row + 1, t.col + 1)
                    } else {
                        format!("grid-row: {}; grid-column: {}; border-color: {colour}; border-style: dashed", t.row + 1, t.col + 1)
                    };
                    let value = t.figures.map(|(v, m)| format!("{} {}", v.to_id_string(), m.letter())).unwrap_or("—".into());
                    view! {
                        <a class="tile" href=format!("{}?{query}", region_href(&t.code)) style=style data-code=t.code.clone()>
                            <span class="chart-label">{t.name.replace("Kabupaten ", "")}</span>
                            <span class="chart-value">{value}</span>
                        </a>
                    }
                }).collect_view()}
            </div>
            </div>
        </section>
    }
}

/// The region's Mal Pelayanan Publik side by side: pooled IKM and the mean of tenants, each
/// labelled, over the period shown; each links to the MPP's own page.
#[component]
fn MppTable(rows: Vec<MppRow>, query: String) -> impl IntoView {
    let text = t();
    let m = &text.mpp;
    let figure = |f: Option<(Hundredths, Mutu)>| match f {
        Some((value, mutu)) => view! {
            {value.to_id_string()} " "
            <span class=format!("grade-chip grade-{}", mutu.letter())>{mutu.letter()}</span>
        }
        .into_any(),
        None => view! { "—" }.into_any(),
    };
    view! {
        <section aria-labelledby="mpps-heading">
            <h2 id="mpps-heading">{m.admin_title}</h2>
            <p class="muted">{m.pooled_note}</p>
            <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                <table class="figures" data-testid="mpp-table">
                    <thead>
                        <tr>
                            <th scope="col">{m.name_label}</th>
                            <th scope="col">{m.serving_count}</th>
                            <th scope="col">{m.col_respondents}</th>
                            <th scope="col">{m.pooled}</th>
                            <th scope="col">{m.mean_short}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! {
                            <tr data-mpp=row.code.clone()>
                                <th scope="row">
                                    <a href=format!("/mpp/{}?{query}", row.code)>{row.name.clone()}</a>
                                    <br /><span class="muted">{row.region_name.clone()}</span>
                                </th>
                                <td>{row.tenants.to_string()}</td>
                                <td>{row.respondents.to_string()}</td>
                                <td data-testid="mpp-pooled-cell">{figure(row.pooled)}</td>
                                <td>{figure(row.mean)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
