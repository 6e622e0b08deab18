//! The status of a failed server function. Leptos answers every server-function error with 500
//! (unless the function set another status while it ran); a call whose arguments are missing or
//! malformed, or whose body is too large, never reaches the function. This layer reads the error
//! the function would have returned (`app::error::LoadError`, JSON) and answers its status.

use app::error::LoadError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// The header Leptos marks a server function's error answer with.
const SERVER_FN_ERROR: &str = "serverfnerror";

/// Middleware: a server function's 500 gets the status its error calls for.
pub async fn statuses(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An error body is a few hundred bytes of JSON.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<LoadError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
