//! `/dasbor/{code}` — the unit head's dashboard: the period's IKM with its grade, interval and
//! sample adequacy, the nine unsur (weakest first to fix), the trend, breakdowns, alerts, and the
//! follow-up plan. `?periode=2026-T4` (or `2026-11`, `2026-S2`, `2026`) or `?dari=…&sampai=…`
//! chooses the period; the default is the current quarter. Every figure comes from tallies through
//! the IKM engine (`app::dashboard` builds, `ikm_domain` computes); charts are server-rendered SVG.

use crate::access::Viewer;
use crate::charts::{Bar, BarChart, LineChart};
use crate::components::evidence::{ActionLine, MediumLine};
use crate::components::fields::{field_error, field_value, form_summary};
use crate::components::staff::{guarded, AdminFrame};
use crate::dashboard::{
    ActionCheck, ActionStatus, Alert, AlertKind, AlertRules, AlertStage, Breakdown, FollowUpAction,
    Headline, LevyChannel, TrendPoint,
};
use crate::error::LoadError;
use crate::evidence::MediumRecord;
use crate::format::signed;
use crate::forms::FormState;
use crate::i18n::{t, use_lang};
use crate::periods::period_query;
use crate::scorecard::{indicator_short, kind_name};
use crate::time::jakarta_time;
use ikm_domain::decimal::group_thousands;
use ikm_domain::themes::summary::ThemeSummary;
use ikm_domain::{Hundredths, Lang, Mutu, Period, Unsur};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    pub viewer: Viewer,
    pub unit_code: String,
    pub unit_name: String,
    pub region_name: String,
    pub period: Period,
    pub period_label: String,
    /// The link asked for a period that does not exist (the current quarter is shown).
    pub bad_period: bool,
    pub choices: Vec<(String, Vec<(String, String)>)>,
    pub headline: Headline,
    pub trend: Vec<TrendPoint>,
    pub breakdowns: Vec<Breakdown>,
    pub actions: Vec<FollowUpAction>,
    pub previous_actions: Vec<ActionCheck>,
    pub alerts: Vec<Alert>,
    pub rules: AlertRules,
    pub new_comments: u64,
    /// Whether this period is published (`None`: a custom range, which cannot be).
    pub published: Option<bool>,
    pub form: Option<FormState>,
    /// The unit's own row of the scorecard for the period's year.
    pub card: ScoreCard,
    /// The media the period's results were published in (besides the public page).
    pub media: Vec<MediumRecord>,
    /// How far the period's follow-up got, in words (`None`: no item).
    pub progress: Option<String>,
    /// The day a new medium's form suggests: today, or the period's last day when it is over.
    pub medium_day: chrono::NaiveDate,
    /// The period's invitations: issued, answered, and answers that came through one.
    pub invitations: crate::invitation::InvitationCounts,
    /// What the period's comments were about, and the period before's (issue #33).
    pub themes: ThemeSummary,
    pub previous_themes: ThemeSummary,
    /// The theme a new follow-up action starts from (`?rencana=waktu`, the themes' "plan" link).
    pub plan_theme: Option<Unsur>,
}

/// A unit's own scorecard row on its dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreCard {
    pub year: i32,
    pub cells: Vec<crate::scorecard::Cell>,
    pub mean: Hundredths,
}

impl DashboardData {
    /// The query that shows this period again (for links and form redirects).
    pub fn period_query(&self) -> String {
        period_query(&self.period)
    }
}

#[server(endpoint = "dasbor")]
pub async fn load_dashboard(
    code: String,
    periode: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
    rencana: Option<String>,
) -> Result<Option<DashboardData>, LoadError> {
    use crate::dashboard::{CommentFilter, CommentStatus};
    use crate::figures::{unit_figures, PeriodFigures};
    use crate::guard::viewed_unit;
    use crate::periods::{period_choices, requested_period};
    use crate::time::jakarta_today;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the dashboard");
    let Some((viewer, record, unit)) =
        viewed_unit(store.as_ref(), &code, "loading the dashboard").await?
    else {
        return Ok(None);
    };
    let lang = crate::i18n::request_lang();
    let today = jakarta_today();
    let (period, bad_period) = requested_period(&periode, &dari, &sampai);
    let invitations = store
        .invitation_counts(unit.id, period.from, period.to)
        .await
        .map_err(failed)?;
    let PeriodFigures {
        headline,
        trend,
        breakdowns,
        actions,
        previous_actions,
    } = unit_figures(
        store.as_ref(),
        unit.id,
        invitations.served,
        record.fields.population_per_year,
        period,
        lang,
    )
    .await
    .map_err(failed)?;
    let (card, progress) = {
        use crate::dashboard::RegionUnit;
        use crate::scorecard::{cells, fill, percent};
        use chrono::Datelike;
        use ikm_domain::scorecard::{report_day, UnitScore};
        let year = period.to.year().min(today.year());
        let rubric = crate::store::scorecards::rubric_in_force(store.as_ref())
            .await
            .map_err(failed)?;
        let region_unit = RegionUnit::of(unit.id, &code, &record.fields);
        let (unit_year, _) = crate::scorecard::read_unit(store.as_ref(), &region_unit, year)
            .await
            .map_err(failed)?;
        let score = UnitScore::of(&unit_year, &rubric);
        let s = &crate::i18n::texts(lang).scorecard;
        let total = actions.len() as u64;
        let done: Vec<chrono::NaiveDate> = actions.iter().filter_map(|a| a.done_on).collect();
        let progress = (total > 0).then(|| {
            let mut words = fill(
                s.progress,
                &[
                    ("done", done.len().to_string()),
                    ("total", total.to_string()),
                    ("percent", percent(done.len() as u64, total)),
                ],
            );
            let last = done.iter().max();
            let reported = report_day(&unit_year, &period.key());
            match (done.len() as u64 == total, last, reported) {
                (true, Some(last), Some(reported)) => {
                    words.push(' ');
                    words.push_str(&fill(
                        s.progress_speed,
                        &[("days", (*last - reported).num_days().max(0).to_string())],
                    ));
                }
                (false, _, _) => {
                    words.push(' ');
                    words.push_str(s.progress_open);
                }
                _ => {}
            }
            words
        });
        (
            ScoreCard {
                year,
                cells: cells(&score, lang),
                mean: score.mean(),
            },
            progress,
        )
    };
    let period_key = period.key();
    let media = store
        .media(unit.id)
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|m| m.period == period_key)
        .collect();
    let new_comments = store
        .comment_count(
            unit.id,
            &CommentFilter {
                from: period.from,
                to: period.to,
                service: None,
                low_only: false,
                status: Some(CommentStatus::Baru),
                search: None,
                theme: None,
                flag: None,
            },
        )
        .await
        .map_err(failed)?;
    let themes = store
        .theme_summary(unit.id, period.from, period.to)
        .await
        .map_err(failed)?;
    let previous = period.previous();
    let previous_themes = store
        .theme_summary(unit.id, previous.from, previous.to)
        .await
        .map_err(failed)?;
    Ok(Some(DashboardData {
        viewer,
        unit_code: code,
        unit_name: record.fields.name,
        region_name: record.region_name,
        period_label: period.label(lang),
        period,
        bad_period,
        choices: period_choices(today, lang)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        headline,
        trend,
        breakdowns,
        actions,
        previous_actions,
        alerts: store.alerts(unit.id, 20).await.map_err(failed)?,
        rules: store
            .alert_rules(unit.id)
            .await
            .map_err(failed)?
            .unwrap_or_default(),
        new_comments,
        published: (period.kind != ikm_domain::PeriodKind::Custom).then_some(
            store
                .published_periods(unit.id)
                .await
                .map_err(failed)?
                .contains(&period.key()),
        ),
        form: crate::forms::rejected(),
        card,
        media,
        progress,
        medium_day: today.min(period.to),
        invitations,
        themes,
        previous_themes,
        plan_theme: rencana.as_deref().and_then(Unsur::parse),
    }))
}

