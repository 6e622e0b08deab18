//! The national level (issue #34): the evaluator's role reads every province and changes nothing;
//! `/wilayah` without a code is Indonesia, its provinces side by side, with figures checked against
//! numbers worked out by hand; `/publik` compares the provinces taking part.

use crate::accounts::{request, sign_in};
use crate::region::region;
use crate::{app, TestApp};
use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use ikm_domain::Hundredths;

const NASIONAL: (&str, &str) = ("nasional", "demo-nasional-ikm");
const PROVINSI: (&str, &str) = ("provinsi", "demo-provinsi-ikm");

/// Stores `times` answers of `unit`, every unsur scored `score`, in March 2020 (a year the demo
/// has no answer in).
async fn answers(app: &TestApp, unit: &str, score: u8, times: usize) {
    answers_in(app, 2020, unit, score, times).await;
}

/// The same in March of `year`.
async fn answers_in(app: &TestApp, year: i32, unit: &str, score: u8, times: usize) {
    let id = app
        .store
        .unit(unit)
        .await
        .expect("read")
        .expect("a demo unit")
        .id;
    let at = Utc
        .with_ymd_and_hms(year, 3, 10, 3, 0, 0)
        .single()
        .expect("a time");
    let batch: Vec<_> = (0..times)
        .map(|_| crate::support::response_at(id, at, score, None))
        .collect();
    app.store.record_responses(&batch).await.expect("stored");
}

