//! Pages answered outside the app's GET routes: a page rendered again by a form handler (status 422,
//! with what was typed and what is wrong), the short message pages, the language switch, and the
//! answer when the storage fails.

use crate::web::state::AppState;
use app::access::Identity;
use app::cookies::cookie;
use app::i18n::Lang;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

/// Renders the page at `uri` as its GET would, for the same client (cookies, language, identity),
/// with `extra` adding to the context, and answers with `status`.
pub async fn render_page<F>(
    state: &AppState,
    uri: &str,
    headers: &HeaderMap,
    identity: Option<Identity>,
    status: StatusCode,
    extra: F,
) -> Response
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let mut request = Request::get(uri);
    for name in [header::COOKIE, header::HOST, header::ACCEPT_LANGUAGE] {
        if let Some(v) = headers.get(&name) {
            request = request.header(name, v);
        }
    }
    let Ok(mut request) = request.body(Body::empty()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if let Some(identity) = identity {
        request.extensions_mut().insert(identity);
    }
    let store = state.store.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            crate::web::security::provide_page_context(store.clone());
            extra();
        },
        move || app::shell(options.clone()),
    );
    let mut response = handler(request).await.into_response();
    *response.status_mut() = status;
    response
}

/// The language the language cookie names, if it names one.
pub(crate) fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    let h = headers.get(header::COOKIE)?.to_str().ok()?;
    cookie(h, app::i18n::LANG_COOKIE).and_then(Lang::from_tag)
}

/// A minimal page for the few answers that are not the app itself (a store failure, a conflict).
pub fn simple_page(message: &str, back: &str) -> String {
    simple_page_in(Lang::Id, message, back)
}

/// `simple_page` for a message in `lang`, which the page declares (screen readers read by it).
pub fn simple_page_in(lang: Lang, message: &str, back: &str) -> String {
    let link = if back.is_empty() {
        String::new()
    } else {
        format!("<p><a href=\"{}\">←</a></p>", escape_html(back))
    };
    let message = escape_html(message);
    let lang = lang.tag();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><link rel=\"stylesheet\" href=\"/pkg/ikm.css\">\
         <title>IKM</title></head><body><main id=\"main\"><p class=\"error-summary\" role=\"alert\">{message}</p>{link}</main></body></html>"
    )
}

/// The page of a refusal to a signed-in account (403): what it may not do, in both languages,
/// marked as the staff pages mark theirs (`data-testid="denied"`).
pub fn denied_page() -> String {
    let id = &app::i18n::ID.admin;
    let en = &app::i18n::EN.admin;
    format!(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><link rel=\"stylesheet\" href=\"/pkg/ikm.css\">\
         <title>{} / {}</title></head><body><main id=\"main\"><section class=\"denied\" data-testid=\"denied\">\
         <h1>{} / {}</h1><p role=\"alert\">{} / <span lang=\"en\">{}</span></p><p><a href=\"/admin\">←</a></p>\
         </section></main></body></html>",
        escape_html(id.denied_title),
        escape_html(en.denied_title),
        escape_html(id.denied_title),
        escape_html(en.denied_title),
        escape_html(id.forbidden_body),
        escape_html(en.forbidden_body),
    )
}

/// `GET /bahasa/{tag}?next=/path` — remembers the language in a cookie and returns to the page.
pub async fn switch_language(
    Path(tag): Path<String>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
) -> Response {
    let lang = Lang::from_tag(&tag).unwrap_or_default();
    let next = query
        .iter()
        .find(|(k, _)| k == "next")
        .and_then(|(_, v)| crate::web::redirect::local_path(v))
        .unwrap_or("/");
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::i18n::LANG_COOKIE,
        lang.tag()
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(next)).into_response()
}

/// Escapes text for HTML (the few pages built here without Leptos).
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn unavailable(error: app::store::StoreError) -> Response {
    if error == app::store::StoreError::BadText {
        return (
            StatusCode::BAD_REQUEST,
            Html(simple_page(&error.to_string(), "")),
        )
            .into_response();
    }
    tracing::error!(%error, "a staff request failed in storage");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(simple_page(app::i18n::ID.load_error, "")),
    )
        .into_response()
}
