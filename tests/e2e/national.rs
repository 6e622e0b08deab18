//! The nation in a real browser, with the WASM and without it (issue #34): the national evaluator
//! starts at Indonesia's 38 provinces, taps Jawa Barat's tile, opens a kabupaten/kota and then a
//! unit, whose dashboard it reads without any form to change it. Screenshots of the nation at
//! phone and desktop widths go to `target/screenshots/`.

use crate::admin::{page_text, settle, sign_in_through, wait_for_path};
use crate::browser::{eventually, save_screenshot, viewport, with_browser, Js};
use crate::support::Server;
use fantoccini::Locator;
use std::time::Duration;

async fn the_evaluator_drills_down_from_the_nation(js: Js) {
    let server = Server::start();
    let base = server.base.clone();
    let tag = if js == Js::On { "js" } else { "html" };
    with_browser(js, move |client| async move {
        let _server = server;
        sign_in_through(
            &client,
            js,
            &format!("{base}/wilayah"),
            ("nasional", "demo-nasional-ikm"),
        )
        .await;
        let rows = eventually(Duration::from_secs(20), "the provinces", || async {
            let rows = client
                .find_all(Locator::Css(
                    "[data-testid=ranking-table] tbody tr[data-code]",
                ))
                .await
                .ok()?;
            (rows.len() == 38).then_some(rows)
        })
        .await;
        assert_eq!(rows.len(), 38, "Indonesia's 38 provinces");
        let text = page_text(&client).await;
        assert!(text.contains("Peta mutu provinsi") && text.contains("Jawa Barat"));
        viewport(&client, 1280, 900, false).await;
        save_screenshot(&client, &format!("nation-1280-{tag}.png")).await;
        viewport(&client, 390, 844, true).await;
        save_screenshot(&client, &format!("nation-390x844-{tag}.png")).await;

        // Jawa Barat's tile, then its first kabupaten/kota with answers, then a unit.
        let tile = client
            .find(Locator::Css(".tiles a.tile[data-code='32']"))
            .await
            .expect("Jawa Barat's tile");
        // WebDriver scrolls the tile into view in its frame before clicking.
        tile.click().await.expect("click");
        wait_for_path(&client, "/wilayah/32").await;
        settle(&client, js).await;
        let lead = eventually(Duration::from_secs(20), "the way back up", || async {
            let lead = client
                .find(Locator::Css(".lead"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            lead.contains("Indonesia").then_some(lead)
        })
        .await;
        assert!(lead.contains("Indonesia"), "{lead}");
        let kota = client
            .find(Locator::Css(
                "[data-testid=ranking-table] tr[data-code='32.73'] th a",
            ))
            .await
            .expect("Kota Bandung's row");
        kota.click().await.expect("click");
        wait_for_path(&client, "/wilayah/32.73").await;
        settle(&client, js).await;
        let unit = client
            .find(Locator::Css(
                "[data-testid=ranking-table] tr[data-code='3273-disdukcapil'] th a",
            ))
            .await
            .expect("the Disdukcapil's row");
        unit.click().await.expect("click");
        wait_for_path(&client, "/dasbor/3273-disdukcapil").await;
        settle(&client, js).await;
        let read_only = eventually(
            Duration::from_secs(20),
            "the read-only dashboard",
            || async {
                client
                    .find(Locator::Css("[data-testid=read-only]"))
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()
            },
        )
        .await;
        assert!(read_only.contains("baca saja"), "{read_only}");
        let forms = client
            .find_all(Locator::Css("form[method=post]:not(.sign-out)"))
            .await
            .expect("forms");
        assert!(forms.is_empty(), "no form to change the unit's work");
        let text = page_text(&client).await;
        assert!(text.contains("Sarana dan prasarana"), "the unsur are read");
    })
    .await;
}

#[tokio::test]
async fn with_javascript_the_national_evaluator_drills_down_from_the_nation() {
    the_evaluator_drills_down_from_the_nation(Js::On).await;
}

#[tokio::test]
async fn without_javascript_the_national_evaluator_drills_down_from_the_nation() {
    the_evaluator_drills_down_from_the_nation(Js::Off).await;
}