#[component]
pub fn DashboardPage() -> impl IntoView {
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
                q.get("rencana"),
            )
        },
        |(code, periode, dari, sampai, rencana)| {
            load_dashboard(code, periode, dari, sampai, rencana)
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |data: DashboardData| view! { <Dashboard data /> })
            })}
        </Suspense>
    }
}

fn count(message: &str, n: impl std::fmt::Display) -> String {
    message.replace("{n}", &n.to_string())
}

#[component]
fn Dashboard(data: DashboardData) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let title = format!("{} · {}", d.title, data.unit_name);
    let base = format!("/dasbor/{}", data.unit_code);
    let query = data.period_query();
    let inbox = format!("{base}/masukan?{query}");
    // The national evaluator reads the unit's figures; the alerts, comments, publication and plan
    // are the unit's own work, changed by its staff (their forms would be refused), so are not shown.
    let manages = !data.viewer.is_read_only();
    let alerts = manages.then(|| view! { <AlertList data=data.clone() base=base.clone() /> });
    let card = manages.then(|| view! { <ScoreCardSection data=data.clone() base=base.clone() /> });
    let publish = manages.then(|| view! { <PublishSection data=data.clone() base=base.clone() /> });
    let themes = manages.then(|| view! { <ThemesSection data=data.clone() base=base.clone() /> });
    let plan = manages.then(|| view! { <PlanSection data=data.clone() base=base.clone() /> });
    let rules = manages.then(|| view! { <RulesSection data=data.clone() base=base.clone() /> });
    view! {
        <AdminFrame viewer=data.viewer.clone() title=title>
            <p class="lead">{data.region_name.clone()} " · " <strong>{data.period_label.clone()}</strong></p>
            {data.bad_period.then(|| view! { <p class="notice" role="status">{d.bad_period}</p> })}
            {(!manages).then(|| view! { <p class="notice" role="status" data-testid="read-only">{d.read_only}</p> })}
            {alerts}
            <HeadlineCard data=data.clone() />
            {manages.then(|| view! {
                <p>
                    <a class="button" href=inbox data-testid="inbox-link">
                        {d.inbox_title} " (" {count(d.inbox_new, data.new_comments)} ")"
                    </a>
                </p>
            })}
            <PeriodChoice data=data.clone() action=base.clone() />
            {card}
            {publish}
            <UnsurSection data=data.clone() />
            {themes}
            <TrendSection data=data.clone() />
            <BreakdownSection data=data.clone() />
            {plan}
            {rules}
        </AdminFrame>
    }
}

