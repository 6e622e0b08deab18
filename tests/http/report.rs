//! The SKM report: the print page and the PDF say the same document (`app::report`), every figure
//! is the engine's over the period's stored answers, the PDF parses with one chapter per page run,
//! and only the unit's staff and the officials above it may open either.

use crate::accounts::{request, sign_in, OWN_UNIT, UNIT};
use crate::app;
use app::store::Counted;
use axum::http::{header, StatusCode};
use ikm_domain::{IkmResult, Period};

/// Text without any whitespace: PDF text extraction joins wrapped lines without a space.
pub(crate) fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of each page of a PDF, parsed with lopdf.
pub(crate) fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    pdf.get_pages()
        .keys()
        .map(|n| pdf.extract_text(&[*n]).expect("page text"))
        .collect()
}

/// How the page writes a text node.
pub(crate) fn as_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_is_one_document_as_a_print_page_and_a_pdf() {
    let app = app().await;
    let quarter = Period::parse("2026-T3").expect("period");
    let page_path = format!("/dasbor/{OWN_UNIT}/laporan?periode=2026-T3");
    let pdf_path = format!("/dasbor/{OWN_UNIT}/laporan.pdf?periode=2026-T3");

    for path in [&page_path, &pdf_path] {
        let anonymous = request(&app, "GET", path, None, "", None).await;
        assert_eq!(
            anonymous.status,
            StatusCode::SEE_OTHER,
            "{path}: sign in first"
        );
    }
    let cookie = sign_in(&app, UNIT).await;

    // The document the server builds, and the engine's figures over the stored answers.
    let today = app::time::jakarta_today();
    let facts = app::report::load(app.store.as_ref(), OWN_UNIT, quarter, today)
        .await
        .expect("store")
        .expect("the unit");
    let unit = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit");
    let tally = app
        .store
        .unit_tally(unit.id, quarter.from, quarter.to, Counted::Valid)
        .await
        .expect("tally");
    let engine = IkmResult::of(&tally).expect("the demo has answers in 2026-T3");
    assert_eq!(facts.headline.result.as_ref(), Some(&engine));
    let doc = app::report::build(&facts);
    let pieces: Vec<String> = app::report::text_of(&doc)
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect();

    let pdf = request(&app, "GET", &pdf_path, Some(&cookie), "", None).await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("name")
        .contains(&format!("laporan-skm-{OWN_UNIT}-2026-T3.pdf")));
    let pages = pdf_pages(&pdf.bytes);
    let n = pages.len();
    assert!(
        n >= 6,
        "a cover and five chapters, each from a new page: {n} pages"
    );

    // The cover, then BAB I … V each opening a page, in order.
    assert!(squeezed(&pages[0]).contains("LAPORANHASILSURVEIKEPUASANMASYARAKAT"));
    let mut last = 0;
    for bab in ["BABI", "BABII", "BABIII", "BABIV", "BABV"] {
        let opens = |p: &String| {
            let text = squeezed(p);
            // After the running header and the page number.
            text.split_once(&format!("dari{n}"))
                .is_some_and(|(_, body)| {
                    body.starts_with(bab)
                        && !body.starts_with(&format!("{bab}I"))
                        && !body.starts_with(&format!("{bab}V"))
                })
        };
        let found = pages
            .iter()
            .position(opens)
            .unwrap_or_else(|| panic!("no page opens with {bab}"));
        assert!(
            found > last,
            "{bab} on page {} after page {}",
            found + 1,
            last + 1
        );
        last = found;
    }
    for (i, page) in pages.iter().enumerate().skip(1) {
        let text = squeezed(page);
        assert!(
            text.contains(&format!("Halaman{}dari{n}", i + 1)),
            "page {} is numbered",
            i + 1
        );
        assert!(
            text.contains(&squeezed("Triwulan III 2026")),
            "the period heads page {}",
            i + 1
        );
    }

    // Every word of the document is in the PDF, and the figures are the engine's.
    let all = squeezed(&pages.concat());
    for piece in &pieces {
        assert!(all.contains(&squeezed(piece)), "the PDF lacks {piece:?}");
    }
    let ikm = engine.converted.to_id_string();
    assert!(all.contains(&squeezed(&format!(
        "IKM Dinas Kependudukan dan Pencatatan Sipil Kota Bandar Lampung pada Triwulan III 2026 adalah {} (skala 1–4), atau {ikm} setelah dikonversi",
        engine.ikm.to_id_string()
    ))), "the IKM sentence with the engine's {ikm}");
    for u in &engine.unsur {
        let nrr = u.nrr_scaled(3).expect("answered");
        let row = format!(
            "U{}{}{}{}{}",
            u.unsur.number(),
            squeezed(u.unsur.name(ikm_domain::Lang::Id)),
            ikm_domain::decimal::group_thousands(u.score_sum, Some('.')),
            u.answered,
            ikm_domain::decimal::scaled_to_id_string(nrr, 3)
        );
        assert!(all.contains(&row), "the unsur row {row}");
    }

    // The print page holds the same document.
    let html = request(&app, "GET", &page_path, Some(&cookie), "", None).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("data-testid=\"report\""));
    for piece in &pieces {
        assert!(
            html.body.contains(&as_html(piece)),
            "the page lacks {piece:?}"
        );
    }
    assert!(html
        .body
        .contains(&format!("/dasbor/{OWN_UNIT}/laporan.pdf?periode=2026-T3")));

    // The dashboard links both.
    let dashboard = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN_UNIT}?periode=2026-T3"),
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert!(dashboard
        .body
        .contains(&format!("/dasbor/{OWN_UNIT}/laporan?periode=2026-T3")));
    assert!(dashboard
        .body
        .contains(&format!("/dasbor/{OWN_UNIT}/laporan.pdf?periode=2026-T3")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_period_without_answers_still_gives_a_report_and_others_are_refused() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let empty = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN_UNIT}/laporan.pdf?periode=2020-T1"),
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert_eq!(empty.status, StatusCode::OK);
    let text = squeezed(&pdf_pages(&empty.bytes).concat());
    assert!(text.contains(&squeezed(
        "Belum ada jawaban pada periode ini, sehingga IKM belum dapat dihitung."
    )));
    assert!(text.contains("BABVPENUTUP"));

    for path in [
        "/dasbor/1801-disdukcapil/laporan.pdf?periode=2026-T3",
        "/dasbor/1801-disdukcapil/laporan?periode=2026-T3",
    ] {
        let other = request(&app, "GET", path, Some(&cookie), "", None).await;
        assert_eq!(
            other.status,
            StatusCode::FORBIDDEN,
            "{path}: another unit's report"
        );
    }
    let missing = request(
        &app,
        "GET",
        "/dasbor/0000-tidak-ada/laporan.pdf",
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let province = sign_in(&app, ("provinsi", "demo-provinsi-ikm")).await;
    let seen = request(
        &app,
        "GET",
        "/dasbor/1801-disdukcapil/laporan.pdf?periode=2026-T3",
        Some(&province),
        "",
        None,
    )
    .await;
    assert_eq!(
        seen.status,
        StatusCode::OK,
        "the province reads every unit's report"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regions_report_pools_its_units_for_the_officials_above_them() {
    let app = app().await;
    let quarter = Period::parse("2026-T3").expect("period");
    let kota = sign_in(&app, ("kota", "demo-kota-ikm")).await;
    let pdf = request(
        &app,
        "GET",
        "/wilayah/18.71/laporan.pdf?periode=2026-T3",
        Some(&kota),
        "",
        None,
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    let pages = pdf_pages(&pdf.bytes);
    assert!(pages.len() >= 6, "{} pages", pages.len());
    let text = squeezed(&pages.concat());

    // The pooled IKM is the engine over every unit's answers merged.
    let mut pooled = ikm_domain::Tally::default();
    for (_, t) in app
        .store
        .unit_tallies("18.71", quarter.from, quarter.to, Counted::Valid)
        .await
        .expect("tallies")
    {
        pooled.merge(&t);
    }
    let engine = IkmResult::of(&pooled).expect("answers");
    assert!(text.contains(&squeezed(&format!(
        "IKM Kota Bandar Lampung pada Triwulan III 2026 adalah {} (skala 1–4), atau {} setelah dikonversi",
        engine.ikm.to_id_string(),
        engine.converted.to_id_string()
    ))));
    assert!(text.contains(&squeezed("Wilayah: Kota Bandar Lampung")));
    let units = app.store.region_units("18.71").await.expect("units");
    assert!(units.len() > 3);
    for unit in &units {
        assert!(
            text.contains(&squeezed(&unit.name)),
            "{} is in the units' table",
            unit.name
        );
    }

    let page = request(
        &app,
        "GET",
        "/wilayah/18.71/laporan?periode=2026-T3",
        Some(&kota),
        "",
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"report\""));
    assert!(page
        .body
        .contains("/wilayah/18.71/laporan.pdf?periode=2026-T3"));
    let region = request(
        &app,
        "GET",
        "/wilayah/18.71?periode=2026-T3",
        Some(&kota),
        "",
        None,
    )
    .await;
    assert!(region
        .body
        .contains("/wilayah/18.71/laporan?periode=2026-T3"));

    let unit = sign_in(&app, UNIT).await;
    for path in [
        "/wilayah/18.71/laporan.pdf?periode=2026-T3",
        "/wilayah/18.71/laporan?periode=2026-T3",
    ] {
        let refused = request(&app, "GET", path, Some(&unit), "", None).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path}: a unit's staff"
        );
    }
    let other = request(
        &app,
        "GET",
        "/wilayah/18.01/laporan.pdf",
        Some(&kota),
        "",
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "another kabupaten");
    let province = sign_in(&app, ("provinsi", "demo-provinsi-ikm")).await;
    let whole = request(
        &app,
        "GET",
        "/wilayah/18/laporan.pdf?periode=2026-T3",
        Some(&province),
        "",
        None,
    )
    .await;
    assert_eq!(whole.status, StatusCode::OK, "the province's own report");
}
