//! The scorecard ("Rapor SKM") pages. `/wilayah/{code}/rapor?tahun=YYYY&urut=…`: a
//! kabupaten/kota's units scored 0–5 on each PEKPPP indicator with the reason for each score, the
//! mean per indicator, the units short of each and what is due; a province's fifteen kabupaten/kota
//! side by side (sortable, each linking down) and its own units. `/dasbor/{code}/rapor?tahun=`: one
//! unit's scores with the evidence behind them. Scores come from `ikm_domain::scorecard` through
//! `crate::scorecard`; `?cetak=1` is the print version (no navigation, no forms).

use crate::access::Viewer;
use crate::components::evidence::{ActionLine, MediumLine};
use crate::components::staff::{guarded, AdminFrame};
use crate::dashboard::FollowUpAction;
use crate::error::LoadError;
use crate::evidence::MediumRecord;
use crate::i18n::{t, use_lang};
use crate::scorecard::{fill, indicator_name, indicator_short, Cell, Order, RegionRow, UnitRow};
use ikm_domain::rubric::Indicator;
use ikm_domain::Hundredths;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// A unit named in a list, with why it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub code: String,
    pub name: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorecardView {
    pub viewer: Viewer,
    pub code: String,
    pub name: String,
    /// A province: its kabupaten/kota are rows, its own units are listed below them.
    pub province: bool,
    /// The region above, when the viewer may open it.
    pub parent: Option<(String, String)>,
    pub year: i32,
    pub years: Vec<i32>,
    pub order: Order,
    pub total: RegionRow,
    pub regions: Vec<RegionRow>,
    pub units: Vec<UnitRow>,
    /// Per indicator, the units short of full marks with the reason.
    pub short: Vec<(Indicator, Vec<Named>)>,
    pub due: Vec<Named>,
    pub rubric_note: String,
    pub print: bool,
}

