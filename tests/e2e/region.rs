//! The province in a real browser, with the WASM and without it: a province user sees Lampung's 15
//! kabupaten/kota ranked for a quarter of demo data, drills into one kabupaten and then one unit.
//! Screenshots at phone and desktop widths go to `target/screenshots/`.

use crate::admin::{choose_period, page_text, settle, sign_in_through, wait_for_path};
use crate::browser::{eventually, save_screenshot, viewport, with_browser, Js};
use crate::support::Server;
use fantoccini::Locator;
use ikm_domain::{Period, PeriodKind};
use std::time::Duration;

async fn province_user_drills_down(js: Js) {
    let server = Server::start();
    let base = server.base.clone();
    let tag = if js == Js::On { "js" } else { "html" };
    let today = app::time::jakarta_today();
    let quarter = Period::containing(PeriodKind::Quarter, today).previous();
    with_browser(js, move |client| async move {
        let _server = server;
        sign_in_through(
            &client,
            js,
            &format!("{base}/wilayah/18"),
            ("provinsi", "demo-provinsi-ikm"),
        )
        .await;
        choose_period(&client, js, &quarter.key()).await;
        let rows = eventually(Duration::from_secs(20), "the ranking", || async {
            let rows = client
                .find_all(Locator::Css(
                    "[data-testid=ranking-table] tbody tr[data-code]",
                ))
                .await
                .ok()?;
            (rows.len() == 15).then_some(rows)
        })
        .await;
        assert_eq!(rows.len(), 15, "the 15 kabupaten/kota");
        let tiles = client
            .find_all(Locator::Css(".tiles a.tile"))
            .await
            .expect("tiles");
        assert_eq!(tiles.len(), 15, "one tile each");
        let text = page_text(&client).await;
        assert!(text.contains(&quarter.label(ikm_domain::Lang::Id)));
        assert!(text.contains("Unit menurut mutu"));
        viewport(&client, 1280, 900, false).await;
        save_screenshot(&client, &format!("region-province-1280-{tag}.png")).await;
        viewport(&client, 390, 844, true).await;
        save_screenshot(&client, &format!("region-province-390x844-{tag}.png")).await;

        // Into the first kabupaten/kota of the ranking, then into its first unit.
        let first = rows[0]
            .attr("data-code")
            .await
            .expect("attr")
            .expect("code");
        rows[0]
            .find(Locator::Css("th a"))
            .await
            .expect("row link")
            .click()
            .await
            .expect("click");
        wait_for_path(&client, &format!("/wilayah/{first}")).await;
        settle(&client, js).await;
        let units = eventually(Duration::from_secs(20), "the units", || async {
            let rows = client
                .find_all(Locator::Css(
                    "[data-testid=ranking-table] tbody tr[data-code]",
                ))
                .await
                .ok()?;
            (!rows.is_empty()).then_some(rows)
        })
        .await;
        let lead = client
            .find(Locator::Css(".lead"))
            .await
            .expect("lead")
            .text()
            .await
            .expect("text");
        assert!(lead.contains("Provinsi Lampung"), "the way back up: {lead}");
        save_screenshot(&client, &format!("region-kabupaten-390x844-{tag}.png")).await;
        let unit = units[0]
            .attr("data-code")
            .await
            .expect("attr")
            .expect("unit code");
        units[0]
            .find(Locator::Css("th a"))
            .await
            .expect("unit link")
            .click()
            .await
            .expect("click");
        wait_for_path(&client, &format!("/dasbor/{unit}")).await;
        settle(&client, js).await;
        let table = eventually(Duration::from_secs(20), "the unit's unsur", || async {
            client
                .find(Locator::Css("[data-testid=unsur-table]"))
                .await
                .ok()?
                .text()
                .await
                .ok()
        })
        .await;
        assert!(table.contains("Sarana dan prasarana"), "down to the unsur");
        let url = client.current_url().await.expect("url");
        assert!(
            url.query().unwrap_or_default().contains(&quarter.key()),
            "the same quarter"
        );
    })
    .await;
}

#[tokio::test]
async fn with_javascript_a_province_user_ranks_the_fifteen_regions_and_drills_down() {
    province_user_drills_down(Js::On).await;
}

#[tokio::test]
async fn without_javascript_a_province_user_ranks_the_fifteen_regions_and_drills_down() {
    province_user_drills_down(Js::Off).await;
}
