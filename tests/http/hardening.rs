//! What an attacker tried (issue 28): open redirects, concurrent password guessing, spoofed client
//! addresses, malformed bodies, caching of staff pages — each refused with a 4xx, never a 5xx.

use crate::accounts::{post, request};
use crate::{app, app_with, send};
use app::i18n::encode_query as encode;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

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

/// A sign-in attempt for `login` from `address` (the proxy's `X-Forwarded-For`, appended to what
/// the client wrote) on a router of its own, as requests sent side by side are.
async fn attempt(
    router: axum::Router,
    login: &str,
    password: &str,
    forwarded_for: &str,
) -> crate::Reply {
    let body = crate::form_body(&[("login", login), ("password", password)]);
    let request = Request::post("/masuk")
        .header(header::HOST, "ikm.test")
        .header(header::ORIGIN, "http://ikm.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded_for)
        .body(Body::from(body))
        .expect("request");
    crate::send_to(router, request).await
}

/// How many wrong passwords for `login` were checked (each is an audit line).
async fn failures_logged(app: &crate::TestApp, login: &str) -> usize {
    let filter = app::model::AuditFilter {
        action: Some("sign_in_failed".into()),
        target: Some(login.into()),
        ..Default::default()
    };
    app.store
        .audit_log(&filter, 1_000)
        .await
        .expect("audit log")
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_wrong_passwords_at_once_check_no_more_than_the_limit() {
    let app = app_with(|serve| serve.trust_proxy = 1).await;
    let guesses: Vec<_> = (0..100)
        .map(|i| {
            let router = app.router.clone();
            tokio::spawn(async move {
                attempt(router, "admin", &format!("tebakan-{i}"), "203.0.113.9").await
            })
        })
        .collect();
    let mut checked = 0;
    let mut refused = 0;
    for guess in guesses {
        let reply = guess.await.expect("task");
        match reply.status {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("a guess answered {other}: {}", reply.body),
        }
    }
    assert_eq!(checked, 5, "exactly the limit was checked");
    assert_eq!(refused, 95);
    assert_eq!(failures_logged(&app, "admin").await, 5);
    // The right password from that address waits too (the lock-out is per account and address) …
    let locked = attempt(app.router.clone(), "admin", "demo-admin-ikm", "203.0.113.9").await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    // … and rotating what the client writes in front of the proxy's entry changes nothing.
    for spoof in ["1.1.1.1", "127.0.0.1", "2.2.2.2"] {
        let forwarded = format!("{spoof}, 203.0.113.9");
        let reply = attempt(app.router.clone(), "admin", "tebakan-lagi", &forwarded).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{forwarded}");
    }
    // The owner, from an address that has not failed, signs in.
    let owner = attempt(
        app.router.clone(),
        "admin",
        "demo-admin-ikm",
        "198.51.100.20",
    )
    .await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER, "{}", owner.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_signs_in_while_many_addresses_guess_the_same_account() {
    let app = app_with(|serve| serve.trust_proxy = 1).await;
    let router = app.router.clone();
    let attack = tokio::spawn(async move {
        let mut slowed = 0;
        for round in 0..6 {
            let guesses: Vec<_> = (0..8)
                .map(|a| {
                    let router = router.clone();
                    let address = format!("192.0.2.{}", a + 1);
                    tokio::spawn(async move {
                        attempt(router, "admin", &format!("coba-{round}-{a}"), &address).await
                    })
                })
                .collect();
            for guess in guesses {
                let reply = guess.await.expect("task");
                assert!(
                    [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS]
                        .contains(&reply.status),
                    "a guess answered {}",
                    reply.status
                );
                if reply.headers.contains_key(header::RETRY_AFTER) {
                    slowed += 1;
                }
            }
        }
        slowed
    });
    // While the eight addresses guess, the owner signs in from the office, each time at once.
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let owner = attempt(
            app.router.clone(),
            "admin",
            "demo-admin-ikm",
            "198.51.100.20",
        )
        .await;
        assert_eq!(owner.status, StatusCode::SEE_OTHER, "{}", owner.body);
    }
    let slowed = attack.await.expect("attack");
    assert!(slowed > 0, "the guessed account was slowed down");
    // 8 addresses × 5 checks bound what was checked; the slow-down keeps it well under.
    let checked = failures_logged(&app, "admin").await;
    assert!(checked <= 40, "{checked} guesses checked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_one_proxy_the_client_cannot_claim_to_be_the_server_itself() {
    let app = app_with(|serve| serve.trust_proxy = 1).await;
    let metrics = |forwarded: &'static str| {
        let router = app.router.clone();
        async move {
            let request = Request::get("/metrics")
                .header("x-forwarded-for", forwarded)
                .body(Body::empty())
                .expect("request");
            crate::send_to(router, request).await.status
        }
    };
    assert_eq!(
        metrics("127.0.0.1, 203.0.113.9").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(metrics("203.0.113.9, 127.0.0.1").await, StatusCode::OK);
}

/// Every form route of the server (the server functions are listed by Leptos itself).
const FORM_ROUTES: [&str; 29] = [
    "/s/1871-disdukcapil",
    "/k/1871-disdukcapil",
    "/masuk",
    "/keluar",
    "/admin/unit",
    "/admin/unit/1871-disdukcapil",
    "/admin/unit/1871-disdukcapil/layanan",
    "/admin/unit/1871-disdukcapil/layanan/1",
    "/admin/wilayah/18.71",
    "/admin/pengguna",
    "/admin/pengguna/kota",
    "/dasbor/1871-disdukcapil/masukan/00000000-0000-0000-0000-000000000000",
    "/dasbor/1871-disdukcapil/tindak-lanjut",
    "/dasbor/1871-disdukcapil/tindak-lanjut/1",
    "/dasbor/1871-disdukcapil/peringatan",
    "/dasbor/1871-disdukcapil/peringatan/1/tangani",
    "/dasbor/1871-disdukcapil/terbitkan",
    "/dasbor/1871-disdukcapil/impor",
    "/dasbor/1871-disdukcapil/impor/x",
    "/dasbor/1871-disdukcapil/ekspor",
    "/dasbor/1871-disdukcapil/laporan.pdf",
    "/dasbor/1871-disdukcapil/media",
    "/dasbor/1871-disdukcapil/media/1/hapus",
    "/admin/rubrik",
    "/admin/rubrik/bawaan",
    "/dasbor/1871-disdukcapil/undangan/baru",
    "/dasbor/1871-disdukcapil/undangan/pengaturan",
    "/dasbor/1871-disdukcapil/undangan/kunci",
    "/dasbor/1871-disdukcapil/undangan/kunci/1/cabut",
];

/// The field names the forms and server functions read, and a few they do not.
const NAMES: [&str; 35] = [
    "nama",
    "undangan",
    "layanan",
    "loket",
    "masa",
    "code",
    "name",
    "kind",
    "region",
    "mpp",
    "contact",
    "population",
    "active",
    "service",
    "login",
    "password",
    "next",
    "periode",
    "dari",
    "sampai",
    "status",
    "catatan",
    "balasan",
    "tindakan",
    "penanggung_jawab",
    "batas",
    "unsur",
    "mutu",
    "persen",
    "terakhir",
    "email",
    "terbit",
    "format",
    "kiosk",
    "x",
];

/// A body as a robot or an attacker sends it: fields with odd values, raw bytes, or too much.
fn hostile_body() -> impl proptest::strategy::Strategy<Value = (Option<&'static str>, Vec<u8>)> {
    use proptest::prelude::*;
    let value = prop_oneof![
        "\\PC{0,20}",
        Just(String::new()),
        "[0-9]{1,12}",
        Just("2026-T3".to_string()),
        Just("%zz".to_string()),
        Just("\u{0}\u{1b}".to_string()),
    ];
    let fields = prop::collection::vec((prop::sample::select(NAMES.to_vec()), value), 0..6)
        .prop_map(|pairs| crate::form_body(&pairs).into_bytes());
    let kind = prop::sample::select(vec![
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/json"),
        Some("text/plain"),
        None,
    ]);
    prop_oneof![
        6 => (kind.clone(), fields),
        2 => (kind.clone(), prop::collection::vec(any::<u8>(), 0..300)),
        1 => (kind, Just(vec![b'a'; 64 * 1024 + 1])),
    ]
}

/// A post of any body to any server function or form route — anonymous or as the admin — is
/// answered, never with a 5xx.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_body_makes_a_server_function_or_form_route_answer_5xx() {
    use proptest::prelude::*;
    let app = app().await;
    let admin = crate::accounts::sign_in(&app, ("admin", "demo-admin-ikm")).await;
    let mut routes: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(
        routes.len() >= 19,
        "the server functions are registered: {routes:?}"
    );
    routes.extend(FORM_ROUTES.iter().map(|r| r.to_string()));
    let strategy = (prop::sample::select(routes), any::<bool>(), hostile_body());
    let mut runner = crate::hostile::runner();
    crate::hostile::check(&mut runner, strategy, |(route, signed_in, (kind, body))| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let mut request = Request::post(route.as_str())
                .header(header::HOST, "ikm.test")
                .header(header::ORIGIN, "http://ikm.test");
            if let Some(kind) = kind {
                request = request.header(header::CONTENT_TYPE, kind);
            }
            if signed_in {
                request = request.header(header::COOKIE, admin);
            }
            let reply = send(app, request.body(Body::from(body)).expect("request")).await;
            prop_assert!(
                !reply.status.is_server_error(),
                "POST {route} answered {}: {}",
                reply.status,
                reply.body.chars().take(300).collect::<String>()
            );
            Ok(())
        }
    });
}

