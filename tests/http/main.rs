//! The HTTP surface through the axum router, in-process, on a real seeded SQLite database.

#[path = "../support/mod.rs"]
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use ikm::config::ServeArgs;
use ikm::startup::{router, AppState};
use support::TempDb;
use tower::ServiceExt;

struct TestApp {
    router: axum::Router,
    store: app::store::SharedStore,
    _db: TempDb,
}

async fn app() -> TestApp {
    let db = TempDb::new();
    let store = ikm::storage::open(&db.url).await.expect("database opens");
    ikm::seed::demo::seed(store.as_ref())
        .await
        .expect("demo seeds");
    let serve = ServeArgs {
        addr: "127.0.0.1:0".parse().expect("addr"),
        site_root: Some(db.dir.path().join("site")),
    };
    let state = AppState {
        leptos_options: serve.leptos_options(),
        store: store.clone(),
    };
    TestApp {
        router: router(state),
        store,
        _db: db,
    }
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app
        .router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).expect("request"))
        .await
        .expect("router answers");
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .expect("body");
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = app().await;
    let (status, body) = get(&app, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.trim(), "ok");
}

#[tokio::test]
async fn home_lists_the_fifteen_regions_with_their_units_in_indonesian() {
    let app = app().await;
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"id\""), "Indonesian document");
    assert_eq!(html.matches("class=\"region\"").count(), 15, "{html}");
    assert!(html.contains("Kota Bandar Lampung"));
    assert!(html.contains("Kabupaten Pesisir Barat"));
    assert!(html.contains("Puskesmas Way Halim"));
    assert!(html.contains("href=\"/unit/1871-disdukcapil\""));
    assert!(html.contains("105 unit ditemukan"), "count of units");
}

#[tokio::test]
async fn search_without_javascript_is_rendered_by_the_server() {
    let app = app().await;
    let (status, html) = get(&app, "/?q=metro").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html.matches("class=\"region\"").count(),
        1,
        "only Kota Metro"
    );
    assert!(html.contains("Kota Metro"));
    assert!(html.contains("7 unit ditemukan"));
    let (_, none) = get(&app, "/?q=zzzz").await;
    assert!(none.contains("Tidak ada unit yang cocok"));
}

#[tokio::test]
async fn a_unit_page_shows_its_region_mpp_and_services() {
    let app = app().await;
    let (status, html) = get(&app, "/unit/1871-disdukcapil").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Dinas Kependudukan dan Pencatatan Sipil Kota Bandar Lampung"));
    assert!(html.contains("Mal Pelayanan Publik Kota Bandar Lampung"));
    assert!(html.contains("Akta Kelahiran"));
}

#[tokio::test]
async fn unknown_pages_and_units_are_a_friendly_404() {
    let app = app().await;
    for path in ["/tidak-ada", "/unit/9999-tidak-ada"] {
        let (status, html) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("Halaman tidak ditemukan"), "{path}: {html}");
    }
}

#[tokio::test]
async fn seeding_twice_duplicates_nothing() {
    let app = app().await;
    let before = app.store.counts().await.expect("counts");
    let report = ikm::seed::demo::seed(app.store.as_ref())
        .await
        .expect("seeds again");
    assert_eq!(report.units_created, 0);
    assert_eq!(app.store.counts().await.expect("counts"), before);
    assert_eq!(before.regions, 16);
    assert_eq!(before.units, 105);
    assert!(before.mpps >= 5);
    assert!(before.services > 400);
}
