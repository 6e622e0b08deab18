//! Sign-in, sessions, roles scoped to the region tree, the administration forms, the audit log and
//! the same-origin rule, through the router on a copy of the seeded demo (demo accounts included).

use crate::{app, form_body, send, Reply, TestApp};
use app::model::AuditFilter;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

/// The demo accounts (`server/src/seed/users.rs`).
pub(crate) const UNIT: (&str, &str) = ("unit", "demo-unit-ikm"); // 1871-disdukcapil
pub(crate) const KOTA: (&str, &str) = ("kota", "demo-kota-ikm"); // 18.71 Bandar Lampung
pub(crate) const PROVINSI: (&str, &str) = ("provinsi", "demo-provinsi-ikm"); // 18 Lampung
pub(crate) const ADMIN: (&str, &str) = ("admin", "demo-admin-ikm");

pub(crate) const OWN_UNIT: &str = "1871-disdukcapil";
/// Same region as OWN_UNIT, another unit.
const NEIGHBOUR: &str = "1871-dpmptsp";
/// Another kabupaten (18.01 Lampung Selatan).
const ELSEWHERE: &str = "1801-disdukcapil";

pub(crate) async fn request(
    app: &TestApp,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: &str,
    origin: Option<&str>,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "ikm.test");
    if method == "POST" {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    let body = if method == "POST" {
        Body::from(body.to_string())
    } else {
        Body::empty()
    };
    send(app, request.body(body).expect("request")).await
}

pub(crate) async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> Reply {
    request(
        app,
        "POST",
        path,
        cookie,
        &form_body(fields),
        Some("http://ikm.test"),
    )
    .await
}

fn session_cookie(reply: &Reply) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ikm_sesi=") && !v.starts_with("ikm_sesi=;"))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

