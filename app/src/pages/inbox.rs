//! `/dasbor/{code}/masukan` — the feedback inbox: every comment of the period with its date,
//! service and the response's nine scores; filters (period, service, low scores only, status, text);
//! for each comment a status (baru → dibaca → ditindaklanjuti → selesai), an internal note, and a
//! public reply shown on the unit's public page. The filters are a GET form, the changes plain
//! posts (`server/src/dashboard.rs`), so it all works without the WASM.

// The server function's arguments are the inbox's URL query fields, one each (as the GET form sends
// them); the `#[server]` macro copies them into the client stub, where a local allow cannot reach.
#![allow(clippy::too_many_arguments)]

use crate::access::Viewer;
use crate::components::fields::{field_error, field_value, form_summary};
use crate::components::staff::{guarded, AdminFrame};
use crate::dashboard::{CommentRow, CommentStatus, ConsentedContact};
use crate::error::LoadError;
use crate::forms::FormState;
use crate::i18n::{t, use_lang};
use crate::periods::period_query;
use crate::time::jakarta_time;
use ikm_domain::themes::CommentFlag;
use ikm_domain::{Period, Unsur};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// The most comments one page shows.
pub const INBOX_LIMIT: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxQuery {
    pub periode: Option<String>,
    pub dari: Option<String>,
    pub sampai: Option<String>,
    pub layanan: Option<String>,
    pub rendah: Option<String>,
    pub status: Option<String>,
    pub cari: Option<String>,
    /// An unsur's key: only comments read as that theme.
    pub tema: Option<String>,
    /// A flag's key (pungli, keselamatan, pujian).
    pub tanda: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxData {
    pub viewer: Viewer,
    pub unit_code: String,
    pub unit_name: String,
    pub period: Period,
    pub period_label: String,
    pub services: Vec<(i64, String)>,
    pub query: InboxQuery,
    /// This page's address with its filters (where a saved comment returns to).
    pub back: String,
    pub rows: Vec<CommentRow>,
    pub form: Option<FormState>,
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "dasbor/masukan")]
pub async fn load_inbox(
    code: String,
    periode: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
    layanan: Option<String>,
    rendah: Option<String>,
    status: Option<String>,
    cari: Option<String>,
    tema: Option<String>,
    tanda: Option<String>,
) -> Result<Option<InboxData>, LoadError> {
    let query = InboxQuery {
        periode,
        dari,
        sampai,
        layanan,
        rendah,
        status,
        cari,
        tema,
        tanda,
    };
    use crate::dashboard::CommentFilter;
    use crate::guard::managed_unit;
    use crate::i18n::encode_query;
    use crate::periods::requested_period;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the feedback inbox");
    let Some((viewer, record, unit)) =
        managed_unit(store.as_ref(), &code, "loading the feedback inbox").await?
    else {
        return Ok(None);
    };
    let lang = crate::i18n::request_lang();
    let (period, _) = requested_period(&query.periode, &query.dari, &query.sampai);
    let filter = CommentFilter {
        from: period.from,
        to: period.to,
        service: query.layanan.as_deref().and_then(|s| s.parse().ok()),
        low_only: query.rendah.as_deref() == Some("1"),
        status: query.status.as_deref().and_then(CommentStatus::parse),
        search: query
            .cari
            .as_deref()
            .map(|s| s.chars().take(200).collect::<String>())
            .filter(|s| !s.trim().is_empty()),
        theme: query.tema.as_deref().and_then(Unsur::parse),
        flag: query.tanda.as_deref().and_then(CommentFlag::parse),
    };
    let mut rows = store
        .comments(unit.id, &filter, INBOX_LIMIT)
        .await
        .map_err(failed)?;
    // A consented contact reaches that unit's own staff alone (UU 27/2022).
    if !viewer.sees_contacts_of(&code) {
        for row in &mut rows {
            row.contact = None;
            row.as_written = None;
        }
    }
    let mut back = format!("/dasbor/{code}/masukan?{}", period_query(&period));
    for (name, value) in [
        ("layanan", &query.layanan),
        ("rendah", &query.rendah),
        ("status", &query.status),
        ("cari", &query.cari),
        ("tema", &query.tema),
        ("tanda", &query.tanda),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            back.push_str(&format!("&{name}={}", encode_query(v)));
        }
    }
    Ok(Some(InboxData {
        viewer,
        unit_code: code,
        unit_name: record.fields.name,
        period_label: period.label(lang),
        period,
        services: record
            .services
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect(),
        query,
        back,
        rows,
        form: crate::forms::rejected(),
    }))
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                InboxQuery {
                    periode: q.get("periode"),
                    dari: q.get("dari"),
                    sampai: q.get("sampai"),
                    layanan: q.get("layanan"),
                    rendah: q.get("rendah"),
                    status: q.get("status"),
                    cari: q.get("cari"),
                    tema: q.get("tema"),
                    tanda: q.get("tanda"),
                },
            )
        },
        |(code, q)| {
            load_inbox(
                code, q.periode, q.dari, q.sampai, q.layanan, q.rendah, q.status, q.cari, q.tema,
                q.tanda,
            )
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |data: InboxData| view! { <Inbox data /> })
            })}
        </Suspense>
    }
}