/// Staff pages, their data and downloads are never kept by a cache; public pages may be.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_answers_are_never_cached() {
    let app = app().await;
    let unit = crate::accounts::sign_in(&app, ("unit", "demo-unit-ikm")).await;
    let cache = |reply: &crate::Reply| {
        reply
            .headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    for path in [
        "/dasbor/1871-disdukcapil",
        "/dasbor/1871-disdukcapil/masukan",
        "/dasbor/1871-disdukcapil/ekspor?periode=2026&format=csv",
        "/dasbor/1871-disdukcapil/laporan.pdf?periode=2026-T3",
        "/admin",
        "/masuk",
    ] {
        let reply = request(&app, "GET", path, Some(&unit), "", None).await;
        assert!(reply.status.is_success(), "{path}: {}", reply.status);
        assert_eq!(cache(&reply), "private, no-store", "{path}");
    }
    // A staff server function's data too, and a signed-in browser's view of a public page.
    let data = post(
        &app,
        "/api/dasbor",
        Some(&unit),
        &[("code", "1871-disdukcapil")],
    )
    .await;
    assert_eq!(cache(&data), "private, no-store");
    let home = request(&app, "GET", "/", Some(&unit), "", None).await;
    assert_eq!(cache(&home), "private, no-store");
    // A citizen's public page is not marked so; the open API keeps its own rule.
    let public = request(&app, "GET", "/publik", None, "", None).await;
    assert!(!cache(&public).contains("no-store"));
    let api = request(&app, "GET", "/api/v1/regions", None, "", None).await;
    assert_eq!(cache(&api), "public, max-age=60");
}