#[server(endpoint = "rapor")]
pub async fn load_scorecard(
    code: String,
    tahun: Option<String>,
    urut: Option<String>,
    cetak: Option<String>,
) -> Result<Option<ScorecardView>, LoadError> {
    use crate::figures::RegionReading;
    use crate::guard::require;
    use crate::model::RegionLevel;
    use crate::scorecard::{
        cells, due_words, order_regions, order_units, region_row, requested_year, years,
    };
    use crate::store::scorecards::rubric_in_force;
    use crate::time::jakarta_today;
    use chrono::Datelike;
    use ikm_domain::scorecard::UnitScore;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading a scorecard");
    require(|v| !matches!(v.role, crate::access::Role::Unit | crate::access::Role::Mpp))?;
    let Some(place) = RegionReading::locate(store.as_ref(), &code)
        .await
        .map_err(failed)?
    else {
        crate::guard::set_status(http::StatusCode::NOT_FOUND);
        return Ok(None);
    };
    let viewer = require(|v| v.can_view_region(&place.region.code))?;
    let lang = crate::i18n::request_lang();
    let today = jakarta_today();
    let year = requested_year(tahun.as_deref(), today.year());
    let rubric = rubric_in_force(store.as_ref()).await.map_err(failed)?;
    let book = crate::scorecard::read(store.as_ref(), place, year)
        .await
        .map_err(failed)?;
    let reading = &book.reading;
    let province = reading.region.level == RegionLevel::Province;
    let scores: Vec<(usize, UnitScore, Vec<String>)> = book
        .scored(&rubric, today)
        .into_iter()
        .map(|scored| {
            let actions = book.actions(reading.units[scored.index].id);
            let tasks = scored
                .due
                .iter()
                .map(|d| due_words(d, year, &actions, lang))
                .collect();
            (scored.index, scored.score, tasks)
        })
        .collect();
    let unit_row = |(i, score, tasks): &(usize, UnitScore, Vec<String>)| {
        let unit = &reading.units[*i];
        UnitRow {
            code: unit.code.clone(),
            name: unit.name.clone(),
            region_code: unit.region_code.clone(),
            cells: cells(score, lang),
            mean: score.mean(),
            due: tasks.clone(),
        }
    };
    let region_code = reading.region.code.clone();
    let all: Vec<&UnitScore> = scores.iter().map(|(_, s, _)| s).collect();
    let due_count = |rows: &[&(usize, UnitScore, Vec<String>)]| {
        rows.iter().filter(|(_, _, d)| !d.is_empty()).count() as u64
    };
    let total = region_row(
        &region_code,
        &reading.region.name,
        &all,
        due_count(&scores.iter().collect::<Vec<_>>()),
    );
    let order = Order::parse(urut.as_deref().unwrap_or_default());
    let mut regions: Vec<RegionRow> = if province {
        reading
            .children
            .iter()
            .map(|child| {
                let inside: Vec<&(usize, UnitScore, Vec<String>)> = scores
                    .iter()
                    .filter(|(i, _, _)| reading.units[*i].region_code == child.code)
                    .collect();
                let s: Vec<&UnitScore> = inside.iter().map(|(_, s, _)| s).collect();
                region_row(&child.code, &child.name, &s, due_count(&inside))
            })
            .collect()
    } else {
        Vec::new()
    };
    order_regions(&mut regions, order);
    // The units listed one by one: every unit of a kabupaten/kota, a province's own.
    let mut units: Vec<UnitRow> = scores
        .iter()
        .filter(|(i, _, _)| !province || reading.units[*i].region_code == region_code)
        .map(unit_row)
        .collect();
    order_units(&mut units, order);
    let mut by_name = units.clone();
    by_name.sort_by(|a, b| a.name.cmp(&b.name));
    let short = Indicator::ALL
        .iter()
        .enumerate()
        .map(|(k, indicator)| {
            let named = by_name
                .iter()
                .filter_map(|u| {
                    let cell = u.cells.get(k)?;
                    cell.short().then(|| Named {
                        code: u.code.clone(),
                        name: u.name.clone(),
                        lines: vec![
                            fill(
                                crate::i18n::texts(lang).scorecard.score_of,
                                &[
                                    ("score", cell.score.to_string()),
                                    ("top", cell.top.to_string()),
                                ],
                            ),
                            cell.reason.clone(),
                        ],
                    })
                })
                .collect();
            (*indicator, named)
        })
        .collect();
    let due = by_name
        .iter()
        .filter(|u| !u.due.is_empty())
        .map(|u| Named {
            code: u.code.clone(),
            name: u.name.clone(),
            lines: u.due.clone(),
        })
        .collect();
    let parent = reading
        .parent
        .as_ref()
        .filter(|p| viewer.can_view_region(&p.code))
        .map(|p| (p.code.clone(), p.name.clone()));
    Ok(Some(ScorecardView {
        viewer,
        code: region_code,
        name: reading.region.name.clone(),
        province,
        parent,
        year,
        years: years(today.year()),
        order,
        total,
        regions,
        units,
        short,
        due,
        rubric_note: fill(
            crate::i18n::texts(lang).scorecard.rubric_note,
            &[("source", rubric.source.clone())],
        ),
        print: cetak.is_some_and(|c| !c.is_empty()),
    }))
}

#[component]
pub fn ScorecardPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                q.get("tahun"),
                q.get("urut"),
                q.get("cetak"),
            )
        },
        |(code, tahun, urut, cetak)| load_scorecard(code, tahun, urut, cetak),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |view: ScorecardView| view! { <Scorecard view /> })
            })}
        </Suspense>
    }
}

/// A score as a chip: "3/5", coloured by how far from full marks, with its reason as the title
/// and (for screen readers and print) in words.
#[component]
fn ScoreChip(cell: Cell) -> impl IntoView {
    view! {
        <span class=crate::scorecard::chip_class(cell.score, cell.top) title=cell.reason.clone()>
            {format!("{}/{}", cell.score, cell.top)}
        </span>
    }
}

fn mean_text(h: Hundredths) -> String {
    h.to_id_string()
}

