//! `/mpp/{code}` — a Mal Pelayanan Publik's results, for its manager and its region's staff: the
//! MPP's IKM pooled over every answer given in the hall and the mean of its tenants beside it (both
//! labelled, `ikm_domain::region::RegionIkm`, as for a region), grade and interval, answers today,
//! the tenants ranked with their IKM, interval, respondents against the minimum and weakest unsur
//! (fewer than five answers: not shown), and the pooled IKM per month. Only answers given in the
//! MPP count: a tenant's own office stays its own.

use crate::access::Viewer;
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::i18n::{t, use_lang};
use crate::mpp::MppSummary;
use ikm_domain::confidence::ConfidenceInterval;
use ikm_domain::decimal::Hundredths;
use ikm_domain::grade::Mutu;
use ikm_domain::region::MeanOfUnits;
use ikm_domain::{Period, Unsur};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// One tenant's figures from its answers given in the MPP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantRow {
    pub code: String,
    pub name: String,
    pub agency: Option<String>,
    /// When it left the MPP (its answers given there still count for their period).
    pub left: Option<String>,
    pub respondents: u64,
    /// Converted IKM and grade; `None` below five answers (not shown) or without answers.
    pub ikm: Option<(Hundredths, Mutu)>,
    pub interval: Option<ConfidenceInterval>,
    /// The Krejcie–Morgan minimum for its people served in the period, when known.
    pub required: Option<u64>,
    pub weakest: Option<(Unsur, Hundredths)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MppResults {
    pub viewer: Viewer,
    pub mpp: MppSummary,
    pub period: Period,
    pub choices: Vec<(String, Vec<(String, String)>)>,
    pub respondents: u64,
    pub pooled: Option<(Hundredths, Mutu)>,
    pub interval: Option<ConfidenceInterval>,
    pub mean: Option<MeanOfUnits>,
    pub weakest: Option<(Unsur, Hundredths)>,
    pub today: u64,
    /// Tenants with answers, best IKM first; then those with too few answers or none.
    pub tenants: Vec<TenantRow>,
    /// The pooled IKM of each of the last six months, oldest first.
    pub trend: Vec<(String, u64, Option<Hundredths>)>,
    /// The newest comments given in the hall in the period, of every tenant.
    pub comments: Vec<crate::mpp::MppComment>,
}

/// How many of the newest comments the MPP's page shows.
pub const COMMENTS_SHOWN: u32 = 20;

