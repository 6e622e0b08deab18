//! The home page, unit pages, 404 and health, through the router.

use crate::{app, get};
use axum::http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_when_the_database_does() {
    let app = app().await;
    let (status, body) = get(&app, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.trim(), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_lists_the_fifteen_regions_with_their_units_in_indonesian() {
    let app = app().await;
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"id\""), "Indonesian document");
    // Lampung's fifteen, and the demo's two kabupaten/kota each of Sumatera Selatan and Jawa Barat.
    assert_eq!(html.matches("class=\"region\"").count(), 19, "{html}");
    assert!(html.contains("Kota Palembang") && !html.contains("Kota Banda Aceh"));
    assert!(html.contains("Kota Bandar Lampung"));
    assert!(html.contains("Kabupaten Pesisir Barat"));
    assert!(html.contains("Puskesmas Way Halim"));
    assert!(html.contains("href=\"/unit/1871-disdukcapil\""));
    assert!(html.contains("193 unit ditemukan"), "count of units");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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
    assert!(html.contains("12 unit ditemukan"));
    let (_, none) = get(&app, "/?q=zzzz").await;
    assert!(none.contains("Tidak ada unit yang cocok"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_page_shows_its_region_mpp_and_services() {
    let app = app().await;
    let (status, html) = get(&app, "/unit/1871-disdukcapil").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Dinas Kependudukan dan Pencatatan Sipil Kota Bandar Lampung"));
    assert!(html.contains("Mal Pelayanan Publik Kota Bandar Lampung"));
    assert!(html.contains("Akta Kelahiran"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_and_units_are_a_friendly_404() {
    let app = app().await;
    for path in ["/tidak-ada", "/unit/9999-tidak-ada"] {
        let (status, html) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("Halaman tidak ditemukan"), "{path}: {html}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_twice_duplicates_nothing() {
    let app = app().await;
    let before = app.store.counts().await.expect("counts");
    let today = app::time::jakarta_today();
    let report = ikm::seed::demo::seed(app.store.as_ref(), today)
        .await
        .expect("seeds again");
    assert_eq!(report.units_created, 0);
    assert_eq!(report.responses_created, 0);
    assert_eq!(app.store.counts().await.expect("counts"), before);
    // Indonesia's 38 provinces and 514 kabupaten/kota; Lampung's 165 units and 28 elsewhere.
    assert_eq!(before.regions, 552);
    assert_eq!(before.units, 193);
    assert_eq!(before.mpps, 12);
    assert!(before.services > 400);
}
