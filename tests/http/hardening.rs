//! What an attacker tried (issue 28): open redirects, concurrent password guessing, spoofed client
//! addresses, malformed bodies, caching of staff pages — each refused with a 4xx, never a 5xx.

use crate::accounts::{post, request};
use crate::{app, send};
use app::i18n::encode_query as encode;
use axum::body::Body;
use axum::http::{Request, StatusCode};

/// `next` values that a browser could read as another site's address (each was, or is a known
/// variant of, a bypass of the earlier check).
const BYPASSES: [&str; 18] = [
    "//evil.example",
    "https://evil.example/x",
    "/\t/evil:3199/x",
    "/\r\n/evil.example",
    "/\n",
    "/\u{7f}",
    "/\\evil.example",
    "\\/evil.example",
    "/%2f%2fevil.example",
    "/%09/evil.example",
    "/%0d%0aSet-Cookie:x=1",
    "/.//evil.example",
    "/..//evil.example",
    "/x/..//evil.example",
    "/／evil.example",
    "/∕∕evil.example",
    "/%EF%BC%8F%EF%BC%8Fevil.example",
    " //evil.example",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_next_leads_off_site_and_none_is_a_500() {
    let app = app().await;
    for bad in BYPASSES {
        let switched = send(
            &app,
            Request::get(format!("/bahasa/en?next={}", encode(bad)))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(switched.status, StatusCode::SEE_OTHER, "{bad:?}");
        assert_eq!(switched.location(), "/", "the language switch with {bad:?}");
        let signed_in = post(
            &app,
            "/masuk",
            None,
            &[
                ("login", "admin"),
                ("password", "demo-admin-ikm"),
                ("next", bad),
            ],
        )
        .await;
        assert_eq!(
            signed_in.status,
            StatusCode::SEE_OTHER,
            "{bad:?}: {}",
            signed_in.body
        );
        assert_eq!(signed_in.location(), "/admin", "sign-in with {bad:?}");
    }
    // A path of this site, with its query, is kept.
    let kept = post(
        &app,
        "/masuk",
        None,
        &[
            ("login", "admin"),
            ("password", "demo-admin-ikm"),
            ("next", "/dasbor/1871-disdukcapil?periode=2026-T3"),
        ],
    )
    .await;
    assert_eq!(kept.location(), "/dasbor/1871-disdukcapil?periode=2026-T3");
    let page = request(
        &app,
        "GET",
        "/bahasa/id?next=/publik%3Fq%3Dkota",
        None,
        "",
        None,
    )
    .await;
    assert_eq!(page.location(), "/publik?q=kota");
}
