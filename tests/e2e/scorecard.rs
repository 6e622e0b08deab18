//! The scorecard (Rapor SKM) in a real browser, with the WASM and without it: the kabupaten/kota's
//! account opens its scorecard, drills into a unit's evidence, comes back and downloads the
//! evidence pack; the ZIP opens, its workbook has the indicator sheets and its reports are PDFs.

use crate::admin::{page_text, settle, sign_in_through, wait_for_path};
use crate::browser::{cdp, eventually, save_screenshot, viewport, with_browser, Js};
use crate::support::Server;
use fantoccini::Locator;
use serde_json::json;
use std::io::{Cursor, Read};
use std::time::Duration;

async fn region_account_reads_the_scorecard_and_takes_the_pack(js: Js) {
    let server = Server::start();
    let base = server.base.clone();
    let tag = if js == Js::On { "js" } else { "html" };
    let year = app::time::jakarta_today().format("%Y").to_string();
    let downloads = tempfile::tempdir().expect("download folder");
    let folder = downloads.path().to_path_buf();
    with_browser(js, move |client| async move {
        let _server = server;
        sign_in_through(
            &client,
            js,
            &format!("{base}/wilayah/18.71/rapor"),
            ("kota", "demo-kota-ikm"),
        )
        .await;
        let rows = eventually(Duration::from_secs(20), "the units' scores", || async {
            let rows = client
                .find_all(Locator::Css(
                    "[data-testid=unit-scorecard] tbody tr[data-code]",
                ))
                .await
                .ok()?;
            (rows.len() >= 5).then_some(rows)
        })
        .await;
        let text = page_text(&client).await;
        for words in [
            "Ringkasan per indikator",
            "SKM sesuai PermenPANRB 14/2017",
            "Unit yang akan kehilangan nilai, dan alasannya",
            "Perlu tindakan",
        ] {
            assert!(text.contains(words), "{words}: {text}");
        }
        viewport(&client, 390, 844, true).await;
        save_screenshot(&client, &format!("scorecard-kota-390x844-{tag}.png")).await;
        viewport(&client, 1280, 900, false).await;
        save_screenshot(&client, &format!("scorecard-kota-1280-{tag}.png")).await;

        // Into a unit: its five scores with their reasons and the evidence behind them.
        let unit = rows[0]
            .attr("data-code")
            .await
            .expect("attr")
            .expect("code");
        rows[0]
            .find(Locator::Css("th a"))
            .await
            .expect("unit link")
            .click()
            .await
            .expect("click");
        wait_for_path(&client, &format!("/dasbor/{unit}/rapor")).await;
        settle(&client, js).await;
        let cells = eventually(Duration::from_secs(20), "the unit's scores", || async {
            let cells = client
                .find_all(Locator::Css("[data-testid=cell]"))
                .await
                .ok()?;
            (cells.len() == 5).then_some(cells)
        })
        .await;
        assert_eq!(cells.len(), 5, "one row per indicator");
        let text = page_text(&client).await;
        assert!(text.contains("Periode survei tahun ini"), "{text}");
        assert!(text.contains("Rencana tindak lanjut (RTL)"), "{text}");
        save_screenshot(&client, &format!("scorecard-unit-1280-{tag}.png")).await;

        // Back up through the lead's link, and the pack.
        client
            .find(Locator::Css(".lead a[href^='/wilayah/18.71/rapor']"))
            .await
            .expect("the way back")
            .click()
            .await
            .expect("click");
        wait_for_path(&client, "/wilayah/18.71/rapor").await;
        settle(&client, js).await;
        cdp(
            &client,
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": folder.display().to_string() }),
        )
        .await;
        client
            .find(Locator::Css("[data-testid=pack-link]"))
            .await
            .expect("the pack's link")
            .click()
            .await
            .expect("click");
        let name = format!("rapor-skm-18.71-{year}.zip");
        let bytes = eventually(Duration::from_secs(60), "the downloaded pack", || async {
            let path = folder.join(&name);
            let bytes = std::fs::read(&path).ok()?;
            // Chromium writes to a `.crdownload` file and renames it when the download ends.
            let partial = std::fs::read_dir(&folder)
                .ok()?
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
            (!partial && !bytes.is_empty()).then_some(bytes)
        })
        .await;
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the pack opens");
        let names: Vec<String> = zip
            .file_names()
            .map(|n| n.expect("a name").to_string())
            .collect();
        let workbook = format!("rapor-skm-18.71-{year}.xlsx");
        assert!(names.contains(&workbook), "{names:?}");
        let reports: Vec<String> = names
            .iter()
            .filter(|n| n.ends_with(".pdf"))
            .cloned()
            .collect();
        assert!(!reports.is_empty(), "{names:?}");
        for report in &reports {
            let mut pdf = Vec::new();
            zip.by_name(report)
                .expect("report")
                .read_to_end(&mut pdf)
                .expect("read");
            assert!(pdf.starts_with(b"%PDF-"), "{report} is a PDF");
            let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(32)..]).into_owned();
            assert!(tail.contains("%%EOF"), "{report} ends as a PDF: {tail}");
        }
        let mut xlsx = Vec::new();
        zip.by_name(&workbook)
            .expect("workbook")
            .read_to_end(&mut xlsx)
            .expect("read");
        crate::support::pack_workbook(xlsx);
        drop(downloads);
    })
    .await;
}

#[tokio::test]
async fn with_javascript_a_region_account_reads_the_scorecard_and_downloads_the_pack() {
    region_account_reads_the_scorecard_and_takes_the_pack(Js::On).await;
}

#[tokio::test]
async fn without_javascript_a_region_account_reads_the_scorecard_and_downloads_the_pack() {
    region_account_reads_the_scorecard_and_takes_the_pack(Js::Off).await;
}