#[component]
fn PeriodChoice(data: DashboardData, action: String) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let selected = data.period.key();
    let custom = data.period.kind == ikm_domain::PeriodKind::Custom;
    view! {
        <form method="get" action=action.clone() class="period-choice">
            <div class="field">
                <label for="periode">{d.period_label}</label>
                <select id="periode" name="periode">
                    {data
                        .choices
                        .iter()
                        .map(|(group, options)| view! {
                            <optgroup label=group.clone()>
                                {options
                                    .iter()
                                    .map(|(key, label)| view! {
                                        <option value=key.clone() selected=!custom && *key == selected>{label.clone()}</option>
                                    })
                                    .collect_view()}
                            </optgroup>
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit">{d.show}</button>
        </form>
        <details class="custom-range" open=custom>
            <summary>{d.custom_heading}</summary>
            <form method="get" action=action class="period-choice">
                <div class="field">
                    <label for="dari">{d.custom_from}</label>
                    <input type="date" id="dari" name="dari" value=custom.then(|| data.period.from.to_string()) required=true />
                </div>
                <div class="field">
                    <label for="sampai">{d.custom_to}</label>
                    <input type="date" id="sampai" name="sampai" value=custom.then(|| data.period.to.to_string()) required=true />
                </div>
                <button type="submit">{d.show}</button>
            </form>
        </details>
    }
}

#[component]
fn AlertList(data: DashboardData, base: String) -> impl IntoView {
    let open: Vec<Alert> = data.alerts.iter().filter(|a| a.open()).cloned().collect();
    let query = data.period_query();
    let form = data.form.clone();
    let text = t();
    (!open.is_empty()).then(|| view! {
        <section class="alerts" aria-labelledby="alerts-heading" data-testid="alerts">
            <h2 id="alerts-heading">{text.dash.alerts_heading}</h2>
            <ul>
                {open
                    .into_iter()
                    .map(|a| view! { <AlertItem alert=a base=base.clone() query=query.clone() form=form.clone() /> })
                    .collect_view()}
            </ul>
        </section>
    })
}

/// One open alert: acknowledged with a click; a levy report then forwarded to APIP or
/// SP4N-LAPOR! under its reference number, and closed with what was done.
#[component]
pub fn AlertItem(
    alert: Alert,
    base: String,
    query: String,
    form: Option<FormState>,
) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let a = alert;
    let which = format!("alert-{}", a.id);
    let err = |field: &str| field_error(&form, &which, field);
    let action = |step: &str| format!("{base}/peringatan/{}/{step}?{query}", a.id);
    let levy = a.kind == AlertKind::Pungli;
    let stage = a.stage();
    let next = match stage {
        AlertStage::Raised => view! {
            <form method="post" action=action("tangani")>
                <button type="submit" class="secondary">{if levy { d.levy_acknowledge } else { d.acknowledge }}</button>
            </form>
        }.into_any(),
        _ if !levy => ().into_any(),
        AlertStage::Acknowledged | AlertStage::Forwarded => {
            let forwarded = a.forwarded.clone();
            let close_form = view! {
                <form method="post" action=action("tutup") class="card-form">
                    <div class="field" class:has-error=err("catatan").is_some()>
                        <label for=format!("{which}-catatan")>{d.levy_close_note}</label>
                        {err("catatan").map(|e| view! { <p class="field-error">{e}</p> })}
                        <textarea id=format!("{which}-catatan") name="catatan" rows="2" maxlength="2000">
                            {field_value(&form, &which, "catatan", String::new())}
                        </textarea>
                        <p class="hint">{d.levy_close_hint}</p>
                    </div>
                    <button type="submit" class="secondary" data-testid="close-levy">{d.levy_close}</button>
                </form>
            };
            view! {
                {match forwarded {
                    Some(f) => view! {
                        <p data-testid="forwarded">
                            {d.levy_forwarded
                                .replace("{to}", f.to.label(lang))
                                .replace("{reference}", &f.reference)
                                .replace("{by}", &f.by)
                                .replace("{when}", &jakarta_time(&f.at))}
                        </p>
                    }.into_any(),
                    None => view! {
                        <form method="post" action=action("teruskan") class="card-form">
                            {form_summary(&form, &which)}
                            <div class="field" class:has-error=err("ke").is_some()>
                                <label for=format!("{which}-ke")>{d.levy_forward_to}</label>
                                {err("ke").map(|e| view! { <p class="field-error">{e}</p> })}
                                <select id=format!("{which}-ke") name="ke">
                                    {LevyChannel::ALL.iter().map(|c| view! {
                                        <option value=c.key()>{c.label(lang)}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field" class:has-error=err("nomor").is_some()>
                                <label for=format!("{which}-nomor")>{d.levy_reference}</label>
                                {err("nomor").map(|e| view! { <p class="field-error">{e}</p> })}
                                <input id=format!("{which}-nomor") name="nomor" type="text" maxlength="100"
                                    value=field_value(&form, &which, "nomor", String::new()) />
                            </div>
                            <button type="submit" class="secondary" data-testid="forward-levy">{d.levy_forward}</button>
                        </form>
                    }.into_any(),
                }}
                {close_form}
            }.into_any()
        }
        AlertStage::Closed => ().into_any(),
    };
    view! {
        <li class="alert" class:levy=levy role="alert" data-testid="alert" data-stage=stage.key()>
            <strong>{a.kind.label(lang)}</strong> " — " {a.detail.clone()}
            " (" {jakarta_time(&a.raised_at)} ") "
            {levy.then(|| view! { <span class=format!("tag stage-{}", stage.key())>{stage.label(lang)}</span> })}
            {next}
        </li>
    }
}

#[component]
fn HeadlineCard(data: DashboardData) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let h = data.headline;
    let Some(result) = h.result.clone() else {
        return view! {
            <section class="headline" data-testid="headline">
                <h2>{d.ikm_heading}</h2>
                <p class="muted" data-testid="no-responses">{d.no_responses}</p>
                {(h.flagged > 0).then(|| view! { <p class="muted">{count(d.flagged, h.flagged)}</p> })}
            </section>
        }
        .into_any();
    };
    let adequacy = match h.adequacy {
        Some(a) => view! {
            <p data-testid="adequacy" class=if a.adequate { "adequacy ok" } else { "adequacy short" }>
                <strong>{if a.adequate { d.representative } else { d.not_representative }}</strong>
                ": " {group_thousands(a.respondents, Some('.'))} " " {d.respondents} " / " {d.minimum} " "
                {group_thousands(a.required, Some('.'))} " (Krejcie–Morgan, " {d.population} " "
                {group_thousands(a.population, Some('.'))}
                {h.population_counted.then(|| format!(" {}", text.invitation.population_counted))} ")"
                {(!a.adequate).then(|| format!(" — {}", count(d.short_by, group_thousands(a.shortfall(), Some('.')))))}
            </p>
        }
        .into_any(),
        None => view! {
            <p data-testid="adequacy" class="adequacy">
                {group_thousands(result.respondents, Some('.'))} " " {d.respondents} ". " {d.population_unknown}
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="headline" data-testid="headline">
            <h2>{d.ikm_heading}</h2>
            <p class="ikm-value">
                <span class="ikm-number" data-testid="ikm">{result.converted.to_id_string()}</span>
                <span class=format!("grade grade-{}", result.mutu.letter()) data-testid="grade">{result.mutu.letter()}</span>
                <span class="ikm-label">{result.mutu.label(lang)}</span>
            </p>
            {h.interval.map(|i| view! {
                <p data-testid="interval">
                    {d.interval} ": " {i.low.to_id_string()} "–" {i.high.to_id_string()}
                </p>
            })}
            {adequacy}
            <p data-testid="change">
                {match h.change {
                    Some(change) => format!(
                        "{} {} {} ({})",
                        signed(change),
                        d.change_vs,
                        h.previous_label,
                        h.previous.map(|p| p.to_id_string()).unwrap_or_default()
                    ),
                    None => format!("{} ({})", d.no_previous, h.previous_label),
                }}
            </p>
            {(h.flagged > 0).then(|| view! { <p class="muted" data-testid="flagged">{count(d.flagged, h.flagged)}</p> })}
            {h.weakest.map(|u| view! {
                <p class="weakest" data-testid="weakest">
                    <strong>{d.weakest_note}</strong> ": " {u.name(lang)}
                </p>
            })}
        </section>
    }
    .into_any()
}

/// What the period's comments were about: each theme raised, its comments and share, the change
/// from the period before, and how its writers scored its unsur beside everyone; links to its
/// comments in the inbox and to a follow-up action started from it.
#[component]
fn ThemesSection(data: DashboardData, base: String) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let query = data.period_query();
    let themes = data.themes.clone();
    let previous = data.previous_themes.clone();
    let read = d
        .themes_read
        .replace("{n}", &group_thousands(themes.comments, Some('.')))
        .replace("{m}", &group_thousands(previous.comments, Some('.')));
    let nrr = |u: Unsur| {
        data.headline
            .result
            .as_ref()
            .and_then(|r| r.get(u).graded)
            .map(|g| g.nrr.to_id_string())
            .unwrap_or_else(|| "—".into())
    };
    let rows = themes.top(9);
    view! {
        <section aria-labelledby="themes-heading" data-testid="themes">
            <h2 id="themes-heading">{d.themes_heading}</h2>
            <p class="muted">{read}</p>
            {if rows.is_empty() {
                view! { <p class="muted">{d.themes_none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                        <table class="figures" data-testid="themes-table">
                            <thead>
                                <tr>
                                    <th scope="col">{d.col_theme}</th>
                                    <th scope="col" class="num">{d.col_comments}</th>
                                    <th scope="col" class="num">{d.col_share}</th>
                                    <th scope="col" class="num">{d.col_change}</th>
                                    <th scope="col" class="num">{d.col_raisers_score}</th>
                                    <th scope="col"><span class="visually-hidden">{d.themes_view}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|count| {
                                    let u = count.theme;
                                    let change = themes.share_change(&previous, u).map(signed);
                                    view! {
                                        <tr data-theme=u.key()>
                                            <th scope="row">{format!("{}. {}", u.number(), u.name(lang))}</th>
                                            <td class="num">{group_thousands(count.comments, Some('.'))}</td>
                                            <td class="num">{count.share(themes.comments).map(|s| format!("{} %", s.to_id_string())).unwrap_or_else(|| "—".into())}</td>
                                            <td class="num">{change.unwrap_or_else(|| "—".into())}</td>
                                            <td class="num">
                                                {count.mean_score().map(|m| m.to_id_string()).unwrap_or_else(|| "—".into())}
                                                " (" {nrr(u)} ")"
                                            </td>
                                            <td class="links">
                                                <a href=format!("{base}/masukan?{query}&tema={}", u.key())>{d.themes_view}</a>
                                                " · "
                                                <a href=format!("{base}?{query}&rencana={}#add-action", u.key()) data-testid="plan-from-theme">{d.themes_plan}</a>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="hint">{d.themes_score_note}</p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn UnsurSection(data: DashboardData) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let Some(result) = data.headline.result.clone() else {
        return ().into_any();
    };
    let weakest = data.headline.weakest;
    let bars = Unsur::ALL
        .iter()
        .map(|u| {
            let r = result.get(*u);
            Bar {
                label: format!("{}. {}", u.number(), u.name(lang)),
                value: r.graded.map(|g| (g.converted, g.mutu)),
                highlight: Some(*u) == weakest,
            }
        })
        .collect();
    view! {
        <section aria-labelledby="unsur-heading">
            <h2 id="unsur-heading">{d.unsur_heading}</h2>
            <BarChart id="unsur-chart".to_string() title=d.unsur_heading.to_string() description=d.chart_alt_unsur bars />
            <div class="table-scroll" role="region" tabindex="0" aria-label=crate::i18n::t().table_scroll>
                <table class="figures" data-testid="unsur-table">
                    <thead>
                        <tr>
                            <th scope="col">{d.col_unsur}</th>
                            <th scope="col" class="num">{d.col_nrr}</th>
                            <th scope="col" class="num">{d.col_converted}</th>
                            <th scope="col">{d.col_grade}</th>
                            <th scope="col" class="num">{d.col_answered}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {Unsur::ALL
                            .iter()
                            .map(|u| {
                                let r = result.get(*u);
                                let weak = Some(*u) == weakest;
                                view! {
                                    <tr class:weakest=weak data-unsur=u.key()>
                                        <th scope="row">
                                            {format!("{}. {}", u.number(), u.name(lang))}
                                            {weak.then(|| view! { " " <span class="badge">{d.weakest}</span> })}
                                        </th>
                                        <td class="num">{r.graded.map(|g| g.nrr.to_id_string()).unwrap_or("—".into())}</td>
                                        <td class="num">{r.graded.map(|g| g.converted.to_id_string()).unwrap_or("—".into())}</td>
                                        <td>{r.graded.map(|g| g.mutu.letter()).unwrap_or("—")}</td>
                                        <td class="num">{group_thousands(r.answered, Some('.'))}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn TrendSection(data: DashboardData) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let points: Vec<(String, Option<Hundredths>)> = data
        .trend
        .iter()
        .map(|p| (p.label.clone(), p.converted))
        .collect();
    view! {
        <section aria-labelledby="trend-heading">
            <h2 id="trend-heading">{d.trend_heading}</h2>
            <LineChart id="trend-ikm".to_string() title=d.trend_ikm.to_string() description=d.chart_alt_trend points />
            <h3>{d.trend_unsur}</h3>
            <div class="small-multiples">
                {Unsur::ALL
                    .iter()
                    .map(|u| {
                        let points = data
                            .trend
                            .iter()
                            .map(|p| (p.label.clone(), p.unsur[u.index()]))
                            .collect();
                        view! {
                            <LineChart
                                id=format!("trend-{}", u.key())
                                title=format!("{}. {}", u.number(), u.name(lang))
                                description=d.chart_alt_trend
                                points
                                compact=true
                            />
                        }
                    })
                    .collect_view()}
            </div>
            <div class="table-scroll" role="region" tabindex="0" aria-label=crate::i18n::t().table_scroll>
                <table class="figures" data-testid="trend-table">
                    <thead>
                        <tr>
                            <th scope="col">{d.col_period}</th>
                            <th scope="col" class="num">{d.col_respondents}</th>
                            <th scope="col" class="num">"IKM"</th>
                            {Unsur::ALL.iter().map(|u| view! {
                                <th scope="col" class="num" title=u.name(lang)>{format!("U{}", u.number())}</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {data.trend.iter().map(|p| view! {
                            <tr>
                                <th scope="row">{p.label.clone()}</th>
                                <td class="num">{group_thousands(p.respondents, Some('.'))}</td>
                                <td class="num">{p.converted.map(|c| c.to_id_string()).unwrap_or("—".into())}</td>
                                {Unsur::ALL.iter().map(|u| view! {
                                    <td class="num">{p.unsur[u.index()].map(|c| c.to_id_string()).unwrap_or("—".into())}</td>
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn BreakdownSection(data: DashboardData) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    view! {
        <section aria-labelledby="breakdown-heading">
            <h2 id="breakdown-heading">{d.breakdown_heading}</h2>
            <div class="breakdowns">
                {data
                    .breakdowns
                    .into_iter()
                    .filter(|b| !b.rows.is_empty())
                    .map(|b| view! {
                        <div class="table-scroll" role="region" tabindex="0" aria-label=crate::i18n::t().table_scroll>
                            <table class="figures" data-breakdown=b.dimension.key()>
                                <caption>{b.dimension.label(lang)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{b.dimension.label(lang)}</th>
                                        <th scope="col" class="num">{d.col_respondents}</th>
                                        <th scope="col" class="num">"IKM"</th>
                                        <th scope="col">{d.col_grade}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {b.rows.into_iter().map(|r| view! {
                                        <tr>
                                            <th scope="row">{r.label}</th>
                                            <td class="num">{group_thousands(r.respondents, Some('.'))}</td>
                                            {match r.figures {
                                                Some((c, m)) => view! {
                                                    <td class="num">{c.to_id_string()}</td>
                                                    <td>{m.letter()}</td>
                                                }.into_any(),
                                                None => view! {
                                                    <td colspan="2" class="muted hidden-cell">{d.hidden_cell}</td>
                                                }.into_any(),
                                            }}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

fn status_options(selected: ActionStatus, lang: Lang) -> impl IntoView {
    ActionStatus::ALL
        .iter()
        .map(|s| view! { <option value=s.key() selected=*s == selected>{s.label(lang)}</option> })
        .collect_view()
}

#[component]
fn PlanSection(data: DashboardData, base: String) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let query = data.period_query();
    let form = data.form.clone();
    let err = |field: &str| field_error(&form, "action", field);
    // Started from a theme (its "plan" link): that unsur, and the theme's count as the action's
    // theme; otherwise the weakest unsur.
    let default_unsur = field_value(
        &form,
        "action",
        "unsur",
        data.plan_theme
            .or(data.headline.weakest)
            .map(|u| u.key().to_string())
            .unwrap_or_default(),
    );
    let default_theme = data
        .plan_theme
        .map(|u| {
            let count = data.themes.of(u);
            d.themes_plan_theme
                .replace("{theme}", u.name(lang))
                .replace("{n}", &count.comments.to_string())
                .replace(
                    "{share}",
                    &count
                        .share(data.themes.comments)
                        .map(|s| s.to_id_string())
                        .unwrap_or_else(|| "0,00".into()),
                )
        })
        .unwrap_or_default();
    let sc = &text.scorecard;
    let action_row = |a: FollowUpAction, base: &str, query: &str| {
        let form_name = format!("action-{}", a.id);
        let aerr = |field: &str| field_error(&form, &form_name, field);
        let id = |field: &str| format!("{field}-{}", a.id);
        let done_default = a
            .done_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        view! {
            <li class="action" data-testid="action">
                <ActionLine action=a.clone() />
                <details class="action-progress" open=form.as_ref().is_some_and(|f| f.is(&form_name))>
                    <summary>{sc.update_action}</summary>
                    <form method="post" enctype="multipart/form-data" action=format!("{base}/tindak-lanjut/{}?{query}", a.id) class="card-form">
                        {form_summary(&form, &form_name)}
                        <div class="field" class:has-error=aerr("status").is_some()>
                            <label for=id("status")>{d.field_status}</label>
                            {aerr("status").map(|e| view! { <p class="field-error">{e}</p> })}
                            <select id=id("status") name="status">{status_options(a.status, lang)}</select>
                        </div>
                        <div class="field" class:has-error=aerr("selesai").is_some()>
                            <label for=id("selesai")>{sc.field_done_on}</label>
                            {aerr("selesai").map(|e| view! { <p class="field-error">{e}</p> })}
                            <input id=id("selesai") name="selesai" type="date"
                                value=field_value(&form, &form_name, "selesai", done_default) />
                        </div>
                        <div class="field" class:has-error=aerr("catatan").is_some()>
                            <label for=id("catatan")>{sc.field_note}</label>
                            {aerr("catatan").map(|e| view! { <p class="field-error">{e}</p> })}
                            <textarea id=id("catatan") name="catatan" rows="2" maxlength="2000">
                                {field_value(&form, &form_name, "catatan", a.evidence.note.clone().unwrap_or_default())}
                            </textarea>
                        </div>
                        <div class="field" class:has-error=aerr("tautan").is_some()>
                            <label for=id("tautan")>{sc.field_link}</label>
                            {aerr("tautan").map(|e| view! { <p class="field-error">{e}</p> })}
                            <input id=id("tautan") name="tautan" type="url" inputmode="url"
                                value=field_value(&form, &form_name, "tautan", a.evidence.link.clone().unwrap_or_default()) />
                        </div>
                        <div class="field" class:has-error=aerr("foto").is_some()>
                            <label for=id("foto")>{sc.field_photo}</label>
                            {aerr("foto").map(|e| view! { <p class="field-error">{e}</p> })}
                            <input id=id("foto") name="foto" type="file" accept="image/jpeg,image/png" />
                            <p class="hint">{sc.medium_photo_hint}</p>
                        </div>
                        <button type="submit" class="secondary">{d.save}</button>
                    </form>
                </details>
            </li>
        }
    };
    view! {
        <section aria-labelledby="plan-heading" data-testid="plan">
            <h2 id="plan-heading">{d.plan_heading} " — " {data.period_label.clone()}</h2>
            {data.progress.clone().map(|p| view! { <p data-testid="progress"><strong>{p}</strong></p> })}
            {if data.actions.is_empty() {
                view! { <p class="muted">{d.plan_empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="actions">
                        {data.actions.iter().cloned().map(|a| action_row(a, &base, &query)).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!data.previous_actions.is_empty()).then(|| view! {
                <h3>{d.plan_previous}</h3>
                <ul class="actions" data-testid="previous-actions">
                    {data.previous_actions.iter().map(|c| {
                        let verdict = match c.improved() {
                            Some(true) => d.improved,
                            Some(false) => d.not_improved,
                            None => d.no_data,
                        };
                        view! {
                            <li>
                                <strong>{c.action.unsur.name(lang)}</strong> ": " {c.action.action.clone()}
                                " (" {c.action.status.label(lang)} ") — "
                                {c.before.map(|b| b.to_id_string()).unwrap_or("—".into())} " → "
                                {c.after.map(|a| a.to_id_string()).unwrap_or("—".into())} " "
                                <strong class=if c.improved() == Some(true) { "up" } else { "down" }>{verdict}</strong>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <form method="post" action=format!("{base}/tindak-lanjut?{query}") class="card-form" id="add-action">
                {form_summary(&form, "action")}
                <input type="hidden" name="periode" value=data.period.key() />
                <div class="field" class:has-error=err("unsur").is_some()>
                    <label for="a-unsur">{d.field_unsur}</label>
                    {err("unsur").map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id="a-unsur" name="unsur">
                        {Unsur::ALL.iter().map(|u| view! {
                            <option value=u.key() selected=default_unsur == u.key()>{u.name(lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:has-error=err("tindakan").is_some()>
                    <label for="a-tindakan">{d.field_action}</label>
                    {err("tindakan").map(|e| view! { <p class="field-error">{e}</p> })}
                    <textarea id="a-tindakan" name="tindakan" rows="2" maxlength="2000" required=true>
                        {field_value(&form, "action", "tindakan", String::new())}
                    </textarea>
                </div>
                <div class="field" class:has-error=err("tema").is_some()>
                    <label for="a-tema">{sc.field_theme}</label>
                    {err("tema").map(|e| view! { <p class="field-error">{e}</p> })}
                    <input id="a-tema" name="tema" type="text" maxlength="200"
                        value=field_value(&form, "action", "tema", default_theme) />
                    <p class="hint">{sc.field_theme_hint}</p>
                </div>
                <div class="field" class:has-error=err("penanggung_jawab").is_some()>
                    <label for="a-pj">{d.field_owner}</label>
                    {err("penanggung_jawab").map(|e| view! { <p class="field-error">{e}</p> })}
                    <input id="a-pj" name="penanggung_jawab" type="text" maxlength="200" required=true
                        value=field_value(&form, "action", "penanggung_jawab", String::new()) />
                </div>
                <div class="field" class:has-error=err("batas").is_some()>
                    <label for="a-batas">{d.field_due}</label>
                    {err("batas").map(|e| view! { <p class="field-error">{e}</p> })}
                    <input id="a-batas" name="batas" type="date" required=true
                        value=field_value(&form, "action", "batas", String::new()) />
                </div>
                <button type="submit">{d.add_action}</button>
            </form>
        </section>
    }
}

#[component]
fn RulesSection(data: DashboardData, base: String) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let query = data.period_query();
    let form = data.form.clone();
    let err = |field: &str| field_error(&form, "rules", field);
    let rules = data.rules;
    let grade = field_value(
        &form,
        "rules",
        "mutu",
        rules
            .below_grade
            .map(|m| m.letter().to_string())
            .unwrap_or_default(),
    );
    let acknowledged: Vec<Alert> = data
        .alerts
        .into_iter()
        .filter(|a| a.acknowledged_at.is_some())
        .collect();
    view! {
        <details class="rules" open=form.as_ref().is_some_and(|f| f.is("rules"))>
            <summary>{d.rules_heading}</summary>
            <form method="post" action=format!("{base}/peringatan?{query}") class="card-form">
                {form_summary(&form, "rules")}
                <div class="field">
                    <label for="r-mutu">{d.rule_grade}</label>
                    {err("mutu").map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id="r-mutu" name="mutu">
                        <option value="">{d.rule_none}</option>
                        {[Mutu::A, Mutu::B, Mutu::C].into_iter().map(|m| view! {
                            <option value=m.letter() selected=grade == m.letter()>
                                {format!("{} ({})", m.letter(), m.label(lang))}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:has-error=err("persen").is_some()>
                    <label for="r-persen">{d.rule_share}</label>
                    {err("persen").map(|e| view! { <p class="field-error">{e}</p> })}
                    <input id="r-persen" name="persen" type="number" min="1" max="100" inputmode="numeric"
                        value=field_value(&form, "rules", "persen", rules.low_share_percent.map(|p| p.to_string()).unwrap_or_default()) />
                </div>
                <div class="field" class:has-error=err("terakhir").is_some()>
                    <label for="r-terakhir">{d.rule_last}</label>
                    {err("terakhir").map(|e| view! { <p class="field-error">{e}</p> })}
                    <input id="r-terakhir" name="terakhir" type="number" min="5" max="1000" inputmode="numeric"
                        value=field_value(&form, "rules", "terakhir", rules.low_share_last.to_string()) />
                </div>
                <div class="field" class:has-error=err("tanggapan").is_some()>
                    <label for="r-tanggapan">{d.rule_rate}</label>
                    {err("tanggapan").map(|e| view! { <p class="field-error">{e}</p> })}
                    <input id="r-tanggapan" name="tanggapan" type="number" min="1" max="100" inputmode="numeric"
                        value=field_value(&form, "rules", "tanggapan", rules.min_response_rate.map(|p| p.to_string()).unwrap_or_default()) />
                </div>
                <div class="field" class:has-error=err("email").is_some()>
                    <label for="r-email">{d.rule_email}</label>
                    {err("email").map(|e| view! { <p class="field-error">{e}</p> })}
                    <input id="r-email" name="email" type="email" autocomplete="email"
                        value=field_value(&form, "rules", "email", rules.email.clone().unwrap_or_default()) />
                </div>
                <button type="submit">{d.save_rules}</button>
            </form>
            {(!acknowledged.is_empty()).then(|| view! {
                <ul class="muted">
                    {acknowledged.into_iter().map(|a| view! {
                        <li>
                            {jakarta_time(&a.raised_at)} " · " {a.kind.label(lang)} " — " {a.detail} " · "
                            {d.acknowledged_by} " " {a.acknowledged_by.unwrap_or_default()}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </details>
    }
}

#[component]
fn PublishSection(data: DashboardData, base: String) -> impl IntoView {
    let text = t();
    let p = &text.public;
    let query = data.period_query();
    view! {
        <section class="publish" aria-labelledby="publish-heading" data-testid="publish">
            <h2 id="publish-heading">{p.publish_heading}</h2>
            {match data.published {
                None => view! { <p class="muted">{p.custom_not_publishable}</p> }.into_any(),
                Some(published) => view! {
                    <p>{if published { p.published } else { p.not_published }}</p>
                    <form method="post" action=format!("{base}/terbitkan?{query}")>
                        <input type="hidden" name="periode" value=data.period.key() />
                        <input type="hidden" name="terbit" value=if published { "0" } else { "1" } />
                        <button type="submit" class=if published { "secondary" } else { "" }>
                            {if published { p.withdraw } else { p.publish }}
                        </button>
                    </form>
                    {published.then(|| view! { <p><a href=format!("/publik/{}", data.unit_code)>{p.nav}</a></p> })}
                    <MediaRegister data=data.clone() base=base.clone() />
                }.into_any(),
            }}
            <p data-testid="download">
                {p.download} " "
                <a href=format!("{base}/ekspor?{query}&format=csv") download>"CSV"</a> " · "
                <a href=format!("{base}/ekspor?{query}&format=xlsx") download>"XLSX (olah data)"</a> " · "
                <a href=format!("{base}/ekspor?{query}&format=csv&publikasi=1") download data-testid="publication-export">
                    {p.download_publication}
                </a>
            </p>
            <p data-testid="report">
                {p.report} " "
                <a href=format!("{base}/laporan?{query}")>{p.report_print}</a> " · "
                <a href=format!("{base}/laporan.pdf?{query}") download>{p.report_pdf}</a>
            </p>
            <p><a href=format!("{base}/impor") data-testid="import-link">{text.upload.nav}</a></p>
            <InvitationLine data=data.clone() base=base.clone() />
        </section>
    }
}

/// The period's invitations in one line — issued, answered, the response rate, the share of
/// answers that came by invitation — and the link to the counter staff's page.
#[component]
fn InvitationLine(data: DashboardData, base: String) -> impl IntoView {
    let text = t();
    let i = &text.invitation;
    let counts = data.invitations;
    let respondents = data.headline.result.as_ref().map_or(0, |r| r.respondents);
    let percent =
        |v: Option<Hundredths>| v.map_or("–".to_string(), |p| format!("{}%", p.to_id_string()));
    view! {
        <p data-testid="invitations">
            <a href=format!("{base}/undangan")>{i.nav}</a> ": "
            {i.issued} " " <strong data-testid="invitations-issued">{counts.issued.to_string()}</strong> " · "
            {i.answered} " " <strong>{counts.answered.to_string()}</strong> " · "
            {i.response_rate} " " <strong data-testid="response-rate">{percent(counts.response_rate())}</strong> " · "
            {i.invited_share} " " <strong data-testid="invited-share">{percent(counts.invited_share(respondents))}</strong>
            {counts.served.map(|served| view! {
                " · " {i.served} " " <strong data-testid="served">{group_thousands(served, Some('.'))}</strong>
                " · " {i.per_served} " " <strong data-testid="per-served">{percent(counts.respondents_per_served(respondents))}</strong>
            })}
        </p>
    }
}

/// The unit's own row of the scorecard: five scores with their reasons, a link to the details.
#[component]
fn ScoreCardSection(data: DashboardData, base: String) -> impl IntoView {
    let text = t();
    let s = &text.scorecard;
    let lang = use_lang();
    let card = data.card;
    view! {
        <section aria-labelledby="card-heading" data-testid="score-card">
            <h2 id="card-heading">{crate::scorecard::fill(s.dashboard_heading, &[("year", card.year.to_string())])}</h2>
            <ul class="score-card">
                {card.cells.into_iter().map(|c| view! {
                    <li data-indicator=c.indicator.key() data-score=c.score.to_string()>
                        <strong>{indicator_short(c.indicator, lang)}</strong> " "
                        <span class=crate::scorecard::chip_class(c.score, c.top)>
                            {format!("{}/{}", c.score, c.top)}
                        </span>
                        <br />
                        <span class="muted">{c.reason}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p>
                {s.col_mean} ": " <strong>{card.mean.to_id_string()}</strong> " · "
                <a href=format!("{base}/rapor?tahun={}", card.year) data-testid="card-link">{s.unit_link}</a>
            </p>
        </section>
    }
}

/// The media the period's results appeared in, and the form to record one more (with a link, a
/// photo or both; multipart, works without JavaScript).
#[component]
fn MediaRegister(data: DashboardData, base: String) -> impl IntoView {
    let text = t();
    let s = &text.scorecard;
    let lang = use_lang();
    let query = data.period_query();
    let form = data.form.clone();
    let err = |field: &str| field_error(&form, "medium", field);
    let chosen = field_value(&form, "medium", "jenis", String::new());
    let day_default = field_value(
        &form,
        "medium",
        "tanggal",
        data.medium_day.format("%Y-%m-%d").to_string(),
    );
    view! {
        <h3 id="media-heading">{s.media_heading}</h3>
        <p class="muted">{s.media_intro}</p>
        {if data.media.is_empty() {
            view! { <p class="muted" data-testid="media-empty">{s.media_empty}</p> }.into_any()
        } else {
            view! {
                <ul data-testid="media">
                    {data.media.iter().cloned().map(|m| {
                        let id = m.id;
                        view! {
                            <MediumLine medium=m />
                            <form method="post" action=format!("{base}/media/{id}/hapus?{query}") class="inline-form">
                                <button type="submit" class="link-button">{s.medium_remove}</button>
                            </form>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <form method="post" enctype="multipart/form-data" action=format!("{base}/media?{query}") class="card-form" id="add-medium">
            {form_summary(&form, "medium")}
            <input type="hidden" name="periode" value=data.period.key() />
            <div class="field" class:has-error=err("jenis").is_some()>
                <label for="m-jenis">{s.medium_kind}</label>
                {err("jenis").map(|e| view! { <p class="field-error">{e}</p> })}
                <select id="m-jenis" name="jenis">
                    {ikm_domain::scorecard::MediumKind::ALL.iter().map(|k| view! {
                        <option value=k.key() selected=chosen == k.key()>{kind_name(*k, lang)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:has-error=err("nama").is_some()>
                <label for="m-nama">{s.medium_name}</label>
                {err("nama").map(|e| view! { <p class="field-error">{e}</p> })}
                <input id="m-nama" name="nama" type="text" maxlength="200" required=true
                    value=field_value(&form, "medium", "nama", String::new()) />
                <p class="hint">{s.medium_name_hint}</p>
            </div>
            <div class="field" class:has-error=err("tanggal").is_some()>
                <label for="m-tanggal">{s.medium_day}</label>
                {err("tanggal").map(|e| view! { <p class="field-error">{e}</p> })}
                <input id="m-tanggal" name="tanggal" type="date" required=true value=day_default />
            </div>
            <div class="field" class:has-error=err("tautan").is_some()>
                <label for="m-tautan">{s.medium_link}</label>
                {err("tautan").map(|e| view! { <p class="field-error">{e}</p> })}
                <input id="m-tautan" name="tautan" type="url" inputmode="url"
                    value=field_value(&form, "medium", "tautan", String::new()) />
            </div>
            <div class="field" class:has-error=err("foto").is_some()>
                <label for="m-foto">{s.medium_photo}</label>
                {err("foto").map(|e| view! { <p class="field-error">{e}</p> })}
                <input id="m-foto" name="foto" type="file" accept="image/jpeg,image/png" />
                <p class="hint">{s.medium_photo_hint}</p>
            </div>
            <button type="submit">{s.medium_add}</button>
        </form>
    }
}
