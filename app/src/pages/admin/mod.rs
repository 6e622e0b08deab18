//! The staff pages: sign-in and the administration of regions, units, services, accounts, and the
//! audit log. Every loader is a server function that checks the viewer's role and scope on the
//! server (`access::guard::require`); the forms post to plain handlers in `server/src/admin.rs`.

pub mod audit;
pub mod home;
pub mod regions;
pub mod sign_in;
pub mod unit;
pub mod users;

use crate::access::Viewer;
use crate::error::LoadError;
use crate::forms::FormState;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The page for a loader's answer: the content, 404, "not allowed", or the load error.
pub fn guarded<T, V: IntoView + 'static>(
    result: Result<Option<T>, LoadError>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    let text = t();
    match result {
        Ok(Some(data)) => render(data).into_any(),
        Ok(None) => view! { <crate::pages::not_found::NotFound /> }.into_any(),
        Err(LoadError::Forbidden) => view! {
            <Title text=text.admin.denied_title />
            <section class="denied" data-testid="denied">
                <h1>{text.admin.denied_title}</h1>
                <p>{text.admin.denied_body}</p>
                <p><a href="/admin">{text.admin.admin_title}</a></p>
            </section>
        }
        .into_any(),
        Err(LoadError::SignIn) => view! {
            <p>
                <a href="/masuk">{text.admin.sign_in_title}</a>
            </p>
        }
        .into_any(),
        Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
    }
}

/// The frame of every administration page: who is signed in, what they may open, sign-out.
#[component]
pub fn AdminFrame(viewer: Viewer, title: String, children: Children) -> impl IntoView {
    let text = t();
    let a = &text.admin;
    let query = use_query_map();
    let saved = move || query.read().get("disimpan").is_some();
    view! {
        <Title text=title.clone() />
        <nav class="admin-nav" aria-label=a.admin_title>
            <a href="/admin">{a.nav_units}</a>
            {viewer.home_region().map(|code| view! { <a href=format!("/wilayah/{code}")>{text.region.nav}</a> })}
            {viewer.can_edit_regions().then(|| view! { <a href="/admin/wilayah">{a.nav_regions}</a> })}
            {viewer.can_manage_users().then(|| view! {
                <a href="/admin/pengguna">{a.nav_users}</a>
                <a href="/admin/audit">{a.nav_audit}</a>
            })}
            <span class="who" data-testid="who">
                {a.signed_in_as} " " <strong>{viewer.display_name.clone()}</strong> " ("
                {a.role(viewer.role)} ")"
            </span>
            <form method="post" action="/keluar" class="sign-out">
                <button type="submit" class="link-button">{a.sign_out}</button>
            </form>
        </nav>
        <h1>{title}</h1>
        <Show when=saved>
            <p class="notice" role="status" data-testid="saved">{a.saved}</p>
        </Show>
        {children()}
    }
}

/// A labelled text input with its hint and, after a rejected post, its error.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] value: Option<String>,
    #[prop(default = None)] error: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// Distinguishes several forms with the same field names on one page.
    #[prop(optional)]
    prefix: Option<String>,
) -> impl IntoView {
    let id = format!("{}f-{name}", prefix.unwrap_or_default());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = match (hint.is_some(), error.is_some()) {
        (true, true) => Some(format!("{hint_id} {error_id}")),
        (true, false) => Some(hint_id.clone()),
        (false, true) => Some(error_id.clone()),
        (false, false) => None,
    };
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {error.map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            <input
                type=kind
                id=id.clone()
                name=name
                value=value.unwrap_or_default()
                required=required
                readonly=readonly
                autocomplete=autocomplete
                aria-invalid=error.map(|_| "true")
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
        </div>
    }
}

/// The form-level error of a rejected post, as a summary at the top of the form.
pub fn form_summary(form: &Option<FormState>, which: &str) -> Option<impl IntoView> {
    let text = t();
    let form = form
        .as_ref()
        .filter(|f| f.is(which) && !f.errors.is_empty())?;
    let general = form.error("").map(|c| text.admin.form_error(c, text));
    Some(view! {
        <p class="error-summary" role="alert" data-testid="form-error">
            {general.unwrap_or(text.err_summary)}
        </p>
    })
}

/// The error words for one field of a rejected form.
pub fn field_error(form: &Option<FormState>, which: &str, field: &str) -> Option<&'static str> {
    let text = t();
    form.as_ref()
        .filter(|f| f.is(which))
        .and_then(|f| f.error(field))
        .map(|c| text.admin.form_error(c, text))
}

/// What was typed in a field of a rejected form, else `fallback`.
pub fn field_value(form: &Option<FormState>, which: &str, field: &str, fallback: String) -> String {
    form.as_ref()
        .filter(|f| f.is(which))
        .and_then(|f| f.value(field))
        .unwrap_or(fallback)
}

/// Asia/Jakarta time of an RFC 3339 instant, as Indonesians write it (27-11-2026 14:05:03).
pub fn jakarta_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&ikm_domain::response_file::JAKARTA)
                .format("%d-%m-%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}
