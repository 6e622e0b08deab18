//! `/admin/rubrik` — the scorecard's rubric, for administrators: each indicator's steps (score,
//! comparison, threshold) and the conducted ladder, saved only when they hold together (a refused
//! rubric lists its problems in words), reset to the defaults, every change audited; and the log of
//! the monthly reminder mails.

use crate::access::Viewer;
use crate::components::fields::{field_error, field_value, form_summary};
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::evidence::ReminderMail;
use crate::forms::{FormState, RUBRIC_FORM};
use crate::i18n::{t, use_lang};
use crate::scorecard::{
    fill, indicator_name, problem_words, rubric_from_form, rung_field, rung_name, step_field,
};
use crate::time::jakarta_time;
use ikm_domain::rubric::{Cmp, Indicator, Rubric};
use ikm_domain::scorecard::Rung;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricEditor {
    pub viewer: Viewer,
    pub rubric: Rubric,
    /// Who stored the rubric in force and when (`None`: the defaults).
    pub stored: Option<(String, String)>,
    pub reminders: Vec<ReminderMail>,
    pub form: Option<FormState>,
}

#[server(endpoint = "admin/rubrik")]
pub async fn load_rubric_editor() -> Result<Option<RubricEditor>, LoadError> {
    let viewer = crate::guard::require(Viewer::is_admin)?;
    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the rubric");
    let record = store.rubric_record().await.map_err(failed)?;
    let stored = record
        .as_ref()
        .filter(|r| r.rubric.is_some())
        .map(|r| (r.by.clone(), r.at.clone()));
    Ok(Some(RubricEditor {
        viewer,
        rubric: record.and_then(|r| r.rubric).unwrap_or_default(),
        stored,
        reminders: store.reminder_log(50).await.map_err(failed)?,
        form: crate::forms::rejected(),
    }))
}

#[component]
pub fn RubricPage() -> impl IntoView {
    let text = t();
    let data = Resource::new(|| (), |_| load_rubric_editor());
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |editor: RubricEditor| view! { <Editor editor /> })
            })}
        </Suspense>
    }
}

fn cmp_words(cmp: Cmp, lang: ikm_domain::Lang) -> String {
    let s = &crate::i18n::texts(lang).scorecard;
    let template = match cmp {
        Cmp::AtLeast => s.at_least,
        Cmp::MoreThan => s.more_than,
        Cmp::AtMost => s.at_most,
        Cmp::LessThan => s.less_than,
    };
    format!(
        "{} ({})",
        fill(template, &[("n", "…".into())]),
        cmp.symbol()
    )
}

