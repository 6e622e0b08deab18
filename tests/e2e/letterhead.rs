//! A unit head sets the unit's letterhead in a real browser, with the WASM and without it: on the
//! unit's admin page types the signer's name and NIP, chooses a logo file, saves, and the report's
//! print page shows the letterhead with that logo (loaded, not a broken image) and signs with the
//! name and NIP.

use crate::admin::{click, fill, page_text, settle, sign_in_through, wait_for_path};
use crate::browser::{eventually, with_browser, Js};
use crate::support::Server;
use fantoccini::Locator;
use std::time::Duration;

const UNIT: &str = "1871-disdukcapil";

fn png() -> Vec<u8> {
    let img = image::ImageBuffer::from_fn(120, 80, |x, y| image::Rgb([x as u8, y as u8 * 3, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

async fn a_unit_head_sets_the_letterhead(js: Js) {
    let server = Server::start();
    let base = server.base.clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let logo = dir.path().join("logo-dinas.png");
    std::fs::write(&logo, png()).expect("the logo file");
    with_browser(js, move |client| async move {
        sign_in_through(
            &client,
            js,
            &format!("{base}/admin/unit/{UNIT}"),
            ("unit", "demo-unit-ikm"),
        )
        .await;
        wait_for_path(&client, &format!("/admin/unit/{UNIT}")).await;
        settle(&client, js).await;
        fill(&client, "#kop-f-head_name", "Dra. Siti Ŭmmi").await;
        fill(&client, "#kop-f-head_nip", "198001012005012002").await;
        let input = eventually(Duration::from_secs(20), "the logo field", || async {
            client.find(Locator::Css("#kop-logo")).await.ok()
        })
        .await;
        input
            .send_keys(logo.to_str().expect("path"))
            .await
            .expect("choose the logo");
        click(&client, "[data-testid=letterhead-form] button[type=submit]").await;
        eventually(Duration::from_secs(20), "saved", || async {
            let url = client.current_url().await.ok()?;
            url.query()
                .is_some_and(|q| q.contains("disimpan=1"))
                .then_some(())
        })
        .await;

        client
            .goto(&format!("{base}/dasbor/{UNIT}/laporan?periode=2026-T3"))
            .await
            .expect("the report");
        settle(&client, js).await;
        let text = page_text(&client).await;
        assert!(
            text.contains("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"),
            "the letterhead: {text}"
        );
        assert!(text.contains("Dra. Siti Ŭmmi"), "signed by the head");
        assert!(text.contains("NIP. 19800101 200501 2 002"), "with the NIP");
        let loaded = eventually(Duration::from_secs(20), "the logo loaded", || async {
            let width = client
                .execute(
                    "const i = document.querySelector('[data-testid=letterhead] img'); \
                     return i && i.complete ? i.naturalWidth : 0;",
                    vec![],
                )
                .await
                .ok()?
                .as_u64()?;
            (width > 0).then_some(width)
        })
        .await;
        assert_eq!(loaded, 120, "the logo as uploaded");
        let charts = client
            .find_all(Locator::Css("svg.report-chart"))
            .await
            .expect("charts");
        assert_eq!(charts.len(), 7, "the report's charts");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_head_sets_the_letterhead_with_javascript() {
    a_unit_head_sets_the_letterhead(Js::On).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_head_sets_the_letterhead_without_javascript() {
    a_unit_head_sets_the_letterhead(Js::Off).await;
}