#[component]
fn Inbox(data: InboxData) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let base = format!("/dasbor/{}", data.unit_code);
    let q = data.query.clone();
    let title = format!("{} · {}", d.inbox_title, data.unit_name);
    let keep_period = match data.period.kind {
        ikm_domain::PeriodKind::Custom => view! {
            <input type="hidden" name="dari" value=data.period.from.to_string() />
            <input type="hidden" name="sampai" value=data.period.to.to_string() />
        }
        .into_any(),
        _ => view! { <input type="hidden" name="periode" value=data.period.key() /> }.into_any(),
    };
    let count = d.inbox_count.replace("{n}", &data.rows.len().to_string());
    view! {
        <AdminFrame viewer=data.viewer.clone() title=title>
            <p class="lead">
                <strong>{data.period_label.clone()}</strong> " · "
                <a href=format!("{base}?{}", period_query(&data.period))>{d.back_to_dashboard}</a>
            </p>
            <form method="get" action=format!("{base}/masukan") class="filters" data-testid="filters">
                {keep_period}
                <div class="field">
                    <label for="layanan">{d.filter_service}</label>
                    <select id="layanan" name="layanan">
                        <option value="">{d.filter_all}</option>
                        {data.services.iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=q.layanan.as_deref() == Some(id.to_string().as_str())>
                                {name.clone()}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="status">{d.filter_status}</label>
                    <select id="status" name="status">
                        <option value="">{d.filter_all}</option>
                        {CommentStatus::ALL.iter().map(|s| view! {
                            <option value=s.key() selected=q.status.as_deref() == Some(s.key())>{s.label(lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="tema">{d.filter_theme}</label>
                    <select id="tema" name="tema">
                        <option value="">{d.filter_all}</option>
                        {Unsur::ALL.iter().map(|u| view! {
                            <option value=u.key() selected=q.tema.as_deref() == Some(u.key())>{u.name(lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="tanda">{d.filter_flag}</label>
                    <select id="tanda" name="tanda">
                        <option value="">{d.filter_all}</option>
                        {CommentFlag::ALL.iter().map(|f| view! {
                            <option value=f.key() selected=q.tanda.as_deref() == Some(f.key())>{flag_label(*f, d)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="cari">{d.filter_search}</label>
                    <input id="cari" name="cari" type="search" maxlength="200" value=q.cari.clone().unwrap_or_default() />
                </div>
                <label class="check">
                    <input type="checkbox" name="rendah" value="1" checked=q.rendah.as_deref() == Some("1") />
                    " " {d.filter_low}
                </label>
                <button type="submit">{d.filter_submit}</button>
            </form>
            <p class="muted" data-testid="comment-count">{count}</p>
            {if data.rows.is_empty() {
                view! { <p class="muted">{d.inbox_empty}</p> }.into_any()
            } else {
                view! {
                    <ol class="comments">
                        {data.rows.iter().map(|row| view! {
                            <CommentItem row=row.clone() base=base.clone() back=data.back.clone() form=data.form.clone() />
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </AdminFrame>
    }
}

#[component]
fn CommentItem(
    row: CommentRow,
    base: String,
    back: String,
    form: Option<FormState>,
) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let lang = use_lang();
    let which = format!("comment-{}", row.response_id);
    let err = |field: &str| field_error(&form, &which, field);
    let prefix = format!("c{}-", &row.response_id[..8.min(row.response_id.len())]);
    let status = field_value(&form, &which, "status", row.status.key().to_string());
    let low = row.has_low_score();
    view! {
        <li class="comment" class:low=low data-testid="comment" data-response=row.response_id.clone()>
            <p class="meta">
                {jakarta_time(&row.received_at)}
                {row.service.clone().map(|s| view! { " · " {s} })}
                " · " <span class=format!("status status-{}", row.status.key())>{row.status.label(lang)}</span>
            </p>
            {match row.as_written.clone().filter(|c| !c.is_empty()) {
                // The citizen consented to be contacted: their own staff read it as written.
                Some(written) => view! { <blockquote data-testid="as-written">{written}</blockquote> }.into_any(),
                None if row.comment.is_empty() => view! { <p class="muted">{d.no_comment}</p> }.into_any(),
                None => view! { <blockquote>{row.comment.clone()}</blockquote> }.into_any(),
            }}
            {row.contact.clone().map(|c| view! {
                <ContactBox contact=c action=format!("{base}/masukan/{}/dihubungi", row.response_id) back=back.clone() />
            })}
            {(!row.themes.is_empty() || !row.flags.is_empty()).then(|| view! {
                <p class="comment-tags" data-testid="comment-tags">
                    {row.flags.iter().map(|f| view! {
                        <span class=format!("tag flag-{}", f.key())>{flag_label(*f, d)}</span> " "
                    }).collect_view()}
                    {row.themes.iter().map(|u| view! { <span class="tag">{u.name(lang)}</span> " " }).collect_view()}
                </p>
            })}
            <p class="scores-heading">{d.scores_label}</p>
            <ul class="scores">
                {Unsur::ALL.iter().map(|u| {
                    let s = row.scores[u.index()];
                    let words = s
                        .and_then(|s| u.answer_labels(lang).get(usize::from(s).wrapping_sub(1)).copied())
                        .unwrap_or("–");
                    view! {
                        <li class:low=s.is_some_and(|s| s <= 2) title=u.name(lang)>
                            <span class="unsur">{u.short_name(lang)}</span>
                            <span class="score">
                                {s.map(|s| format!("{s} · {words}")).unwrap_or_else(|| words.to_string())}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form method="post" action=format!("{base}/masukan/{}", row.response_id) class="card-form">
                {form_summary(&form, &which)}
                <input type="hidden" name="kembali" value=back />
                <div class="field">
                    <label for=format!("{prefix}status")>{d.filter_status}</label>
                    {err("status").map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id=format!("{prefix}status") name="status">
                        {CommentStatus::ALL.iter().map(|s| view! {
                            <option value=s.key() selected=status == s.key()>{s.label(lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:has-error=err("catatan").is_some()>
                    <label for=format!("{prefix}catatan")>{d.note_label}</label>
                    {err("catatan").map(|e| view! { <p class="field-error">{e}</p> })}
                    <textarea id=format!("{prefix}catatan") name="catatan" rows="2" maxlength="2000">
                        {field_value(&form, &which, "catatan", row.note.clone().unwrap_or_default())}
                    </textarea>
                </div>
                <div class="field" class:has-error=err("balasan").is_some()>
                    <label for=format!("{prefix}balasan")>{d.reply_label}</label>
                    {err("balasan").map(|e| view! { <p class="field-error">{e}</p> })}
                    <textarea id=format!("{prefix}balasan") name="balasan" rows="2" maxlength="2000">
                        {field_value(&form, &which, "balasan", row.public_reply.clone().unwrap_or_default())}
                    </textarea>
                </div>
                <button type="submit">{d.save}</button>
            </form>
        </li>
    }
}

/// The contact a citizen consented to: links to call, write on WhatsApp or mail, and "mark as
/// contacted" (or who did, and when).
#[component]
fn ContactBox(contact: ConsentedContact, action: String, back: String) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let c = contact.contact.clone();
    let call = match c.kind {
        ikm_domain::contact::ContactKind::Phone => d.contact_call,
        ikm_domain::contact::ContactKind::Email => d.contact_mail,
    };
    view! {
        <div class="contact-box" data-testid="contact">
            <p>
                <strong>{d.contact_heading}</strong> ": "
                <span class="contact-value" data-testid="contact-value">{c.value.clone()}</span>
            </p>
            <p class="contact-links">
                <a class="button" href=c.link()>{call}</a>
                {c.whatsapp_link().map(|wa| view! {
                    " " <a class="button" href=wa rel="noopener" target="_blank">{d.contact_whatsapp}</a>
                })}
            </p>
            {match contact.contacted_at.clone() {
                Some(at) => view! {
                    <p class="contacted" data-testid="contacted">
                        {d.contact_done
                            .replace("{when}", &jakarta_time(&at))
                            .replace("{who}", contact.contacted_by.as_deref().unwrap_or("–"))}
                    </p>
                }.into_any(),
                None => view! {
                    <form method="post" action=action>
                        <input type="hidden" name="kembali" value=back />
                        <button type="submit" data-testid="mark-contacted">{d.contact_mark}</button>
                    </form>
                }.into_any(),
            }}
            <p class="hint">{d.contact_kept}</p>
        </div>
    }
}

/// A flag's words.
fn flag_label(flag: CommentFlag, d: &crate::i18n::DashTexts) -> &'static str {
    match flag {
        CommentFlag::Pungli => d.flag_pungli,
        CommentFlag::Keselamatan => d.flag_safety,
        CommentFlag::Pujian => d.flag_praise,
    }
}