/// Over HTTPS: browsers are told to keep to it, and every cookie (the survey's device cookie,
/// the language, the session) is `Secure`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_every_cookie_is_secure_and_browsers_keep_to_https() {
    let app = crate::app_reached_at(Some("https://ikm.lampungprov.go.id"), |_| {}).await;
    let survey = request(&app, "GET", "/s/1871-disdukcapil", None, "", None).await;
    assert_eq!(
        survey
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000")
    );
    let cookies: Vec<&str> = survey
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("ikm_device=")),
        "{cookies:?}"
    );
    assert!(
        cookies.iter().all(|c| c.ends_with("; Secure")),
        "{cookies:?}"
    );
    let language = request(&app, "GET", "/bahasa/en?next=/", None, "", None).await;
    let set = language
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok());
    assert!(
        set.is_some_and(|c| c.contains("ikm_lang=en") && c.ends_with("; Secure")),
        "{set:?}"
    );
    // Plain HTTP: no HSTS, and the cookies are not marked.
    drop(app);
    let plain = crate::app().await;
    let survey = request(&plain, "GET", "/s/1871-disdukcapil", None, "", None).await;
    assert!(!survey
        .headers
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
    let device = survey
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok());
    assert!(device.is_some_and(|c| !c.contains("Secure")), "{device:?}");
}

