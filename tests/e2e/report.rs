//! The unit head prints the quarter's SKM report, with the WASM and without it: from the dashboard
//! they follow the report link; printed on A4 (print media, the printable width of an A4 page) no
//! element is wider than the paper; Chromium's own print of the page has a cover and every chapter
//! on pages of its own, with the unit and period on top of every page.

use crate::admin::{choose_period, click, settle, sign_in_through, wait_for_path};
use crate::browser::{cdp, eventually, save_screenshot, viewport, with_browser, Js};
use crate::support::Server;
use base64::Engine;
use fantoccini::Locator;
use ikm_domain::{Period, PeriodKind};
use serde_json::json;
use std::time::Duration;

const UNIT: &str = "1871-disdukcapil";
/// A4 is 210 mm wide; the print CSS keeps 15 mm margins: 180 mm = 680 CSS pixels.
const PRINTABLE_WIDTH: u32 = 680;

async fn the_report_prints_on_a4(js: Js) {
    let server = Server::start();
    let base = server.base.clone();
    let today = app::time::jakarta_today();
    let quarter = Period::containing(PeriodKind::Quarter, today).previous();
    with_browser(js, move |client| async move {
        sign_in_through(
            &client,
            js,
            &format!("{base}/dasbor/{UNIT}"),
            ("unit", "demo-unit-ikm"),
        )
        .await;
        choose_period(&client, js, &quarter.key()).await;
        click(&client, "[data-testid=report] a:first-of-type").await;
        wait_for_path(&client, &format!("/dasbor/{UNIT}/laporan")).await;
        settle(&client, js).await;
        eventually(Duration::from_secs(20), "the report", || async {
            client
                .find(Locator::Css("[data-testid=report] .report-chapter"))
                .await
                .ok()
        })
        .await;
        let url = client.current_url().await.expect("url");
        assert!(
            url.query().unwrap_or_default().contains(&quarter.key()),
            "the report of the chosen quarter: {url}"
        );

        // As printed: print media at the printable width of A4.
        cdp(
            &client,
            "Emulation.setEmulatedMedia",
            json!({ "media": "print" }),
        )
        .await;
        // The page's width without the scrollbar is A4's printable width.
        viewport(&client, PRINTABLE_WIDTH, 1123, false).await;
        let scrollbar = client
            .execute(
                "return window.innerWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .expect("scrollbar")
            .as_u64()
            .expect("a width");
        viewport(&client, PRINTABLE_WIDTH + scrollbar as u32, 1123, false).await;
        let widths = client
            .execute(
                "const limit = document.documentElement.clientWidth;
                 const wide = [...document.querySelectorAll('body *')]
                   .filter(e => e.getClientRects().length > 0)
                   .filter(e => e.getBoundingClientRect().right > limit + 0.5
                             || e.getBoundingClientRect().left < -0.5)
                   .map(e => e.tagName + '.' + e.className + ': ' + e.getBoundingClientRect().right);
                 return [limit, document.documentElement.scrollWidth, wide,
                         getComputedStyle(document.querySelector('.report-tools')).display,
                         [...document.querySelectorAll('.report-chapter')]
                           .map(c => getComputedStyle(c).breakBefore)];",
                vec![],
            )
            .await
            .expect("measure");
        assert_eq!(widths[0], json!(PRINTABLE_WIDTH), "{widths}");
        assert!(
            widths[1].as_u64().expect("scroll width") <= u64::from(PRINTABLE_WIDTH),
            "the page scrolls sideways when printed: {widths}"
        );
        assert_eq!(widths[2], json!([]), "elements wider than A4: {widths}");
        assert_eq!(widths[3], json!("none"), "the tools are not printed");
        assert_eq!(widths[4], json!(["page", "page", "page", "page", "page"]), "{widths}");
        let tag = if js == Js::On { "js" } else { "html" };
        save_screenshot(&client, &format!("report-print-{tag}.png")).await;

        // Chromium's own print of the page, on A4.
        let printed = cdp(
            &client,
            "Page.printToPDF",
            json!({ "preferCSSPageSize": true, "printBackground": false }),
        )
        .await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(printed["data"].as_str().expect("PDF data"))
            .expect("base64");
        let pdf = lopdf::Document::load_mem(&bytes).expect("the printed PDF parses");
        let pages = pdf.get_pages();
        assert!(pages.len() >= 6, "cover + five chapters: {} pages", pages.len());
        for (n, id) in &pages {
            let page = pdf.get_dictionary(*id).expect("page");
            let media = page.get(b"MediaBox").and_then(|m| m.as_array()).expect("media box");
            let size: Vec<f32> = media
                .iter()
                .map(|v| v.as_float().or(v.as_i64().map(|i| i as f32)).expect("number"))
                .collect();
            assert!(
                (size[2] - 595.3).abs() < 1.5 && (size[3] - 841.9).abs() < 1.5,
                "page {n} is A4: {size:?}"
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_prints_on_a4_with_javascript() {
    the_report_prints_on_a4(Js::On).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_prints_on_a4_without_javascript() {
    the_report_prints_on_a4(Js::Off).await;
}
