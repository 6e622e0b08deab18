//! Evidence as the scorecard, the dashboard and the public unit page list it: a medium the results
//! appeared in, a follow-up item with its progress and evidence.

use crate::dashboard::FollowUpAction;
use crate::evidence::{photo_path, MediumRecord};
use crate::i18n::{t, use_lang};
use crate::scorecard::{kind_name, period_label};
use leptos::prelude::*;

/// A medium the results appeared in, with its link and photo.
#[component]
pub fn MediumLine(medium: MediumRecord) -> impl IntoView {
    let s = &t().scorecard;
    let lang = use_lang();
    view! {
        <li data-testid="medium">
            {period_label(&medium.period, lang)} " — " <strong>{kind_name(medium.kind, lang)}</strong> ": " {medium.name.clone()}
            " (" {medium.on.format("%d-%m-%Y").to_string()} ")"
            {medium.link.clone().map(|l| view! { " · " <a href=l.clone() rel="nofollow noopener" target="_blank">{l.clone()}</a> })}
            {medium.photo.clone().map(|p| view! { " · " <a href=photo_path(&p)>{s.photo}</a> })}
        </li>
    }
}

/// A follow-up item with its progress and evidence.
#[component]
pub fn ActionLine(action: FollowUpAction) -> impl IntoView {
    let s = &t().scorecard;
    let d = &t().dash;
    let lang = use_lang();
    let a = action;
    view! {
        <li class="action" data-testid="action-line" data-status=a.status.key()>
            <strong>{a.unsur.name(lang)}</strong> ": " {a.action.clone()}
            {a.theme.clone().map(|th| view! { " (" {s.theme} ": " {th} ")" })}
            <br />
            <span class="muted">
                {period_label(&a.period, lang)} " · " {a.owner.clone()} " · " {d.field_due} " " {a.due.format("%d-%m-%Y").to_string()}
                " · " {a.status.label(lang)}
                {a.done_on.map(|day| format!(" · {} {}", s.done_on, day.format("%d-%m-%Y")))}
            </span>
            {(!a.evidence.is_empty()).then(|| view! {
                <br />
                <span>
                    {s.evidence} ": " {a.evidence.note.clone().unwrap_or_default()}
                    {a.evidence.link.clone().map(|l| view! { " " <a href=l.clone() rel="nofollow noopener" target="_blank">{l.clone()}</a> })}
                    {a.evidence.photo.clone().map(|p| view! { " " <a href=photo_path(&p)>{s.photo}</a> })}
                </span>
            })}
        </li>
    }
}
