//! `/admin/audit` — the append-only audit log, newest first, with filters (admins only). The filter
//! is a GET form, so it works without JavaScript and a filtered view can be bookmarked.

use crate::access::audit_action::ALL as ACTIONS;
use crate::access::Viewer;
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::i18n::t;
use crate::model::{AuditFilter, AuditRecord};
use crate::time::jakarta_time;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Lines shown at most; narrow the filter to see older ones.
pub const LIMIT: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub viewer: Viewer,
    pub lines: Vec<AuditRecord>,
}

#[server(endpoint = "admin/audit")]
pub async fn load_audit(
    actor: Option<String>,
    action: Option<String>,
    target: Option<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<Option<AuditView>, LoadError> {
    let filter = AuditFilter {
        actor,
        action,
        target,
        from,
        to,
    };
    let viewer = crate::guard::require(Viewer::can_manage_users)?;
    let store = crate::store::use_store()?;
    let lines = store
        .audit_log(&filter, LIMIT)
        .await
        .map_err(crate::store::unavailable("reading the audit log"))?;
    Ok(Some(AuditView { viewer, lines }))
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        let text = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
        AuditFilter {
            actor: text("oleh"),
            action: text("tindakan"),
            target: text("sasaran"),
            from: text("dari").and_then(|d| d.parse().ok()),
            to: text("sampai").and_then(|d| d.parse().ok()),
        }
    };
    let data = Resource::new(filter, |f| {
        load_audit(f.actor, f.action, f.target, f.from, f.to)
    });
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                let current = filter();
                guarded(data.await, move |view_data: AuditView| view! { <AuditTable data=view_data filter=current /> })
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(data: AuditView, filter: AuditFilter) -> impl IntoView {
    let text = t();
    let a = &text.admin;
    let action = filter.action.clone().unwrap_or_default();
    view! {
        <AdminFrame viewer=data.viewer title=a.nav_audit.to_string()>
            <p class="lead">{a.audit_intro}</p>
            <form method="get" action="/admin/audit" class="filters">
                <div class="field">
                    <label for="a-oleh">{a.audit_who}</label>
                    <input id="a-oleh" name="oleh" value=filter.actor.clone().unwrap_or_default() />
                </div>
                <div class="field">
                    <label for="a-tindakan">{a.audit_action}</label>
                    <select id="a-tindakan" name="tindakan">
                        <option value="">{a.all_actions}</option>
                        {ACTIONS
                            .into_iter()
                            .map(|k| view! { <option value=k selected=action == k>{k}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="a-sasaran">{a.audit_target}</label>
                    <input id="a-sasaran" name="sasaran" value=filter.target.clone().unwrap_or_default() />
                </div>
                <div class="field">
                    <label for="a-dari">{a.date_from}</label>
                    <input id="a-dari" type="date" name="dari" value=filter.from.map(|d| d.to_string()).unwrap_or_default() />
                </div>
                <div class="field">
                    <label for="a-sampai">{a.date_to}</label>
                    <input id="a-sampai" type="date" name="sampai" value=filter.to.map(|d| d.to_string()).unwrap_or_default() />
                </div>
                <button type="submit" class="button">{a.filter}</button>
            </form>
            {if data.lines.is_empty() {
                view! { <p>{a.no_entries}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" tabindex="0" aria-label=crate::i18n::t().table_scroll>
                        <table class="data" data-testid="audit">
                            <thead>
                                <tr>
                                    <th scope="col">{a.audit_when}</th>
                                    <th scope="col">{a.audit_who}</th>
                                    <th scope="col">{a.audit_action}</th>
                                    <th scope="col">{a.audit_target}</th>
                                    <th scope="col">{a.audit_change}</th>
                                    <th scope="col">{a.audit_address}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {data
                                    .lines
                                    .into_iter()
                                    .map(|l| view! {
                                        <tr>
                                            <td>{jakarta_time(&l.at)}</td>
                                            <td>{l.actor}</td>
                                            <td><code>{l.action}</code></td>
                                            <td>{l.target}</td>
                                            <td class="change">
                                                {l.before.map(|b| view! { <code>{b}</code> " → " })}
                                                {l.after.map(|x| view! { <code>{x}</code> })}
                                            </td>
                                            <td>{l.address}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </AdminFrame>
    }
}
