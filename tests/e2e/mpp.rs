//! The hall of a Mal Pelayanan Publik in a real browser: a citizen finds a booth by typing part of
//! its name (filtered as they type with the WASM; a submitted search without it), answers, is
//! thanked, and the answer is stored as given in the MPP.

use crate::browser::{eventually, wait_hydrated, with_browser, Js};
use crate::support::Server;
use crate::survey::{choose, read_for, store_of, submit, wait_for_thanks};
use app::store::Store;
use fantoccini::{Client, Locator};
use ikm_domain::Unsur;
use std::time::{Duration, Instant};

const HALL: &str = "mpp-kota-bandar-lampung";
const BOOTH: &str = "1871-mpp-imigrasi";

async fn booth_count(client: &Client) -> usize {
    client
        .find_all(Locator::Css("li.booth"))
        .await
        .map(|b| b.len())
        .unwrap_or(0)
}

/// Valid answers of the booth given in the hall today.
async fn booth_answers(store: &dyn Store) -> u64 {
    let hall = store.mpp(HALL).await.expect("store").expect("hall").mpp.id;
    let booth = store.unit(BOOTH).await.expect("store").expect("booth").id;
    let today = app::time::jakarta_today();
    store
        .mpp_tallies(hall, today, today, app::store::Counted::Valid)
        .await
        .expect("tallies")
        .into_iter()
        .find(|(id, _)| *id == booth)
        .map_or(0, |(_, t)| t.respondents())
}

async fn find_answer_and_thank(server: &Server, js: Js) {
    let url = server.url(&format!("/m/{HALL}"));
    with_browser(js, move |client| async move {
        client.goto(&url).await.expect("the hall opens");
        assert_eq!(booth_count(&client).await, 8, "the demo hall's booths");
        let input = client.find(Locator::Id("q")).await.expect("search box");
        if js == Js::On {
            wait_hydrated(&client).await;
            input.send_keys("pasp").await.expect("typing");
            eventually(Duration::from_secs(10), "the booths to filter", || async {
                (booth_count(&client).await == 1).then_some(())
            })
            .await;
            assert_eq!(client.current_url().await.expect("url").query(), None);
        } else {
            input.send_keys("pasp").await.expect("typing");
            assert_eq!(booth_count(&client).await, 8, "nothing filters without JS");
            client
                .find(Locator::Css("form.search button[type=submit]"))
                .await
                .expect("search button")
                .click()
                .await
                .expect("search");
            eventually(Duration::from_secs(10), "the filtered hall", || async {
                (booth_count(&client).await == 1).then_some(())
            })
            .await;
        }
        client
            .find(Locator::Css("li.booth a"))
            .await
            .expect("the booth")
            .click()
            .await
            .expect("open the booth's survey");
        let opened = Instant::now();
        eventually(Duration::from_secs(10), "the booth's survey", || async {
            let url = client.current_url().await.ok()?;
            (url.path() == format!("/s/{BOOTH}")).then_some(())
        })
        .await;
        let region = client
            .find(Locator::Css(".survey-region"))
            .await
            .expect("where");
        assert!(region
            .text()
            .await
            .expect("text")
            .starts_with("Mal Pelayanan Publik Kota Bandar Lampung"));
        if js == Js::On {
            wait_hydrated(&client).await;
        }
        for unsur in Unsur::PRINTED {
            choose(&client, unsur, 4).await;
        }
        read_for(opened, Duration::from_secs(9)).await;
        submit(&client).await;
        wait_for_thanks(&client).await;
    })
    .await;
}

#[tokio::test]
async fn with_javascript_a_citizen_finds_a_booth_by_typing_answers_and_is_thanked() {
    let server = Server::start();
    let store = store_of(&server).await;
    let before = booth_answers(store.as_ref()).await;
    find_answer_and_thank(&server, Js::On).await;
    eventually(
        Duration::from_secs(20),
        "the answer stored in the MPP",
        || async { (booth_answers(store.as_ref()).await == before + 1).then_some(()) },
    )
    .await;
}

#[tokio::test]
async fn without_javascript_a_citizen_finds_a_booth_by_searching_answers_and_is_thanked() {
    let server = Server::start();
    let store = store_of(&server).await;
    let before = booth_answers(store.as_ref()).await;
    find_answer_and_thank(&server, Js::Off).await;
    assert_eq!(booth_answers(store.as_ref()).await, before + 1);
}