pub(crate) async fn sign_in(app: &TestApp, (login, password): (&str, &str)) -> String {
    let reply = post(
        app,
        "/masuk",
        None,
        &[("login", login), ("password", password), ("next", "/admin")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{login} signs in");
    assert_eq!(reply.location(), "/admin");
    session_cookie(&reply).expect("a session cookie")
}

async fn service_count(app: &TestApp, unit: &str) -> usize {
    app.store
        .unit_record(unit)
        .await
        .expect("store")
        .expect("unit")
        .services
        .len()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// 200 (a page or data).
    Fine,
    /// 303 after a change was made.
    Done,
    /// 303 to the sign-in page.
    SignIn,
    /// 401 (a server-function call without a session).
    Unauthorized,
    /// 403.
    Forbidden,
}

use Want::{Done, Fine, Forbidden, SignIn, Unauthorized};

/// Every protected route and server function × every role: anonymous, unit head of OWN_UNIT,
/// kabupaten/kota 18.71, province 18, admin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_on_every_protected_route_is_allowed_or_refused_as_its_scope_says() {
    let app = app().await;
    let mut sessions = vec![None];
    for account in [UNIT, KOTA, PROVINSI, ADMIN] {
        sessions.push(Some(sign_in(&app, account).await));
    }
    let service_of = |code: &'static str| {
        let store = app.store.clone();
        async move {
            store
                .unit(code)
                .await
                .expect("store")
                .expect("unit")
                .services[0]
                .id
                .to_string()
        }
    };
    let own_service = service_of(OWN_UNIT).await;
    let far_service = service_of(ELSEWHERE).await;
    let rows: Vec<(&str, String, String, [Want; 5])> = vec![
        ("GET", "/admin".into(), "".into(), [SignIn, Fine, Fine, Fine, Fine]),
        ("GET", format!("/admin/unit/{OWN_UNIT}"), "".into(), [SignIn, Fine, Fine, Fine, Fine]),
        ("GET", format!("/admin/unit/{NEIGHBOUR}"), "".into(), [SignIn, Forbidden, Fine, Fine, Fine]),
        ("GET", format!("/admin/unit/{ELSEWHERE}"), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("GET", "/admin/unit/baru".into(), "".into(), [SignIn, Forbidden, Fine, Fine, Fine]),
        ("GET", "/admin/wilayah".into(), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("GET", "/admin/pengguna".into(), "".into(), [SignIn, Forbidden, Forbidden, Forbidden, Fine]),
        ("GET", "/admin/audit".into(), "".into(), [SignIn, Forbidden, Forbidden, Forbidden, Fine]),
        // Server functions, as the hydrated pages (or anyone with curl) call them.
        ("POST", "/api/admin/ringkasan".into(), "".into(), [Unauthorized, Fine, Fine, Fine, Fine]),
        ("POST", "/api/admin/unit".into(), format!("code={OWN_UNIT}"), [Unauthorized, Fine, Fine, Fine, Fine]),
        ("POST", "/api/admin/unit".into(), format!("code={NEIGHBOUR}"), [Unauthorized, Forbidden, Fine, Fine, Fine]),
        ("POST", "/api/admin/unit".into(), format!("code={ELSEWHERE}"), [Unauthorized, Forbidden, Forbidden, Fine, Fine]),
        ("POST", "/api/admin/unit".into(), "code=baru".into(), [Unauthorized, Forbidden, Fine, Fine, Fine]),
        ("POST", "/api/admin/wilayah".into(), "".into(), [Unauthorized, Forbidden, Forbidden, Fine, Fine]),
        ("POST", "/api/admin/pengguna".into(), "".into(), [Unauthorized, Forbidden, Forbidden, Forbidden, Fine]),
        ("POST", "/api/admin/audit".into(), "".into(), [Unauthorized, Forbidden, Forbidden, Forbidden, Fine]),
        // The dashboard and the feedback inbox.
        ("GET", format!("/dasbor/{OWN_UNIT}"), "".into(), [SignIn, Fine, Fine, Fine, Fine]),
        ("GET", format!("/dasbor/{NEIGHBOUR}"), "".into(), [SignIn, Forbidden, Fine, Fine, Fine]),
        ("GET", format!("/dasbor/{ELSEWHERE}?periode=2026"), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("GET", format!("/dasbor/{OWN_UNIT}/masukan"), "".into(), [SignIn, Fine, Fine, Fine, Fine]),
        ("GET", format!("/dasbor/{ELSEWHERE}/masukan"), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("POST", "/api/dasbor".into(), format!("code={OWN_UNIT}"), [Unauthorized, Fine, Fine, Fine, Fine]),
        ("POST", "/api/dasbor".into(), format!("code={ELSEWHERE}"), [Unauthorized, Forbidden, Forbidden, Fine, Fine]),
        ("POST", "/api/dasbor/masukan".into(), format!("code={OWN_UNIT}"), [Unauthorized, Fine, Fine, Fine, Fine]),
        ("POST", "/api/dasbor/masukan".into(), format!("code={ELSEWHERE}"), [Unauthorized, Forbidden, Forbidden, Fine, Fine]),
        (
            "POST",
            format!("/dasbor/{OWN_UNIT}/tindak-lanjut?periode=2026-T4"),
            "periode=2026-T4&unsur=sarana&tindakan=Tambah+kursi&penanggung_jawab=Kasubag+Umum&batas=2026-12-20".into(),
            [SignIn, Done, Done, Done, Done],
        ),
        (
            "POST",
            format!("/dasbor/{ELSEWHERE}/tindak-lanjut"),
            "periode=2026-T4&unsur=sarana&tindakan=Tambah+kursi&penanggung_jawab=Kasubag+Umum&batas=2026-12-20".into(),
            [SignIn, Forbidden, Forbidden, Done, Done],
        ),
        ("POST", format!("/dasbor/{ELSEWHERE}/peringatan"), "mutu=C&persen=&terakhir=20".into(), [SignIn, Forbidden, Forbidden, Done, Done]),
        // The region comparison.
        ("GET", "/wilayah/18".into(), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("GET", "/wilayah/18.71".into(), "".into(), [SignIn, Forbidden, Fine, Fine, Fine]),
        ("GET", "/wilayah/18.01?periode=2026".into(), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("POST", "/api/wilayah".into(), "code=18".into(), [Unauthorized, Forbidden, Forbidden, Fine, Fine]),
        ("POST", "/api/wilayah".into(), "code=18.71".into(), [Unauthorized, Forbidden, Fine, Fine, Fine]),
        // The scorecard, its pack, the rubric.
        ("GET", "/wilayah/18/rapor".into(), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("GET", "/wilayah/18.71/rapor".into(), "".into(), [SignIn, Forbidden, Fine, Fine, Fine]),
        ("GET", "/wilayah/18.01/rapor?tahun=2025".into(), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("GET", "/wilayah/18.71/rapor.zip".into(), "".into(), [SignIn, Forbidden, Fine, Fine, Fine]),
        ("GET", format!("/dasbor/{OWN_UNIT}/rapor"), "".into(), [SignIn, Fine, Fine, Fine, Fine]),
        ("GET", format!("/dasbor/{ELSEWHERE}/rapor"), "".into(), [SignIn, Forbidden, Forbidden, Fine, Fine]),
        ("POST", "/api/rapor".into(), "code=18.71".into(), [Unauthorized, Forbidden, Fine, Fine, Fine]),
        ("POST", "/api/rapor".into(), "code=18".into(), [Unauthorized, Forbidden, Forbidden, Fine, Fine]),
        ("POST", "/api/rapor-unit".into(), format!("code={OWN_UNIT}"), [Unauthorized, Fine, Fine, Fine, Fine]),
        ("POST", "/api/rapor-unit".into(), format!("code={ELSEWHERE}"), [Unauthorized, Forbidden, Forbidden, Fine, Fine]),
        ("GET", "/admin/rubrik".into(), "".into(), [SignIn, Forbidden, Forbidden, Forbidden, Fine]),
        ("POST", "/api/admin/rubrik".into(), "".into(), [Unauthorized, Forbidden, Forbidden, Forbidden, Fine]),
        ("POST", "/admin/rubrik/bawaan".into(), "".into(), [SignIn, Forbidden, Forbidden, Forbidden, Done]),
        (
            "POST",
            format!("/dasbor/{OWN_UNIT}/media?periode=2026-T3"),
            "periode=2026-T3&jenis=website&nama=Situs+web+unit&tanggal=2026-10-05&tautan=https%3A%2F%2Funit.go.id%2Fskm".into(),
            [SignIn, Done, Done, Done, Done],
        ),
        (
            "POST",
            format!("/dasbor/{ELSEWHERE}/media?periode=2026-T3"),
            "periode=2026-T3&jenis=website&nama=Situs+web+unit&tanggal=2026-10-05&tautan=https%3A%2F%2Funit.go.id%2Fskm".into(),
            [SignIn, Forbidden, Forbidden, Done, Done],
        ),
        // Publishing a period.
        ("POST", format!("/dasbor/{OWN_UNIT}/terbitkan?periode=2026-T3"), "periode=2026-T3&terbit=1".into(), [SignIn, Done, Done, Done, Done]),
        ("POST", format!("/dasbor/{ELSEWHERE}/terbitkan"), "periode=2026-T3&terbit=1".into(), [SignIn, Forbidden, Forbidden, Done, Done]),
        // The forms.
        ("POST", format!("/admin/unit/{OWN_UNIT}/layanan"), "service=Legalisir+NAME".into(), [SignIn, Done, Done, Done, Done]),
        ("POST", format!("/admin/unit/{ELSEWHERE}/layanan"), "service=Legalisir+NAME".into(), [SignIn, Forbidden, Forbidden, Done, Done]),
        ("POST", format!("/admin/unit/{OWN_UNIT}/layanan/{own_service}"), "active=1".into(), [SignIn, Done, Done, Done, Done]),
        ("POST", format!("/admin/unit/{ELSEWHERE}/layanan/{far_service}"), "active=1".into(), [SignIn, Forbidden, Forbidden, Done, Done]),
        (
            "POST",
            format!("/admin/unit/{ELSEWHERE}"),
            "name=Disdukcapil+Kabupaten+Lampung+Selatan&kind=disdukcapil&region=18.01&active=1".into(),
            [SignIn, Forbidden, Forbidden, Done, Done],
        ),
        ("POST", "/admin/unit".into(), "code=CODE&name=Unit+Uji&kind=lainnya&region=18.71&active=1".into(), [SignIn, Forbidden, Done, Done, Done]),
        ("POST", "/admin/wilayah/18.01".into(), "name=Kabupaten+Lampung+Selatan".into(), [SignIn, Forbidden, Forbidden, Done, Done]),
        (
            "POST",
            "/admin/pengguna".into(),
            "username=USER&display_name=Petugas+Uji&role=region&scopes=18.72&password=kata-sandi-panjang".into(),
            [SignIn, Forbidden, Forbidden, Forbidden, Done],
        ),
        ("POST", "/admin/pengguna/kota".into(), "active=1".into(), [SignIn, Forbidden, Forbidden, Forbidden, Done]),
    ];
    let names = ["anonymous", "unit", "kota", "provinsi", "admin"];
    let mut failures = vec![];
    for (method, path, body, wants) in &rows {
        for (i, want) in wants.iter().enumerate() {
            // Creations need a fresh code each time.
            let body = body
                .replace("CODE", &format!("1871-uji-{}", names[i]))
                .replace("USER", &format!("uji.{}", names[i]))
                .replace("NAME", names[i]);
            let reply = request(
                &app,
                method,
                path,
                sessions[i].as_deref(),
                &body,
                Some("http://ikm.test"),
            )
            .await;
            let got = match reply.status {
                StatusCode::OK => Fine,
                StatusCode::SEE_OTHER if reply.location().starts_with("/masuk") => SignIn,
                StatusCode::SEE_OTHER => Done,
                StatusCode::UNAUTHORIZED => Unauthorized,
                StatusCode::FORBIDDEN => Forbidden,
                other => {
                    failures.push(format!("{method} {path} as {}: status {other}", names[i]));
                    continue;
                }
            };
            if got != *want {
                failures.push(format!(
                    "{method} {path} as {}: wanted {want:?}, got {got:?} ({})",
                    names[i], reply.status
                ));
            }
            if got == Forbidden && method == &"GET" {
                assert!(
                    reply.body.contains("data-testid=\"denied\""),
                    "{path}: the page says why"
                );
            }
            if got == SignIn && method == &"GET" {
                let first = path.split('/').nth(1).unwrap_or_default();
                assert!(
                    reply
                        .location()
                        .starts_with(&format!("/masuk?next=%2F{first}"))
                        || reply
                            .location()
                            .starts_with(&format!("/masuk?next=/{first}")),
                    "{path}: back here after signing in, got {}",
                    reply.location()
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_head_cannot_read_or_change_another_unit_by_crafting_requests() {
    let app = app().await;
    let session = sign_in(&app, UNIT).await;
    let before = service_count(&app, NEIGHBOUR).await;
    let neighbour = app
        .store
        .unit_record(NEIGHBOUR)
        .await
        .expect("store")
        .expect("unit");

    // Read: the page, the server function.
    let page = request(
        &app,
        "GET",
        &format!("/admin/unit/{NEIGHBOUR}"),
        Some(&session),
        "",
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        !page.body.contains(&neighbour.fields.name),
        "the other unit's name is not shown"
    );
    let data = request(
        &app,
        "POST",
        "/api/admin/unit",
        Some(&session),
        &format!("code={NEIGHBOUR}"),
        None,
    )
    .await;
    assert_eq!(data.status, StatusCode::FORBIDDEN);
    assert!(!data.body.contains(&neighbour.fields.name));
    // The overview lists only the own unit.
    let overview = request(
        &app,
        "POST",
        "/api/admin/ringkasan",
        Some(&session),
        "",
        None,
    )
    .await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(overview.body.contains(OWN_UNIT) && !overview.body.contains(NEIGHBOUR));

    // Change: services, the unit's facts, a new unit placed anywhere.
    let service_id = app
        .store
        .unit(NEIGHBOUR)
        .await
        .expect("store")
        .expect("unit")
        .services[0]
        .id;
    for (path, fields) in [
        (
            format!("/admin/unit/{NEIGHBOUR}/layanan"),
            vec![("service", "Titipan")],
        ),
        (
            format!("/admin/unit/{NEIGHBOUR}/layanan/{service_id}"),
            vec![("active", "0")],
        ),
        (
            format!("/admin/unit/{NEIGHBOUR}"),
            vec![
                ("name", "Diambil alih"),
                ("kind", "dpmptsp"),
                ("region", "18.71"),
                ("active", "0"),
            ],
        ),
        (
            "/admin/unit".to_string(),
            vec![
                ("code", "1871-baru"),
                ("name", "Unit Baru"),
                ("kind", "lainnya"),
                ("region", "18.71"),
                ("active", "1"),
            ],
        ),
    ] {
        let reply = post(&app, &path, Some(&session), &fields).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "POST {path}");
    }
    let after = app
        .store
        .unit_record(NEIGHBOUR)
        .await
        .expect("store")
        .expect("unit");
    assert_eq!(after, neighbour, "nothing of the other unit changed");
    assert_eq!(service_count(&app, NEIGHBOUR).await, before);
    assert!(app.store.unit("1871-baru").await.expect("store").is_none());

    // The own unit: may edit, but not move it to another region.
    let own = app
        .store
        .unit_record(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit");
    let reply = post(
        &app,
        &format!("/admin/unit/{OWN_UNIT}"),
        Some(&session),
        &[
            ("name", "Disdukcapil Kota Bandar Lampung"),
            ("kind", "disdukcapil"),
            ("region", "18.01"),
            ("contact", "0721-123456"),
            ("population", "120.000"),
            ("active", "1"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let edited = app
        .store
        .unit_record(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit");
    assert_eq!(
        edited.fields.region_code, own.fields.region_code,
        "the unit stays in its region"
    );
    assert_eq!(
        edited.fields.complaint_contact.as_deref(),
        Some("0721-123456")
    );
    assert_eq!(edited.fields.population_per_year, Some(120_000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_or_unknown_name_gets_one_message_and_repeated_failures_are_stopped() {
    let app = app().await;
    let wrong = post(
        &app,
        "/masuk",
        None,
        &[("login", "admin"), ("password", "salah-sekali")],
    )
    .await;
    let unknown = post(
        &app,
        "/masuk",
        None,
        &[("login", "siapa"), ("password", "salah-sekali")],
    )
    .await;
    for reply in [&wrong, &unknown] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(session_cookie(reply).is_none());
        assert!(reply.body.contains("Nama pengguna atau kata sandi salah."));
    }
    // The e-mail works as the login too, case-insensitively: checked with a user made for it.
    let admin = sign_in(&app, ADMIN).await;
    let made = post(
        &app,
        "/admin/pengguna",
        Some(&admin),
        &[
            ("username", "Petugas.Metro"),
            ("email", "Petugas@Metrokota.go.id"),
            ("display_name", "Petugas Metro"),
            ("role", "region"),
            ("scopes", "18.72"),
            ("password", "metro-kota-tapis"),
        ],
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    sign_in(&app, ("PETUGAS@metrokota.go.id", "metro-kota-tapis")).await;

    // Five failures for "admin" from this address since its last sign-in: now even the right
    // password waits here (the earlier failure was forgotten when the right password came).
    for _ in 0..5 {
        let reply = post(
            &app,
            "/masuk",
            None,
            &[("login", "admin"), ("password", "tebak-tebakan")],
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let limited = post(
        &app,
        "/masuk",
        None,
        &[("login", "admin"), ("password", ADMIN.1)],
    )
    .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(session_cookie(&limited).is_none());
    assert!(limited.body.contains("Terlalu banyak percobaan"));
    // Other accounts are not locked by it.
    sign_in(&app, KOTA).await;
    let failed = app
        .store
        .audit_log(
            &AuditFilter {
                action: Some("sign_in_failed".into()),
                ..Default::default()
            },
            100,
        )
        .await
        .expect("audit");
    assert_eq!(failed.len(), 7, "every failed sign-in is in the audit log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_makes_a_new_session_and_signing_out_or_deactivation_ends_it() {
    let app = app().await;
    let first = sign_in(&app, KOTA).await;
    // Signing in again from the same browser replaces the session: the old token is dead.
    let reply = request(
        &app,
        "POST",
        "/masuk",
        Some(&first),
        &form_body(&[("login", KOTA.0), ("password", KOTA.1)]),
        Some("http://ikm.test"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let second = session_cookie(&reply).expect("cookie");
    assert_ne!(first, second);
    let set = reply
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let old = request(&app, "GET", "/admin", Some(&first), "", None).await;
    assert_eq!(old.status, StatusCode::SEE_OTHER, "the old session is gone");
    let new = request(&app, "GET", "/admin", Some(&second), "", None).await;
    assert_eq!(new.status, StatusCode::OK);

    let out = post(&app, "/keluar", Some(&second), &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = request(&app, "GET", "/admin", Some(&second), "", None).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "signed out");

    // An admin deactivating an account ends its sessions at once.
    let session = sign_in(&app, UNIT).await;
    let admin = sign_in(&app, ADMIN).await;
    let reply = post(
        &app,
        "/admin/pengguna/unit",
        Some(&admin),
        &[("active", "0")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = request(&app, "GET", "/admin", Some(&session), "", None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let again = post(
        &app,
        "/masuk",
        None,
        &[("login", UNIT.0), ("password", UNIT.1)],
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "an inactive account cannot sign in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_site_post_is_refused_on_every_route_and_changes_nothing() {
    let app = app().await;
    let admin = sign_in(&app, ADMIN).await;
    let before = service_count(&app, OWN_UNIT).await;
    for origin in [
        "https://evil.example",
        "null",
        "http://ikm.test.evil.example",
    ] {
        let reply = request(
            &app,
            "POST",
            &format!("/admin/unit/{OWN_UNIT}/layanan"),
            Some(&admin),
            "service=Palsu",
            Some(origin),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "Origin {origin}");
        let sign_in = request(
            &app,
            "POST",
            "/masuk",
            None,
            "login=admin&password=demo-admin-ikm",
            Some(origin),
        )
        .await;
        assert_eq!(sign_in.status, StatusCode::FORBIDDEN);
        let survey = request(
            &app,
            "POST",
            &format!("/s/{OWN_UNIT}"),
            None,
            "",
            Some(origin),
        )
        .await;
        assert_eq!(survey.status, StatusCode::FORBIDDEN);
    }
    // A Referer from elsewhere counts when there is no Origin.
    let reply = send(
        &app,
        Request::post(format!("/admin/unit/{OWN_UNIT}/layanan"))
            .header(header::HOST, "ikm.test")
            .header(header::COOKIE, &admin)
            .header(header::REFERER, "https://evil.example/form.html")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("service=Palsu"))
            .expect("request"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        service_count(&app, OWN_UNIT).await,
        before,
        "nothing was added"
    );
    // The same post from the site itself goes through.
    let ok = post(
        &app,
        &format!("/admin/unit/{OWN_UNIT}/layanan"),
        Some(&admin),
        &[("service", "Asli")],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(service_count(&app, OWN_UNIT).await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_show_each_problem_beside_its_field_and_store_nothing() {
    let app = app().await;
    let admin = sign_in(&app, ADMIN).await;
    let reply = post(
        &app,
        "/admin/unit",
        Some(&admin),
        &[
            ("code", "Kode Salah!"),
            ("name", "x"),
            ("kind", "warung"),
            ("region", "99.99"),
            ("population", "banyak"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Gunakan 3–60 huruf kecil, angka atau tanda hubung.",
        "Panjangnya tidak sesuai.",
        "Pilih salah satu pilihan.",
        "Masukkan bilangan bulat.",
    ] {
        assert!(reply.body.contains(message), "{message}");
    }
    assert!(
        reply.body.contains("value=\"Kode Salah!\""),
        "what was typed stays"
    );
    // A taken code, a duplicate service, a bad user.
    let taken = post(
        &app,
        "/admin/unit",
        Some(&admin),
        &[
            ("code", OWN_UNIT),
            ("name", "Lagi"),
            ("kind", "lainnya"),
            ("region", "18.71"),
        ],
    )
    .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("Sudah dipakai."));
    let service = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit")
        .services[0]
        .name
        .clone();
    let dup = post(
        &app,
        &format!("/admin/unit/{OWN_UNIT}/layanan"),
        Some(&admin),
        &[("service", &service)],
    )
    .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    let user = post(
        &app,
        "/admin/pengguna",
        Some(&admin),
        &[
            ("username", "x"),
            ("email", "bukan-email"),
            ("display_name", "Uji"),
            ("role", "unit"),
            ("scopes", "tidak-ada"),
            ("password", "pendek"),
        ],
    )
    .await;
    assert_eq!(user.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Alamat e-mail tidak valid.",
        "Kode wewenang tidak cocok dengan peran.",
        "Kata sandi minimal 10 karakter.",
    ] {
        assert!(user.body.contains(message), "{message}");
    }
    assert!(
        !user.body.contains("pendek"),
        "a password is never sent back"
    );
    assert_eq!(
        app.store.users().await.expect("users").len(),
        ikm::seed::users::DEMO_USERS.len(),
        "no account was made"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_is_in_the_audit_log_with_before_and_after_and_passwords_are_stored_hashed() {
    let app = app().await;
    let admin = sign_in(&app, ADMIN).await;
    let password = "sangat-rahasia-42";
    let made = post(
        &app,
        "/admin/pengguna",
        Some(&admin),
        &[
            ("username", "auditor"),
            ("display_name", "Auditor"),
            ("role", "province"),
            ("scopes", "18"),
            ("password", password),
        ],
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let renamed = post(
        &app,
        "/admin/wilayah/18.72",
        Some(&admin),
        &[("name", "Kota Metro (baru)")],
    )
    .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    sign_in(&app, ("auditor", password)).await;

    let log = app
        .store
        .audit_log(&AuditFilter::default(), 50)
        .await
        .expect("audit");
    let rename = log
        .iter()
        .find(|l| l.action == "region_rename")
        .expect("rename audited");
    assert_eq!(rename.actor, "admin");
    assert_eq!(rename.target, "18.72");
    assert!(rename
        .before
        .as_deref()
        .unwrap_or_default()
        .contains("Kota Metro"));
    assert!(rename
        .after
        .as_deref()
        .unwrap_or_default()
        .contains("Kota Metro (baru)"));
    assert!(log
        .iter()
        .any(|l| l.action == "user_create" && l.target == "auditor"));
    assert!(log
        .iter()
        .any(|l| l.action == "sign_in" && l.actor == "auditor"));
    // The audit page shows it, filtered.
    let page = request(
        &app,
        "GET",
        "/admin/audit?tindakan=region_rename",
        Some(&admin),
        "",
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<td>18.72</td>"));
    assert!(
        !page.body.contains("<td>auditor</td>"),
        "other actions are filtered out"
    );

    // The password is nowhere in clear: not in the account, not in the log.
    let credentials = app
        .store
        .credentials("auditor")
        .await
        .expect("store")
        .expect("user");
    assert!(credentials.password_hash.starts_with("$argon2id$"));
    assert!(!credentials.password_hash.contains(password));
    for line in &log {
        let text = format!("{line:?}");
        assert!(!text.contains(password), "audit line {text}");
    }
    if let Some(path) = app.db.url.strip_prefix("sqlite://") {
        for file in [path.to_string(), format!("{path}-wal")] {
            if let Ok(bytes) = std::fs::read(&file) {
                assert!(
                    !bytes
                        .windows(password.len())
                        .any(|w| w == password.as_bytes()),
                    "{file} holds the password"
                );
            }
        }
    }
}
