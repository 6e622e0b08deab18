//! Downloads from the dashboard: the period's valid responses as the interchange CSV (the same
//! respondents and sums as the engine's tally) or the XLSX workbook, for the unit's own staff only.

use crate::accounts::{request, sign_in, OWN_UNIT, UNIT};
use crate::app;
use app::store::Counted;
use axum::http::{header, StatusCode};
use ikm_domain::response_file::read_all;
use ikm_domain::{Period, Tally};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_downloads_its_periods_responses_as_csv_and_xlsx() {
    let app = app().await;
    let path = |format: &str| format!("/dasbor/{OWN_UNIT}/ekspor?periode=2026-T3&format={format}");

    let anonymous = request(&app, "GET", &path("csv"), None, "", None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "sign in first");
    assert!(
        anonymous.location().starts_with("/masuk"),
        "{}",
        anonymous.location()
    );

    let cookie = sign_in(&app, UNIT).await;
    let csv = request(&app, "GET", &path("csv"), Some(&cookie), "", None).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv.headers[header::CONTENT_TYPE]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    assert!(csv.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("name")
        .contains(&format!("ikm-{OWN_UNIT}-2026-T3.csv")));
    let file = read_all(csv.body.as_bytes()).expect("a response file");
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    let quarter = Period::parse("2026-T3").expect("period");
    let unit = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit");
    let engine = app
        .store
        .unit_tally(unit.id, quarter.from, quarter.to, Counted::Valid)
        .await
        .expect("tally");
    assert!(!engine.is_empty());
    assert_eq!(Tally::of(file.records.iter().map(|r| &r.answers)), engine);
    assert!(file
        .records
        .iter()
        .all(|r| r.unit.as_deref() == Some(OWN_UNIT) && r.submitted_at.is_some()));

    let xlsx = request(&app, "GET", &path("xlsx"), Some(&cookie), "", None).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.body.starts_with("PK"), "a zip container");

    let bad = request(&app, "GET", &path("pdf"), Some(&cookie), "", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("<html lang=\"id\""), "{}", bad.body);
    assert!(
        bad.body.contains("Format unduhan harus CSV atau XLSX"),
        "{}",
        bad.body
    );
    let english = format!("{cookie}; ikm_lang=en");
    let bad = request(&app, "GET", &path("pdf"), Some(&english), "", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("<html lang=\"en\""), "{}", bad.body);
    assert!(
        bad.body.contains("The download format must be CSV or XLSX"),
        "{}",
        bad.body
    );
    let other = request(
        &app,
        "GET",
        "/dasbor/1801-disdukcapil/ekspor?periode=2026-T3&format=csv",
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert_eq!(
        other.status,
        StatusCode::FORBIDDEN,
        "another unit's answers"
    );

    // The dashboard offers both links for the shown period.
    let page = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN_UNIT}?periode=2026-T3"),
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert!(
        page.body.contains(&format!(
            "/dasbor/{OWN_UNIT}/ekspor?periode=2026-T3&amp;format=xlsx"
        )),
        "download links"
    );
}