#[server]
pub async fn load_mpp_results(
    code: String,
    periode: Option<String>,
) -> Result<Option<MppResults>, LoadError> {
    use crate::comparison::weakest;
    use crate::mpp::MppFigures;
    use crate::periods::{period_choices, requested_period};
    use crate::time::jakarta_today;
    use ikm_domain::confidence::interval_95;
    use ikm_domain::monitoring::may_show;
    use ikm_domain::sample::SampleAdequacy;
    use ikm_domain::{IkmResult, PeriodKind};

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading an MPP's results");
    let Some(detail) = store.mpp(&code).await.map_err(failed)? else {
        crate::guard::set_status(http::StatusCode::NOT_FOUND);
        return Ok(None);
    };
    let region_code = detail.mpp.fields.region_code.clone();
    let viewer = crate::guard::require(|v| v.can_view_mpp(&code, &region_code))?;
    let lang = crate::i18n::use_lang();
    let today = jakarta_today();
    let (period, _) = requested_period(&periode, &None, &None);
    let tallies = store
        .mpp_tallies(
            detail.mpp.id,
            period.from,
            period.to,
            crate::store::Counted::Valid,
        )
        .await
        .map_err(failed)?;
    let figures = MppFigures::of(&tallies);
    let pooled = figures.ikm.pooled.as_ref();
    let mut tenants: Vec<TenantRow> = Vec::new();
    for tenant in &detail.tenants {
        let tally = tallies
            .iter()
            .find(|(id, _)| *id == tenant.unit_id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        // A tenant that left before the period, with no answers in it, is history only.
        if tally.is_empty() && !tenant.serving() {
            continue;
        }
        // The people a booth serves: its unit's figure (an MPP-only booth's is all of it).
        let population = tenant.population_per_year.map(|p| period.population(p));
        let shown = may_show(&tally);
        let result = shown.then(|| IkmResult::of(&tally)).flatten();
        tenants.push(TenantRow {
            code: tenant.code.clone(),
            name: tenant.name.clone(),
            agency: tenant.agency.clone(),
            left: tenant.removed_at.clone(),
            respondents: tally.respondents(),
            ikm: result.as_ref().map(|r| (r.converted, r.mutu)),
            interval: if shown {
                interval_95(&tally, population)
            } else {
                None
            },
            required: population.map(|p| SampleAdequacy::of(tally.respondents(), p).required),
            weakest: result.as_ref().and_then(weakest),
        });
    }
    tenants.sort_by(|a, b| {
        let key = |r: &TenantRow| r.ikm.map(|(c, _)| c);
        key(b)
            .cmp(&key(a))
            .then(b.respondents.cmp(&a.respondents))
            .then(a.name.cmp(&b.name))
    });
    let mut trend = Vec::new();
    let this_month = Period::containing(PeriodKind::Month, today);
    let mut month = this_month;
    let mut months = vec![month];
    for _ in 0..5 {
        month = month.previous();
        months.push(month);
    }
    for month in months.into_iter().rev() {
        let tallies = store
            .mpp_tallies(
                detail.mpp.id,
                month.from,
                month.to,
                crate::store::Counted::Valid,
            )
            .await
            .map_err(failed)?;
        let month_figures = MppFigures::of(&tallies);
        trend.push((
            month.short_label(lang),
            month_figures.pooled.respondents(),
            month_figures.ikm.pooled.map(|r| r.converted),
        ));
    }
    let comments = store
        .mpp_comments(detail.mpp.id, period.from, period.to, COMMENTS_SHOWN)
        .await
        .map_err(failed)?;
    Ok(Some(MppResults {
        comments,
        viewer,
        respondents: figures.pooled.respondents(),
        pooled: pooled.map(|p| (p.converted, p.mutu)),
        interval: interval_95(&figures.pooled, None),
        mean: figures.ikm.mean_of_units,
        weakest: pooled.and_then(weakest),
        today: store
            .mpp_answers_on(detail.mpp.id, today)
            .await
            .map_err(failed)?,
        tenants,
        trend,
        choices: period_choices(today, lang)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        period,
        mpp: detail.mpp,
    }))
}

#[component]
pub fn MppPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                query.read().get("periode"),
            )
        },
        |(code, periode)| load_mpp_results(code, periode),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |results: MppResults| view! { <Results results /> })
            })}
        </Suspense>
    }
}

fn grade_chip(mutu: Mutu) -> impl IntoView {
    view! { <span class=format!("grade grade-{}", mutu.letter())>{mutu.letter()}</span> }
}

fn interval_text(interval: &Option<ConfidenceInterval>) -> String {
    interval
        .map(|i| format!("{}–{}", i.low.to_id_string(), i.high.to_id_string()))
        .unwrap_or_else(|| "—".into())
}