/// A figure as the page writes it (`70,00`), as hundredths.
fn h(text: &str) -> Hundredths {
    Hundredths(text.replace(',', "").parse().expect("a figure"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_nation_compares_three_provinces_with_figures_worked_out_by_hand() {
    let app = app().await;
    // An answer scoring every unsur s has every NRR = s and IKM = 25 s.
    // Lampung: 2 × 4 (100) and 3 × 2 (50): pooled NRR 14/5 = 2,8 → 70,00; mean of units 75,00.
    answers(&app, "1871-disdukcapil", 4, 2).await;
    answers(&app, "1871-samsat", 2, 3).await;
    // Sumatera Selatan: 4 × 3: pooled 75,00, mean 75,00.
    answers(&app, "1671-disdukcapil", 3, 4).await;
    // Jawa Barat: 3 × 4 (100) in Kota Bandung, 1 × 1 (25) in Kabupaten Bandung: pooled
    // 13/4 = 3,25 → 81,25; mean of units 62,50.
    answers(&app, "3273-disdukcapil", 4, 3).await;
    answers(&app, "3204-rsud", 1, 1).await;
    // Indonesia: 39 points over 13 answers = 3 → 75,00; mean of the five units 350/5 = 70,00.
    // The year before, only Kota Bandung: 2 × 2 → 50,00 (Jawa Barat's and Indonesia's past).
    answers_in(&app, 2019, "3273-disdukcapil", 2, 2).await;

    let cookie = sign_in(&app, NASIONAL).await;
    let nation = region(&app, &cookie, "", "periode=2020").await;
    assert!(nation.is_nation() && !nation.unit_rows);
    assert_eq!(nation.name, "Indonesia");
    assert_eq!(nation.rows.len(), 38, "every province is a row");
    assert_eq!(nation.tiles.len(), 38, "and a tile");
    let pooled = |code: &str| {
        let row = nation.rows.iter().find(|r| r.code == code).expect("a row");
        (
            row.respondents,
            row.pooled.as_ref().map(|p| p.converted),
            row.mean_of_units.map(|m| (m.0, m.2)),
            row.link.clone(),
        )
    };
    assert_eq!(
        pooled("18"),
        (
            5,
            Some(h("70,00")),
            Some((h("75,00"), 2)),
            "/wilayah/18?periode=2020".to_string()
        )
    );
    assert_eq!(pooled("16").1, Some(h("75,00")));
    assert_eq!(pooled("16").2, Some((h("75,00"), 1)));
    assert_eq!(pooled("32").0, 4);
    assert_eq!(pooled("32").1, Some(h("81,25")));
    assert_eq!(pooled("32").2, Some((h("62,50"), 2)));
    assert_eq!(pooled("11").0, 0, "Aceh has no unit");
    assert!(pooled("11").1.is_none());
    assert_eq!(nation.total.respondents, 13);
    assert_eq!(
        nation.total.pooled.as_ref().map(|p| p.converted),
        Some(h("75,00"))
    );
    assert_eq!(
        nation.total.mean_of_units.map(|m| (m.0, m.2)),
        Some((h("70,00"), 5))
    );
    // Units by grade: A 100 and 100, C 75, D 50 and 25; every other unit without answers.
    assert_eq!(nation.grades.0, [2, 0, 1, 2]);
    // The change from 2019 and the trend's last two years (2019, 2020), pooled.
    let past = |row: &app::comparison::Row| (row.change, row.trend[4..].to_vec());
    let jawa_barat = nation.rows.iter().find(|r| r.code == "32").expect("a row");
    assert_eq!(
        past(jawa_barat),
        (Some(h("31,25")), vec![Some(h("50,00")), Some(h("81,25"))])
    );
    assert_eq!(jawa_barat.trend.len(), 6, "six years");
    assert!(jawa_barat.trend[..4].iter().all(Option::is_none));
    assert_eq!(
        past(&nation.total),
        (Some(h("25,00")), vec![Some(h("50,00")), Some(h("75,00"))])
    );
    let lampung_row = nation.rows.iter().find(|r| r.code == "18").expect("a row");
    assert_eq!(past(lampung_row), (None, vec![None, Some(h("70,00"))]));

    // The page itself: the provinces' tiles, drilling down, and a province leads back up.
    let page = request(
        &app,
        "GET",
        "/wilayah?periode=2020",
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Peta mutu provinsi"));
    assert!(page.body.contains("href=\"/wilayah/32?periode=2020\""));
    assert!(
        page.body.contains("81,25"),
        "Jawa Barat's figure is written"
    );
    assert!(
        !page.body.contains("/laporan.pdf"),
        "no national report offered"
    );
    let lampung = region(&app, &cookie, "18", "periode=2020").await;
    assert_eq!(
        lampung.parent,
        Some((String::new(), "Indonesia".to_string()))
    );
    assert_eq!(lampung.total.respondents, 5);
    let bandung = region(&app, &cookie, "32.73", "periode=2020").await;
    assert!(bandung.unit_rows);
    // A unit row's past is the unit's own: 100,00 now, 50,00 in 2019.
    let unit = bandung
        .rows
        .iter()
        .find(|r| r.code == "3273-disdukcapil")
        .expect("the unit's row");
    assert_eq!(
        past(unit),
        (Some(h("50,00")), vec![Some(h("50,00")), Some(h("100,00"))])
    );
    assert_eq!(
        past(&bandung.total),
        past(unit),
        "its only unit with answers"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_national_evaluator_reads_every_province_and_changes_nothing() {
    let app = app().await;
    let cookie = sign_in(&app, NASIONAL).await;
    let get = |path: &'static str| request(&app, "GET", path, Some(&cookie), "", None);
    // Reads: the nation, any province, any kabupaten/kota, a unit's dashboard, report and
    // scorecard, an MPP's page.
    for path in [
        "/wilayah",
        "/wilayah/16",
        "/wilayah/32.73",
        "/wilayah/18/rapor",
        "/dasbor/1671-disdukcapil",
        "/dasbor/1871-disdukcapil/laporan",
        "/dasbor/1871-disdukcapil/rapor",
        "/mpp/mpp-kota-bandar-lampung",
    ] {
        let reply = get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
    }
    let pdf = get("/dasbor/3273-rsud/laporan.pdf").await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF"));
    // The dashboard offers no form that changes anything.
    let dashboard = get("/dasbor/1871-disdukcapil").await;
    assert!(dashboard.body.contains("data-testid=\"read-only\""));
    assert!(
        !dashboard.body.contains("method=\"post\" action=\"/dasbor"),
        "no unit form on the evaluator's dashboard"
    );
    // Its start is the nation; no unit list, accounts, regions, inbox or contacts.
    let home = get("/admin").await;
    assert!(home.status.is_redirection(), "{}", home.status);
    assert_eq!(home.location(), "/wilayah");
    for path in [
        "/admin/pengguna",
        "/admin/audit",
        "/admin/wilayah",
        "/admin/mpp",
        "/admin/unit/1871-disdukcapil",
        "/dasbor/1871-disdukcapil/masukan",
        "/dasbor/1871-disdukcapil/undangan",
        "/dasbor/1871-disdukcapil/ekspor?format=csv",
    ] {
        let reply = get(path).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Every change is refused, and nothing is published.
    let before = app.store.all_published().await.expect("read").len();
    for (path, body) in [
        (
            "/dasbor/1871-disdukcapil/terbitkan?periode=2026-q1",
            "terbit=1",
        ),
        (
            "/dasbor/1871-disdukcapil/tindak-lanjut",
            "unsur=u1&rencana=x",
        ),
        ("/admin/unit", "code=x&name=y&region_code=18.71"),
        ("/admin/wilayah/18/kop", "nama_1=X"),
    ] {
        let reply = request(
            &app,
            "POST",
            path,
            Some(&cookie),
            body,
            Some("http://ikm.test"),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            reply.body
        );
    }
    assert_eq!(app.store.all_published().await.expect("read").len(), before);

    // A province's staff may not open the nation, nor another province.
    let lampung = sign_in(&app, PROVINSI).await;
    for path in ["/wilayah", "/wilayah/16", "/dasbor/1671-disdukcapil"] {
        let reply = request(&app, "GET", path, Some(&lampung), "", None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    let reply = request(&app, "GET", "/wilayah/18", Some(&lampung), "", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        !reply.body.contains("href=\"/wilayah?"),
        "no way up to the nation for a province"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_page_compares_the_provinces_and_opens_one() {
    let app = app().await;
    let (status, body) = crate::get(&app, "/publik").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("data-testid=\"public-provinces\""));
    for province in ["16", "18", "32"] {
        assert!(
            body.contains(&format!("data-province=\"{province}\"")),
            "{province} takes part"
        );
    }
    assert!(!body.contains("data-province=\"11\""), "Aceh has no unit");
    assert!(
        !body.contains("data-unit="),
        "no unit rows before a province is chosen"
    );
    let (status, body) = crate::get(&app, "/publik?provinsi=32").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("data-region=\"32.73\"") && body.contains("data-region=\"32\""));
    assert!(
        !body.contains("data-region=\"18.71\""),
        "only Jawa Barat's regions"
    );
    assert!(body.contains("aria-current=\"true\""));
    let (status, body) = crate::get(&app, "/publik?provinsi=99").await;
    assert_eq!(status, StatusCode::OK, "an unknown province shows the list");
    assert!(!body.contains("data-region="));
}
