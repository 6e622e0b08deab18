//! The frame of every staff page: what it shows for a loader's answer, and who is signed in.

use crate::access::{region_href, Viewer, NATION};
use crate::components::not_found::NotFound;
use crate::error::LoadError;
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
        Ok(None) => view! { <NotFound /> }.into_any(),
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
        Err(LoadError::BadRequest(why)) => {
            view! { <p class="error" role="alert">{text.bad_request} " " {why}</p> }.into_any()
        }
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
            {(!viewer.is_read_only()).then(|| view! { <a href="/admin">{a.nav_units}</a> })}
            {viewer.home_region().map(|code| if code == NATION {
                view! { <a href=region_href(&code)>{text.region.nav}</a> }.into_any()
            } else {
                view! {
                    <a href=region_href(&code)>{text.region.nav}</a>
                    <a href=format!("/wilayah/{code}/rapor")>{text.scorecard.nav}</a>
                }.into_any()
            })}
            {viewer.is_admin().then(|| view! { <a href=region_href(NATION)>{text.region.nation}</a> })}
            {viewer.can_list_mpps().then(|| view! { <a href="/admin/mpp">{text.mpp.admin_nav}</a> })}
            {(viewer.role == crate::access::Role::Mpp).then(|| viewer.scopes.first().map(|code| view! {
                <a href=format!("/mpp/{code}")>{text.mpp.admin_nav}</a>
                <a href=format!("/admin/mpp/{code}")>{text.mpp.tenants_admin}</a>
            }))}
            {viewer.can_edit_regions().then(|| view! { <a href="/admin/wilayah">{a.nav_regions}</a> })}
            {viewer.can_manage_users().then(|| view! {
                <a href="/admin/pengguna">{a.nav_users}</a>
                <a href="/admin/audit">{a.nav_audit}</a>
                <a href="/admin/rubrik">{text.scorecard.rubric_nav}</a>
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
