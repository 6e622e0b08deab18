//! Security headers on every response (`server/src/security.rs`): pages carry a
//! Content-Security-Policy whose nonce is on every inline script the page holds (and no inline
//! script lacks it), no framing, no sniffing, the referrer kept on this site; other responses get
//! the policy without a nonce.

use crate::accounts::{post, request, sign_in, OWN_UNIT, UNIT};
use crate::{app, Reply};
use axum::http::{header, StatusCode};

fn header_of(reply: &Reply, name: header::HeaderName) -> &str {
    reply
        .headers
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// The common headers, and the policy's nonce when it names one.
fn check_headers(reply: &Reply, what: &str) -> Option<String> {
    assert_eq!(
        header_of(reply, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff",
        "{what}"
    );
    assert_eq!(header_of(reply, header::X_FRAME_OPTIONS), "DENY", "{what}");
    assert_eq!(
        header_of(reply, header::REFERRER_POLICY),
        "same-origin",
        "{what}"
    );
    // Enforced, not merely reported.
    assert!(reply
        .headers
        .get(header::CONTENT_SECURITY_POLICY_REPORT_ONLY)
        .is_none());
    let policy = header_of(reply, header::CONTENT_SECURITY_POLICY);
    assert!(
        policy.contains("frame-ancestors 'none'"),
        "{what}: {policy}"
    );
    assert!(policy.contains("object-src 'none'"), "{what}: {policy}");
    assert!(
        !policy.contains("script-src 'self' 'unsafe-inline'") && !policy.contains("'unsafe-eval'"),
        "{what}: {policy}"
    );
    policy
        .split("'nonce-")
        .nth(1)
        .map(|rest| rest.split('\'').next().unwrap_or_default().to_string())
}

/// Every `<script>` without `src` in the page carries `nonce`; returns how many there are.
fn inline_scripts_carry(html: &str, nonce: &str, what: &str) -> usize {
    let mut inline = 0;
    for tag in html.split("<script").skip(1) {
        let open = tag.split('>').next().unwrap_or_default();
        if open.contains("src=") {
            continue;
        }
        inline += 1;
        assert!(
            open.contains(&format!("nonce=\"{nonce}\"")),
            "{what}: an inline script without the page's nonce: <script{open}>"
        );
    }
    inline
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_has_a_policy_whose_nonce_is_on_each_inline_script() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let pages = [
        "/",
        "/s/1871-disdukcapil",
        "/k/1871-disdukcapil",
        "/unit/1871-disdukcapil",
        "/wilayah/18",
        "/masuk",
        "/tidak-ada-halaman",
        &format!("/dasbor/{OWN_UNIT}"),
        &format!("/dasbor/{OWN_UNIT}/masukan"),
        "/admin",
    ];
    let mut nonces = Vec::new();
    for path in pages {
        let reply = request(&app, "GET", path, Some(&cookie), "", None).await;
        // A unit head may not see the province's page: its refusal is a page too.
        assert!(
            [StatusCode::OK, StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&reply.status),
            "{path}: {}",
            reply.status
        );
        let nonce = check_headers(&reply, path).unwrap_or_else(|| panic!("{path}: no nonce"));
        let inline = inline_scripts_carry(&reply.body, &nonce, path);
        assert!(inline > 0, "{path}: the hydration script is inline");
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), pages.len(), "a fresh nonce for every page");

    // A form shown again with its problems (rendered by a form handler) has its own nonce too.
    let reply = post(&app, "/s/1871-disdukcapil", None, &[("id", "not-a-uuid")]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let nonce = check_headers(&reply, "422 survey").expect("a nonce");
    assert!(inline_scripts_carry(&reply.body, &nonce, "422 survey") > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_and_data_get_the_headers_without_a_nonce() {
    let app = app().await;
    for path in [
        "/healthz",
        "/api/v1/units",
        "/api/v1/openapi.json",
        "/s/1871-disdukcapil/manifest.webmanifest",
        "/sw.js",
    ] {
        let reply = request(&app, "GET", path, None, "", None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(
            check_headers(&reply, path),
            None,
            "{path}: no inline script allowed"
        );
    }
    // Refusals too.
    let reply = request(
        &app,
        "POST",
        "/masuk",
        None,
        "",
        Some("https://evil.example"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    check_headers(&reply, "cross-site refusal");
}

/// Files served while pages render must not take the pages' headers. (Leptos's own file handler
/// ran the page context for files under an owner that could inherit a page being rendered on the
/// same thread, and then moved that page's response headers — its policy, its device cookie — onto
/// the file: the page went out with no nonce in its policy, its scripts blocked, never hydrating.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_rendered_beside_file_downloads_keep_their_own_headers() {
    let app = app().await;
    let files = [
        "/favicon.svg",
        "/pkg/ikm.css",
        "/offline.html",
        "/icons/icon-192.png",
    ];
    let mut tasks = Vec::new();
    for round in 0..30 {
        for path in std::iter::once("/s/1871-disdukcapil").chain(files) {
            let router = app.router.clone();
            let request = axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .expect("request");
            tasks.push(tokio::spawn(async move {
                let reply = crate::send_to(router, request).await;
                (round, path, reply)
            }));
        }
    }
    for task in tasks {
        let (round, path, reply) = task.await.expect("task");
        let what = format!("{path} (round {round})");
        assert_eq!(reply.status, StatusCode::OK, "{what}");
        let nonce = check_headers(&reply, &what);
        if path.starts_with("/s/") {
            let nonce = nonce.unwrap_or_else(|| panic!("{what}: the page's policy has no nonce"));
            assert!(inline_scripts_carry(&reply.body, &nonce, &what) > 0);
            assert!(
                reply.headers.contains_key(header::SET_COOKIE),
                "{what}: the new device's cookie"
            );
        } else {
            assert_eq!(nonce, None, "{what}: a file took a page's policy");
            assert!(
                !reply.headers.contains_key(header::SET_COOKIE),
                "{what}: a file took a page's cookie"
            );
        }
    }
}