#[component]
fn Editor(editor: RubricEditor) -> impl IntoView {
    let text = t();
    let s = &text.scorecard;
    let lang = use_lang();
    let form = editor.form.clone();
    let rubric = editor.rubric.clone();
    let value =
        move |field: &str, fallback: String| field_value(&form, RUBRIC_FORM, field, fallback);
    let form_for_errors = editor.form.clone();
    let err = move |field: &str| field_error(&form_for_errors, RUBRIC_FORM, field);
    // A refused rubric: its problems, worded from the values sent.
    let problems: Vec<String> = editor
        .form
        .as_ref()
        .filter(|f| f.is(RUBRIC_FORM))
        .and_then(|f| rubric_from_form(|k| f.value(k).unwrap_or_default()).ok())
        .map(|mut r| r.check().iter().map(|p| problem_words(p, lang)).collect())
        .unwrap_or_default();
    let rungs = [
        ("full", Rung::Full),
        ("published_followed_up", Rung::PublishedFollowedUp),
        ("published", Rung::Published),
        ("per_rule", Rung::PerRule),
        ("conducted", Rung::Conducted),
    ];
    let ladder = rubric.conducted.rungs();
    let value_unit = |indicator: Indicator| {
        if indicator.is_percent() {
            s.value_percent
        } else if indicator == Indicator::FollowupSpeed {
            s.value_days
        } else {
            s.value_count
        }
    };
    view! {
        <AdminFrame viewer=editor.viewer.clone() title=s.rubric_title.to_string()>
            <p class="lead">{s.rubric_intro}</p>
            <p data-testid="rubric-status">
                {match editor.stored.clone() {
                    None => s.rubric_defaults.to_string(),
                    Some((by, at)) => fill(s.rubric_stored, &[("by", by), ("at", jakarta_time(&at))]),
                }}
            </p>
            {(!problems.is_empty()).then(|| view! {
                <div class="form-summary" role="alert" data-testid="rubric-problems">
                    <p><strong>{s.problems_heading}</strong></p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            })}
            <form method="post" action="/admin/rubrik" class="staff-form" id="rubric-form">
                {form_summary(&editor.form, RUBRIC_FORM)}
                <div class="field" class:has-error=err("source").is_some()>
                    <label for="r-source">{s.rubric_source}</label>
                    {err("source").map(|e| view! { <p class="field-error">{e}</p> })}
                    <input id="r-source" name="source" type="text" maxlength="300"
                        value=value("source", rubric.source.clone()) />
                </div>
                <fieldset>
                    <legend>{indicator_name(Indicator::Conducted, lang)} " — " {s.rubric_ladder}</legend>
                    {rungs.iter().zip(ladder).map(|((key, rung), (_, score))| {
                        let field = rung_field(key);
                        let id = format!("r-{}", field.replace('.', "-"));
                        view! {
                            <div class="field" class:has-error=err(&field).is_some()>
                                <label for=id.clone()>{rung_name(*rung, lang)}</label>
                                {err(&field).map(|e| view! { <p class="field-error">{e}</p> })}
                                <input id=id name=field.clone() type="number" min="0" max="5" inputmode="numeric" required=true
                                    value=value(&field, score.to_string()) />
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                {Indicator::ALL.into_iter().skip(1).map(|indicator| {
                    let steps = rubric.steps(indicator).map(<[_]>::to_vec).unwrap_or_default();
                    view! {
                        <fieldset data-indicator=indicator.key()>
                            <legend>{indicator_name(indicator, lang)}</legend>
                            <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                                <table class="figures">
                                    <thead>
                                        <tr>
                                            <th scope="col">{s.col_score}</th>
                                            <th scope="col">{s.col_cmp}</th>
                                            <th scope="col">{s.col_value} " (" {value_unit(indicator)} ")"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {(1..=5u8).rev().map(|score| {
                                            let step = steps.iter().find(|st| st.score == score).copied();
                                            let cmp_field = step_field(indicator, score, "cmp");
                                            let value_field = step_field(indicator, score, "value");
                                            let chosen = value(&cmp_field, step.map(|st| st.cmp.key().to_string()).unwrap_or_else(|| {
                                                if indicator.more_is_better() { "at_least".into() } else { "at_most".into() }
                                            }));
                                            let cmp_id = format!("r-{}", cmp_field.replace('.', "-"));
                                            let value_id = format!("r-{}", value_field.replace('.', "-"));
                                            view! {
                                                <tr>
                                                    <th scope="row">{score.to_string()}</th>
                                                    <td>
                                                        <label class="visually-hidden" for=cmp_id.clone()>{format!("{} {score}: {}", s.col_score, s.col_cmp)}</label>
                                                        <select id=cmp_id name=cmp_field.clone()>
                                                            {Cmp::ALL.iter().map(|c| view! {
                                                                <option value=c.key() selected=chosen == c.key()>{cmp_words(*c, lang)}</option>
                                                            }).collect_view()}
                                                        </select>
                                                        {err(&cmp_field).map(|e| view! { <p class="field-error">{e}</p> })}
                                                    </td>
                                                    <td>
                                                        <label class="visually-hidden" for=value_id.clone()>{format!("{} {score}: {}", s.col_score, s.col_value)}</label>
                                                        <input id=value_id name=value_field.clone() type="number" min="0" inputmode="numeric"
                                                            placeholder=s.step_unused
                                                            value=value(&value_field, step.map(|st| st.value.to_string()).unwrap_or_default()) />
                                                        {err(&value_field).map(|e| view! { <p class="field-error">{e}</p> })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit">{s.rubric_save}</button>
            </form>
            <form method="post" action="/admin/rubrik/bawaan" class="staff-form">
                <button type="submit" class="secondary" data-testid="rubric-reset">{s.rubric_reset}</button>
            </form>
            <section aria-labelledby="reminders-heading" data-testid="reminder-log">
                <h2 id="reminders-heading">{s.reminders_heading}</h2>
                {if editor.reminders.is_empty() {
                    view! { <p class="muted">{s.reminders_none}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                            <table class="figures">
                                <thead>
                                    <tr>
                                        <th scope="col">{s.col_month}</th>
                                        <th scope="col">{s.col_address}</th>
                                        <th scope="col">{s.col_status}</th>
                                        <th scope="col" class="num">{s.col_items}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {editor.reminders.iter().cloned().map(|m| view! {
                                        <tr>
                                            <th scope="row">{m.month}</th>
                                            <td>{m.address}</td>
                                            <td>{m.status} {(!m.detail.is_empty()).then(|| format!(" — {}", m.detail))}</td>
                                            <td class="num">{m.items.to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
        </AdminFrame>
    }
}