#[component]
fn Results(results: MppResults) -> impl IntoView {
    let text = t();
    let m = &text.mpp;
    let lang = use_lang();
    let code = results.mpp.code.clone();
    let title = results.mpp.fields.name.clone();
    let selected = results.period.key();
    view! {
        <AdminFrame viewer=results.viewer.clone() title=title>
            <p class="lead">{m.results_title}</p>
            <p class="muted">
                {results.mpp.region_name.clone()} " · "
                <a href=format!("/m/{code}")>{m.open_hall}</a> " · "
                <a href=format!("/m/{code}/poster")>{m.poster_link}</a> " · "
                <a href=format!("/mpp/{code}/laporan?periode={selected}") data-testid="mpp-report">
                    {m.report_link}
                </a>
            </p>
            <form method="get" action=format!("/mpp/{code}") class="period-choice">
                <div class="field">
                    <label for="periode">{m.period_label}</label>
                    <select id="periode" name="periode">
                        {results.choices.iter().map(|(group, options)| view! {
                            <optgroup label=group.clone()>
                                {options.iter().map(|(key, label)| view! {
                                    <option value=key.clone() selected=*key == selected>{label.clone()}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit">{m.show}</button>
            </form>
            <section class="headline" aria-labelledby="mpp-ikm" data-testid="mpp-headline">
                <h2 id="mpp-ikm">{results.period.label(lang)}</h2>
                {match results.pooled {
                    None => view! { <p data-testid="mpp-empty">{m.no_answers}</p> }.into_any(),
                    Some((converted, mutu)) => view! {
                        <div data-testid="mpp-pooled" data-value=converted.to_dot_string()>
                            <p class="ikm-label">{m.pooled}</p>
                            <p class="ikm-value">
                                <span class="ikm-number">{converted.to_id_string()}</span>
                                {grade_chip(mutu)}
                                <span class="ikm-label">{mutu.label(lang)}</span>
                            </p>
                            <p>{text.dash.interval} ": " {interval_text(&results.interval)}</p>
                            <p class="muted">{m.pooled_note}</p>
                        </div>
                        {results.mean.map(|mean| view! {
                            <div data-testid="mpp-mean" data-value=mean.converted.to_dot_string()>
                                <p class="ikm-label">{m.mean.replace("{n}", &mean.units.to_string())}</p>
                                <p class="ikm-value">
                                    <span class="ikm-number">{mean.converted.to_id_string()}</span>
                                    {grade_chip(mean.mutu)}
                                    <span class="ikm-label">{mean.mutu.label(lang)}</span>
                                </p>
                                <p class="muted">{m.mean_note}</p>
                            </div>
                        })}
                    }.into_any(),
                }}
                <p>
                    {m.col_respondents} ": " <strong data-testid="mpp-respondents">{results.respondents.to_string()}</strong>
                    " · " {m.today} ": " <strong data-testid="mpp-today">{results.today.to_string()}</strong>
                    {results.weakest.map(|(u, score)| view! {
                        " · " {m.col_weakest} ": " <strong>{format!("{} ({})", u.short_name(lang), score.to_id_string())}</strong>
                    })}
                </p>
            </section>
            <section aria-labelledby="tenants-heading">
                <h2 id="tenants-heading">{m.tenants_heading}</h2>
                <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                    <table class="figures" data-testid="tenants-table">
                        <thead>
                            <tr>
                                <th scope="col">{m.col_tenant}</th>
                                <th scope="col">{m.col_ikm}</th>
                                <th scope="col">{m.col_interval}</th>
                                <th scope="col">{m.col_respondents}</th>
                                <th scope="col">{m.col_weakest}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {results.tenants.iter().map(|row| view! {
                                <tr data-unit=row.code.clone()>
                                    <th scope="row">
                                        {row.name.clone()}
                                        {row.agency.clone().map(|a| view! { <br /><span class="muted">{m.national} " · " {a}</span> })}
                                        {row.left.clone().map(|at| view! {
                                            <br /><span class="muted">{m.left_on.replace("{date}", &crate::time::jakarta_time(&at))}</span>
                                        })}
                                    </th>
                                    <td data-testid="tenant-ikm">
                                        {match row.ikm {
                                            Some((c, mutu)) => view! { {c.to_id_string()} " " {grade_chip(mutu)} }.into_any(),
                                            None if row.respondents > 0 => view! { <span class="muted">{m.suppressed}</span> }.into_any(),
                                            None => view! { "—" }.into_any(),
                                        }}
                                    </td>
                                    <td>{interval_text(&row.interval)}</td>
                                    <td>
                                        {row.respondents.to_string()}
                                        {row.required.map(|r| view! {
                                            " / " {r.to_string()}
                                            {(row.respondents < r).then(|| view! { " " <span class="badge">{m.few}</span> })}
                                        })}
                                    </td>
                                    <td>{row.weakest.map(|(u, s)| format!("{} ({})", u.short_name(lang), s.to_id_string())).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section aria-labelledby="comments-heading" data-testid="mpp-comments">
                <h2 id="comments-heading">{m.comments_heading}</h2>
                <p class="muted">{m.comments_note}</p>
                {results.comments.is_empty().then(|| view! { <p>{m.comments_none}</p> })}
                <ul class="comment-list">
                    {results.comments.iter().map(|c| view! {
                        <li data-unit=c.unit_code.clone()>
                            <p class="muted">
                                {crate::time::jakarta_time(&c.received_at)} " · " {c.unit_name.clone()}
                                " · " {c.status.label(lang)}
                            </p>
                            <p>{c.comment.clone()}</p>
                            {c.public_reply.clone().map(|reply| view! {
                                <p class="muted">{m.comment_reply} " " {reply}</p>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
            <section aria-labelledby="trend-heading">
                <h2 id="trend-heading">{m.trend_heading}</h2>
                <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                    <table class="figures" data-testid="mpp-trend">
                        <thead>
                            <tr>
                                <th scope="col">{m.period_label}</th>
                                <th scope="col">{m.col_respondents}</th>
                                <th scope="col">{m.pooled}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {results.trend.iter().map(|(label, n, ikm)| view! {
                                <tr>
                                    <th scope="row">{label.clone()}</th>
                                    <td>{n.to_string()}</td>
                                    <td>{ikm.map(|c| c.to_id_string()).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </AdminFrame>
    }
}
