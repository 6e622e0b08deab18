//! A unit's staff imports typed-in paper surveys in a real browser, with the WASM and without it:
//! from the dashboard to the import page, chooses the file, sees the check (one bad line named, the
//! file's IKM), ticks "skip invalid rows", stores, and sees what was stored.

use crate::admin::{click, page_text, settle, sign_in_through, wait_for_path};
use crate::browser::{eventually, with_browser, Js};
use crate::support::Server;
use fantoccini::Locator;
use std::time::Duration;

const UNIT: &str = "1871-disdukcapil";

async fn staff_import_a_paper_file(js: Js) {
    let server = Server::start();
    let base = server.base.clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("kertas-februari.csv");
    std::fs::write(
        &file,
        "submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9\n\
         2026-02-02,4,4,4,4,4,4,4,4,4\n\
         2026-02-03,3,3,3,3,3,3,3,3,3\n\
         2026-02-03,3,3,3,3,9,3,3,3,3\n",
    )
    .expect("write the file");
    with_browser(js, move |client| async move {
        sign_in_through(
            &client,
            js,
            &format!("{base}/dasbor/{UNIT}"),
            ("unit", "demo-unit-ikm"),
        )
        .await;
        click(&client, "[data-testid=import-link]").await;
        wait_for_path(&client, &format!("/dasbor/{UNIT}/impor")).await;
        settle(&client, js).await;
        let input = eventually(Duration::from_secs(20), "the file field", || async {
            client.find(Locator::Css("#f-berkas")).await.ok()
        })
        .await;
        input
            .send_keys(file.to_str().expect("path"))
            .await
            .expect("choose the file");
        click(&client, "[data-testid=upload-form] button[type=submit]").await;
        eventually(Duration::from_secs(20), "the check", || async {
            client
                .find(Locator::Css("[data-testid=upload-preview]"))
                .await
                .ok()
        })
        .await;
        settle(&client, js).await;
        let text = page_text(&client).await;
        assert!(text.contains("baris 4:"), "the bad line is named: {text}");
        assert!(
            text.contains("87,50 (B)"),
            "the file's IKM (answers 4 and 3): {text}"
        );

        click(&client, "#f-lewati").await;
        click(
            &client,
            "[data-testid=upload-preview] form button[type=submit]",
        )
        .await;
        let stored = eventually(Duration::from_secs(20), "what was stored", || async {
            client
                .find(Locator::Css("[data-testid=upload-stored]"))
                .await
                .ok()?
                .text()
                .await
                .ok()
        })
        .await;
        assert_eq!(stored, "2");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_import_a_paper_file_with_javascript() {
    staff_import_a_paper_file(Js::On).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_import_a_paper_file_without_javascript() {
    staff_import_a_paper_file(Js::Off).await;
}
