//! The live screen in a real browser: a new answer shows within five seconds without the page
//! reloading, and after the server restarts the screen comes back by itself and goes on updating.

use crate::browser::{eventually, with_browser, Js};
use crate::support::Server;
use crate::survey::store_of;
use app::store::Store;
use chrono::Utc;
use fantoccini::{Client, Locator};
use std::time::Duration;

const UNIT: &str = "1871-disdukcapil";

async fn today(client: &Client) -> Option<u64> {
    let el = client.find(Locator::Css("[data-tv=today]")).await.ok()?;
    el.text().await.ok()?.trim().parse().ok()
}

/// The page has not been loaded again since it was marked.
async fn same_document(client: &Client) -> bool {
    client
        .execute("return window.__tvMarked === true;", vec![])
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

async fn answer(store: &dyn Store) {
    let unit_id = store.unit(UNIT).await.expect("store").expect("unit").id;
    let response = crate::support::response_at(unit_id, Utc::now(), 4, None);
    store.record_responses(&[response]).await.expect("stored");
}

#[tokio::test]
async fn the_screen_shows_a_new_answer_within_five_seconds_and_comes_back_after_a_restart() {
    let mut server = Server::start();
    let store = store_of(&server).await;
    let url = server.url(&format!("/tv/{UNIT}"));
    with_browser(Js::On, move |client| async move {
        client.goto(&url).await.expect("the screen opens");
        let start = today(&client).await.expect("today's respondents");
        // The events' first value has arrived: the stream is open.
        eventually(Duration::from_secs(10), "the screen's stream", || async {
            client
                .find(Locator::Css(".tv-screen[data-updated]"))
                .await
                .ok()
        })
        .await;
        client
            .execute("window.__tvMarked = true;", vec![])
            .await
            .expect("mark the page");
        answer(store.as_ref()).await;
        eventually(
            Duration::from_secs(5),
            "the new answer on screen",
            || async { (today(&client).await == Some(start + 1)).then_some(()) },
        )
        .await;
        assert!(
            same_document(&client).await,
            "updated in place, not reloaded"
        );

        // The server restarts; another answer is given once it is back.
        server.restart();
        answer(store.as_ref()).await;
        eventually(
            Duration::from_secs(20),
            "the screen after the restart",
            || async { (today(&client).await == Some(start + 2)).then_some(()) },
        )
        .await;
        assert!(same_document(&client).await, "never reloaded, never blank");
        let name = client
            .find(Locator::Css("[data-tv=name]"))
            .await
            .expect("name");
        assert!(!name.text().await.expect("text").is_empty());
    })
    .await;
}