/// The year choice (a GET form: works without JavaScript).
#[component]
fn YearChoice(action: String, year: i32, years: Vec<i32>, order: Option<Order>) -> impl IntoView {
    let s = &t().scorecard;
    view! {
        <form method="get" action=action class="period-choice no-print">
            <div class="field">
                <label for="tahun">{s.year}</label>
                <select id="tahun" name="tahun">
                    {years.into_iter().map(|y| view! {
                        <option value=y.to_string() selected=y == year>{y.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
            {order.map(|o| view! { <input type="hidden" name="urut" value=o.key() /> })}
            <button type="submit">{s.show}</button>
        </form>
    }
}

#[component]
fn Scorecard(view: ScorecardView) -> impl IntoView {
    let text = t();
    let s = &text.scorecard;
    let lang = use_lang();
    let base = format!("/wilayah/{}/rapor", view.code);
    let year = view.year;
    let title = format!("{} {} · {}", s.title, year, view.name);
    let sort_base = format!("{base}?tahun={year}");
    let order = view.order;
    let header = move |o: Order, label: &'static str| {
        let link = format!("{sort_base}&urut={}", o.key());
        view! {
            <th scope="col" class="num" aria-sort=(o == order).then_some(match o { Order::Name => "ascending", Order::Mean => "descending", Order::By(_) => "ascending" })>
                <a href=link>{label}</a>
            </th>
        }
    };
    let name_header = header(
        Order::Name,
        if view.province {
            s.col_region
        } else {
            s.col_unit
        },
    );
    let indicator_headers = Indicator::ALL
        .iter()
        .map(|i| header(Order::By(*i), indicator_short(*i, lang)))
        .collect_view();
    let mean_header = header(Order::Mean, s.col_mean);
    let unit_table = move |units: Vec<UnitRow>, caption: &'static str, testid: &'static str| {
        let units_year = year;
        view! {
            <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                <table class="figures scorecard" data-testid=testid>
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{s.col_unit}</th>
                            {Indicator::ALL.iter().map(|i| view! { <th scope="col" class="num">{indicator_short(*i, lang)}</th> }).collect_view()}
                            <th scope="col" class="num">{s.col_mean}</th>
                            <th scope="col">{s.col_due}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {units.into_iter().map(|u| view! {
                            <tr data-testid="unit-row" data-code=u.code.clone()>
                                <th scope="row"><a href=format!("/dasbor/{}/rapor?tahun={units_year}", u.code)>{u.name.clone()}</a></th>
                                {u.cells.iter().cloned().map(|c| view! { <td class="num"><ScoreChip cell=c /></td> }).collect_view()}
                                <td class="num">{mean_text(u.mean)}</td>
                                <td>{if u.due.is_empty() { "—".to_string() } else { u.due.len().to_string() }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };
    let total = view.total.clone();
    view! {
        <div class:print-view=view.print>
        <AdminFrame viewer=view.viewer.clone() title=title>
            <p class="lead">
                {view.parent.clone().map(|(code, name)| view! {
                    <a href=format!("/wilayah/{code}/rapor?tahun={year}")>{name}</a> " › "
                })}
                <a href=format!("/wilayah/{}", view.code)>{text.region.title}</a>
            </p>
            <p>{s.intro}</p>
            <YearChoice action=base.clone() year=year years=view.years.clone() order=Some(order) />
            <p class="no-print" data-testid="scorecard-links">
                <a href=format!("{base}?tahun={year}&urut={}&cetak=1", order.key())>{s.print}</a> " · "
                <a href=format!("{base}.zip?tahun={year}") download data-testid="pack-link">{s.pack}</a>
            </p>
            <p class="muted no-print">{s.pack_note}</p>
            <section aria-labelledby="summary-heading" data-testid="scorecard-summary">
                <h2 id="summary-heading">{s.summary_heading}</h2>
                <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                    <table class="figures">
                        <thead>
                            <tr>
                                <th scope="col">{s.col_indicator}</th>
                                <th scope="col" class="num">{s.summary_mean}</th>
                                <th scope="col" class="num">{s.summary_short}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {Indicator::ALL.iter().enumerate().map(|(k, i)| view! {
                                <tr data-testid="summary-row" data-indicator=i.key()>
                                    <th scope="row">{indicator_name(*i, lang)}</th>
                                    <td class="num">{total.means.get(k).copied().map(mean_text).unwrap_or_default()}</td>
                                    <td class="num">{total.short.get(k).copied().unwrap_or_default().to_string()} " / " {total.units.to_string()}</td>
                                </tr>
                            }).collect_view()}
                            <tr>
                                <th scope="row">{s.col_mean}</th>
                                <td class="num" data-testid="scorecard-mean">{mean_text(total.mean)}</td>
                                <td></td>
                            </tr>
                        </tbody>
                    </table>
                </div>
            </section>
            {view.province.then(|| {
                let regions = view.regions.clone();
                view! {
                    <section aria-labelledby="regions-heading">
                        <h2 id="regions-heading">{s.regions_heading}</h2>
                        <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                            <table class="figures scorecard" data-testid="region-scorecard">
                                <thead>
                                    <tr>
                                        {name_header}
                                        <th scope="col" class="num">{s.col_units}</th>
                                        {indicator_headers}
                                        {mean_header}
                                        <th scope="col" class="num">{s.col_due}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {regions.into_iter().map(|r| view! {
                                        <tr data-testid="region-row" data-code=r.code.clone()>
                                            <th scope="row"><a href=format!("/wilayah/{}/rapor?tahun={year}", r.code)>{r.name.clone()}</a></th>
                                            <td class="num">{r.units.to_string()}</td>
                                            {r.means.iter().map(|m| view! { <td class="num">{mean_text(*m)}</td> }).collect_view()}
                                            <td class="num"><strong>{mean_text(r.mean)}</strong></td>
                                            <td class="num">{r.due_units.to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                }
            })}
            {if view.units.is_empty() && !view.province {
                view! { <p class="muted">{s.no_units}</p> }.into_any()
            } else if view.units.is_empty() {
                ().into_any()
            } else {
                let caption = if view.province { s.own_units_heading } else { s.units_heading };
                view! {
                    <section aria-labelledby="units-heading">
                        <h2 id="units-heading">{caption}</h2>
                        {(!view.province).then(|| view! {
                            <p class="no-print">
                                {format!("{}: ", s.sort_by)}
                                <a href=format!("{base}?tahun={year}&urut=nama")>{s.col_unit}</a>
                                {Indicator::ALL.iter().map(|i| view! {
                                    " · " <a href=format!("{base}?tahun={year}&urut={}", i.key())>{indicator_short(*i, lang)}</a>
                                }).collect_view()}
                                " · " <a href=format!("{base}?tahun={year}&urut=rata")>{s.col_mean}</a>
                            </p>
                        })}
                        {unit_table(view.units.clone(), caption, "unit-scorecard")}
                    </section>
                }.into_any()
            }}
            {(!view.province || !view.units.is_empty()).then(|| view! {
                <section aria-labelledby="short-heading" data-testid="short-lists">
                    <h2 id="short-heading">{s.short_heading}</h2>
                    {view.short.iter().cloned().map(|(indicator, named)| view! {
                        <h3>{indicator_name(indicator, lang)} " (" {named.len().to_string()} ")"</h3>
                        {if named.is_empty() {
                            view! { <p class="muted">{s.short_none}</p> }.into_any()
                        } else {
                            view! { <NamedList named year /> }.into_any()
                        }}
                    }).collect_view()}
                </section>
                <section aria-labelledby="due-heading" data-testid="due-list">
                    <h2 id="due-heading">{s.due_heading}</h2>
                    {if view.due.is_empty() {
                        view! { <p class="muted">{s.due_none}</p> }.into_any()
                    } else {
                        view! { <NamedList named=view.due.clone() year /> }.into_any()
                    }}
                </section>
            })}
            <p class="muted">{view.rubric_note.clone()}</p>
        </AdminFrame>
        </div>
    }
}

#[component]
fn NamedList(named: Vec<Named>, year: i32) -> impl IntoView {
    view! {
        <ul class="named-list">
            {named.into_iter().map(|n| view! {
                <li data-code=n.code.clone()>
                    <a href=format!("/dasbor/{}/rapor?tahun={year}", n.code)>{n.name}</a>
                    <ul>{n.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// A period of the year as the unit's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodLine {
    pub label: String,
    pub respondents: u64,
    pub required: Option<u64>,
    pub all_nine: bool,
    pub per_rule: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitScorecardView {
    pub viewer: Viewer,
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    /// The viewer may open the unit's region's scorecard.
    pub region_link: bool,
    pub year: i32,
    pub years: Vec<i32>,
    pub cells: Vec<Cell>,
    pub mean: Hundredths,
    pub due: Vec<String>,
    pub periods: Vec<PeriodLine>,
    /// Published periods: (label, key, Jakarta day).
    pub publications: Vec<(String, String, String)>,
    pub media: Vec<MediumRecord>,
    pub actions: Vec<FollowUpAction>,
    pub comments: (u64, u64),
    pub rubric_note: String,
    pub print: bool,
}

#[server(endpoint = "rapor-unit")]
pub async fn load_unit_scorecard(
    code: String,
    tahun: Option<String>,
    cetak: Option<String>,
) -> Result<Option<UnitScorecardView>, LoadError> {
    use crate::dashboard::RegionUnit;
    use crate::guard::viewed_unit;
    use crate::scorecard::{cells, due_words, period_label, requested_year, years};
    use crate::store::scorecards::rubric_in_force;
    use crate::time::jakarta_today;
    use chrono::Datelike;
    use ikm_domain::scorecard::{due, period_checks, UnitScore};

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading a unit's scorecard");
    let Some((viewer, record, unit)) =
        viewed_unit(store.as_ref(), &code, "loading a unit's scorecard").await?
    else {
        return Ok(None);
    };
    let lang = crate::i18n::request_lang();
    let today = jakarta_today();
    let year = requested_year(tahun.as_deref(), today.year());
    let rubric = rubric_in_force(store.as_ref()).await.map_err(failed)?;
    let region_unit = RegionUnit::of(unit.id, &code, &record.fields);
    let (unit_year, evidence) = crate::scorecard::read_unit(store.as_ref(), &region_unit, year)
        .await
        .map_err(failed)?;
    let score = UnitScore::of(&unit_year, &rubric);
    let actions: Vec<FollowUpAction> = evidence.actions.iter().map(|(_, a)| a.clone()).collect();
    let mut periods: Vec<PeriodLine> = period_checks(&unit_year)
        .into_iter()
        .map(|c| PeriodLine {
            label: period_label(&c.period, lang),
            respondents: c.respondents,
            required: c.required,
            all_nine: c.all_nine,
            per_rule: c.per_rule(),
        })
        .collect();
    periods.truncate(19);
    Ok(Some(UnitScorecardView {
        region_link: viewer.can_view_region(&record.fields.region_code),
        viewer,
        name: record.fields.name.clone(),
        region_code: record.fields.region_code.clone(),
        region_name: record.region_name.clone(),
        year,
        years: years(today.year()),
        cells: cells(&score, lang),
        mean: score.mean(),
        due: due(&unit_year, today)
            .iter()
            .map(|d| due_words(d, year, &actions, lang))
            .collect(),
        periods,
        publications: unit_year
            .publications
            .iter()
            .map(|p| {
                (
                    period_label(&p.period, lang),
                    p.period.clone(),
                    p.on.format("%d-%m-%Y").to_string(),
                )
            })
            .collect(),
        media: evidence.media.iter().map(|(_, m)| m.clone()).collect(),
        actions,
        comments: (
            unit_year.comments.total,
            unit_year.comments.answered.min(unit_year.comments.total),
        ),
        rubric_note: fill(
            crate::i18n::texts(lang).scorecard.rubric_note,
            &[("source", rubric.source.clone())],
        ),
        print: cetak.is_some_and(|c| !c.is_empty()),
        code,
    }))
}

#[component]
pub fn UnitScorecardPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                q.get("tahun"),
                q.get("cetak"),
            )
        },
        |(code, tahun, cetak)| load_unit_scorecard(code, tahun, cetak),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |view: UnitScorecardView| view! { <UnitScorecard view /> })
            })}
        </Suspense>
    }
}

#[component]
fn UnitScorecard(view: UnitScorecardView) -> impl IntoView {
    let text = t();
    let s = &text.scorecard;
    let lang = use_lang();
    let year = view.year;
    let base = format!("/dasbor/{}/rapor", view.code);
    let title = format!("{} {} · {}", s.title, year, view.name);
    let yes_no = move |b: bool| if b { s.yes } else { s.no };
    view! {
        <div class:print-view=view.print>
        <AdminFrame viewer=view.viewer.clone() title=title>
            <p class="lead">
                {if view.region_link {
                    view! { <a href=format!("/wilayah/{}/rapor?tahun={year}", view.region_code)>{view.region_name.clone()}</a> }.into_any()
                } else {
                    view! { <span>{view.region_name.clone()}</span> }.into_any()
                }}
                " › " <a href=format!("/dasbor/{}", view.code)>{text.dash.title}</a>
            </p>
            <YearChoice action=base.clone() year=year years=view.years.clone() order=None />
            <p class="no-print"><a href=format!("{base}?tahun={year}&cetak=1")>{s.print}</a></p>
            <section aria-labelledby="cells-heading" data-testid="unit-cells">
                <h2 id="cells-heading">{s.summary_heading}</h2>
                <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                    <table class="figures">
                        <thead>
                            <tr>
                                <th scope="col">{s.col_indicator}</th>
                                <th scope="col" class="num">{s.col_score}</th>
                                <th scope="col">{s.details}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {view.cells.iter().map(|c| view! {
                                <tr data-testid="cell" data-indicator=c.indicator.key() data-score=c.score.to_string()>
                                    <th scope="row">{indicator_name(c.indicator, lang)}</th>
                                    <td class="num"><ScoreChip cell=c.clone() /></td>
                                    <td>{c.reason.clone()}</td>
                                </tr>
                            }).collect_view()}
                            <tr>
                                <th scope="row">{s.col_mean}</th>
                                <td class="num" data-testid="unit-mean">{mean_text(view.mean)}</td>
                                <td></td>
                            </tr>
                        </tbody>
                    </table>
                </div>
            </section>
            <section aria-labelledby="unit-due-heading" data-testid="unit-due">
                <h2 id="unit-due-heading">{s.due_heading}</h2>
                {if view.due.is_empty() {
                    view! { <p class="muted">{s.due_none}</p> }.into_any()
                } else {
                    view! { <ul>{view.due.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            <section aria-labelledby="periods-heading">
                <h2 id="periods-heading">{s.periods_heading}</h2>
                {if view.periods.is_empty() {
                    view! { <p class="muted">{s.why_nothing}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                            <table class="figures" data-testid="unit-periods">
                                <thead>
                                    <tr>
                                        <th scope="col">{s.col_period}</th>
                                        <th scope="col" class="num">{s.col_respondents}</th>
                                        <th scope="col" class="num">{s.col_required}</th>
                                        <th scope="col">{s.col_nine}</th>
                                        <th scope="col">{s.col_per_rule}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {view.periods.iter().cloned().map(|p| view! {
                                        <tr>
                                            <th scope="row">{p.label}</th>
                                            <td class="num">{p.respondents.to_string()}</td>
                                            <td class="num">{p.required.map_or(s.unknown.to_string(), |r| r.to_string())}</td>
                                            <td>{yes_no(p.all_nine)}</td>
                                            <td>{yes_no(p.per_rule)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="publications-heading" data-testid="unit-publications">
                <h2 id="publications-heading">{s.publications_heading}</h2>
                <ul>
                    {view.publications.iter().cloned().map(|(label, key, day)| view! {
                        <li>
                            {label} " — " <a href=format!("/publik/{}?periode={key}", view.code)>{s.public_page}</a> " (" {day} ")"
                        </li>
                    }).collect_view()}
                    {view.media.iter().cloned().map(|m| view! { <MediumLine medium=m /> }).collect_view()}
                </ul>
                {(view.publications.is_empty() && view.media.is_empty()).then(|| view! { <p class="muted">{s.media_empty}</p> })}
            </section>
            <section aria-labelledby="unit-actions-heading" data-testid="unit-actions">
                <h2 id="unit-actions-heading">{s.actions_heading}</h2>
                {if view.actions.is_empty() {
                    view! { <p class="muted">{s.why_no_actions}</p> }.into_any()
                } else {
                    view! { <ul class="actions">{view.actions.iter().cloned().map(|a| view! { <ActionLine action=a /> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            <section aria-labelledby="unit-comments-heading">
                <h2 id="unit-comments-heading">{s.comments_heading}</h2>
                <p>{fill(s.comments_line, &[("total", view.comments.0.to_string()), ("answered", view.comments.1.to_string())])}</p>
            </section>
            <p class="muted">{view.rubric_note.clone()}</p>
        </AdminFrame>
        </div>
    }
}