/// A comment keeps its lines and tabs and loses every other control character; an unpublished
/// unit's thank-you page shows no index (the API answers 404 for it too).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_lose_control_characters_and_unpublished_figures_stay_private() {
    let app = app().await;
    crate::withdraw_demo_publications(&app).await;
    let (id, token) = crate::survey::fresh_form(&app).await;
    let mut fields = crate::survey::answers_fields([4, 3, 2, 4, 3, 4, 4, 1, 3]);
    fields.push(("id".into(), id.clone()));
    fields.push(("token".into(), token));
    fields.push((
        "comment".into(),
        "Antre\u{0}an \u{1b}[31mlama\r\nsekali\tya\u{7f}".into(),
    ));
    let reply = crate::survey::post(&app, "/s/1871-disdukcapil", &fields, "ikm_device=x").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let stored = app
        .store
        .response(id.parse().expect("id"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(
        stored.response.comment.as_deref(),
        Some("Antrean [31mlama\nsekali\tya")
    );
    let thanks = request(&app, "GET", "/s/1801-rsud/terima-kasih", None, "", None).await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert!(
        !thanks.body.contains("data-testid=\"unit-ikm\""),
        "{}",
        thanks.body
    );
    let api = request(&app, "GET", "/api/v1/units/1801-rsud/ikm", None, "", None).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
}

/// What a server function answers for a missing argument and for a body over the limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_call_is_a_400_and_an_oversized_one_a_413() {
    let app = app().await;
    let missing = request(&app, "POST", "/api/dasbor", None, "", None).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.body);
    assert!(
        missing.body.contains("missing field `code`"),
        "{}",
        missing.body
    );
    let big = format!("code={}", "a".repeat(64 * 1024));
    let oversized = send(
        &app,
        Request::post("/api/dasbor")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, big.len())
            .body(Body::from(big))
            .expect("request"),
    )
    .await;
    assert_eq!(
        oversized.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        oversized.body
    );
}

/// A NUL character in a code or a field (PostgreSQL's text cannot hold one) is the caller's bad
/// request: a server function, a page and the open API answer 4xx, never 5xx, on both engines;
/// where the answer is a 400 it says what is wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nul_character_is_refused_or_finds_nothing_never_a_5xx() {
    let app = app().await;
    let admin = crate::accounts::sign_in(&app, ("admin", "demo-admin-ikm")).await;
    let origin = Some("http://ikm.test");
    let calls = [
        ("POST", "/api/laporan", "code=%00%1B"),
        ("POST", "/api/dasbor", "code=1871-disdukcapil%00"),
        ("POST", "/api/wilayah", "code=%00"),
        ("GET", "/dasbor/%00x", ""),
        ("GET", "/wilayah/18%00", ""),
        ("GET", "/api/v1/units/%00/ikm", ""),
        ("GET", "/api/v1/units?region=18%00", ""),
    ];
    for (method, path, body) in calls {
        let reply = request(&app, method, path, Some(&admin), body, origin).await;
        assert!(
            reply.status.is_client_error(),
            "{method} {path} {body} answered {}: {}",
            reply.status,
            reply.body.chars().take(300).collect::<String>()
        );
        if reply.status == StatusCode::BAD_REQUEST {
            assert!(reply.body.contains("NUL"), "{path}: {}", reply.body);
        }
    }
}
