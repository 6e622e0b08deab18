//! The home page: the demo's 19 regions with units (Lampung's 15, two each of Sumatera Selatan and
//! Jawa Barat), hydration, and the search with and without JavaScript.

use crate::browser::{eventually, wait_hydrated, with_browser, Js};
use crate::support::Server;
use fantoccini::{Client, Locator};
use std::time::Duration;

async fn region_count(client: &Client) -> usize {
    client
        .find_all(Locator::Css("section.region"))
        .await
        .map(|r| r.len())
        .unwrap_or(0)
}

async fn found_text(client: &Client) -> String {
    match client.find(Locator::Css("[data-testid=units-found]")).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test]
async fn home_shows_the_regions_with_units_and_filters_as_you_type_once_hydrated() {
    let server = Server::start();
    let home = server.url("/");
    with_browser(Js::On, move |client| async move {
        client.goto(&home).await.expect("home opens");
        assert_eq!(region_count(&client).await, 19);
        wait_hydrated(&client).await;
        let input = client.find(Locator::Id("q")).await.expect("search box");
        input.send_keys("Metro").await.expect("typing");
        // Typing without submitting filters the list: only hydrated code can do that.
        eventually(Duration::from_secs(10), "the list to filter", || async {
            (region_count(&client).await == 1).then_some(())
        })
        .await;
        assert_eq!(
            client.current_url().await.expect("url").query(),
            None,
            "filtered in place, no form submission"
        );
        let text = found_text(&client).await;
        assert!(text.starts_with("12 unit"), "{text}");
        let region = client
            .find(Locator::Css("section.region h2"))
            .await
            .expect("region heading");
        assert!(region.text().await.expect("text").contains("Kota Metro"));
    })
    .await;
}

#[tokio::test]
async fn without_javascript_the_server_renders_the_page_and_the_search() {
    let server = Server::start();
    let home = server.url("/");
    with_browser(Js::Off, move |client| async move {
        client.goto(&home).await.expect("home opens");
        assert_eq!(region_count(&client).await, 19);
        assert!(found_text(&client).await.starts_with("193 unit"));
        // No script ran: the hydration mark is absent.
        assert!(client
            .find(Locator::Css("html[data-hydrated]"))
            .await
            .is_err());
        let input = client.find(Locator::Id("q")).await.expect("search box");
        input.send_keys("Puskesmas Kedaton").await.expect("typing");
        assert_eq!(
            region_count(&client).await,
            19,
            "nothing filters without JS"
        );
        client
            .find(Locator::Css("form.search button[type=submit]"))
            .await
            .expect("search button")
            .click()
            .await
            .expect("submit");
        eventually(Duration::from_secs(10), "the filtered page", || async {
            (region_count(&client).await == 1).then_some(())
        })
        .await;
        let url = client.current_url().await.expect("url");
        assert!(
            url.query().unwrap_or_default().contains("q=Puskesmas"),
            "{url}"
        );
        let link = client
            .find(Locator::Css("a[href='/unit/1871-pkm-kedaton']"))
            .await
            .expect("the unit's link");
        link.click().await.expect("open the unit");
        eventually(Duration::from_secs(10), "the unit page", || async {
            let h1 = client.find(Locator::Css("h1")).await.ok()?;
            let text = h1.text().await.ok()?;
            (text == "Puskesmas Kedaton").then_some(())
        })
        .await;
        let services = client
            .find_all(Locator::Css("ul.services li"))
            .await
            .expect("services");
        assert_eq!(services.len(), 5);
    })
    .await;
}

/// The demo's three provinces: choosing one opens its own kabupaten/kota, by a plain link (so the
/// same without JavaScript), and once hydrated typing filters within it.
#[tokio::test]
async fn choosing_a_province_opens_its_units_with_and_without_javascript() {
    let server = Server::start();
    for js in [Js::Off, Js::On] {
        let home = server.url("/");
        with_browser(js, move |client| async move {
            client.goto(&home).await.expect("home opens");
            assert_eq!(region_count(&client).await, 19, "{js:?}");
            if js == Js::On {
                wait_hydrated(&client).await;
            }
            client
                .find(Locator::Css("nav.province-choice a[data-province='32']"))
                .await
                .expect("Jawa Barat offered")
                .click()
                .await
                .expect("choose it");
            eventually(Duration::from_secs(10), "Jawa Barat's units", || async {
                (region_count(&client).await == 2).then_some(())
            })
            .await;
            let h1 = client.find(Locator::Css("h1")).await.expect("heading");
            assert_eq!(
                h1.text().await.expect("text"),
                "Unit pelayanan di Provinsi Jawa Barat",
                "{js:?}"
            );
            let url = client.current_url().await.expect("url");
            assert!(
                url.query().unwrap_or_default().contains("provinsi=32"),
                "{url}"
            );
            if js == Js::On {
                wait_hydrated(&client).await;
                let input = client.find(Locator::Id("q")).await.expect("search box");
                input.send_keys("Kabupaten").await.expect("typing");
                eventually(
                    Duration::from_secs(10),
                    "Kabupaten Bandung alone",
                    || async { (region_count(&client).await == 1).then_some(()) },
                )
                .await;
            }
        })
        .await;
    }
}
