//! Rendering a page of the app outside its GET route: a form handler that must show the form again
//! (status 422) with what was typed and what is wrong.

use crate::startup::AppState;
use app::access::Identity;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};

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
            crate::security::provide_page_context(store.clone());
            extra();
        },
        move || app::shell(options.clone()),
    );
    let mut response = handler(request).await.into_response();
    *response.status_mut() = status;
    response
}
