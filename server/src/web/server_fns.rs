//! The status of a failed server function. Leptos answers every server-function error with 500
//! (unless the function set another status while it ran); a call whose arguments are missing or
//! malformed never reaches the function. This layer reads the error the call failed with
//! (`app::error::LoadError`, JSON) and answers its status; a call whose body says it is larger
//! than the server takes is answered 413 before it is read.

use app::error::LoadError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The header Leptos marks a server function's error answer with.
const SERVER_FN_ERROR: &str = "serverfnerror";

/// The largest body a server function takes (as every route but the import).
const MAX_BODY: u64 = 64 * 1024;

/// Middleware: a server function's 500 gets the status its error calls for.
pub async fn statuses(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if request.uri().path().starts_with("/api/") && declared.is_some_and(|n| n > MAX_BODY) {
        let error = serde_json::to_vec(&LoadError::TooLarge).unwrap_or_default();
        return Response::builder()
            .status(StatusCode::PAYLOAD_TOO_LARGE)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(error))
            .unwrap_or_default();
    }
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
