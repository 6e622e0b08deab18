//! Invitations in a real browser: the counter staff issue one, a citizen opens its link on a
//! phone-sized screen, answers and is thanked (JavaScript on and off), and the unit's response rate
//! moves.

use crate::admin::{click, sign_in_through, wait_for_path};
use crate::browser::{eventually, viewport, wait_hydrated, with_browser, Js};
use crate::support::Server;
use crate::survey::{choose, read_for, store_of, submit, wait_for_thanks};
use fantoccini::Locator;
use ikm_domain::Unsur;
use std::time::{Duration, Instant};

const UNIT: &str = "1871-disdukcapil";
const STAFF: (&str, &str) = ("unit", "demo-unit-ikm");

async fn answered_today(store: &dyn app::store::Store) -> u64 {
    let id = store.unit(UNIT).await.expect("store").expect("unit").id;
    let today = app::time::jakarta_today();
    store
        .invitation_counts(id, today, today)
        .await
        .expect("counts")
        .answered
}

async fn issue_and_answer(js: Js) {
    let server = Server::start();
    let store = store_of(&server).await;
    let before = answered_today(store.as_ref()).await;
    let page = server.url(&format!("/dasbor/{UNIT}/undangan"));
    let issued = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let into = issued.clone();
    with_browser(js, move |client| async move {
        sign_in_through(&client, js, &page, STAFF).await;
        click(&client, "[data-testid=issue-invitation]").await;
        let shown = eventually(Duration::from_secs(20), "the new invitation", || async {
            client
                .find(Locator::Css("[data-testid=invitation-link]"))
                .await
                .ok()
        })
        .await;
        let text = shown.text().await.expect("the link");
        *into.lock().expect("lock") = text;
    })
    .await;
    let link = issued.lock().expect("lock").clone();
    assert!(link.contains("/i/"), "{link}");
    // The citizen's phone: the link the QR code holds, on this server.
    let path = url::Url::parse(&link).expect("a link").path().to_string();
    let url = server.url(&path);
    with_browser(js, move |client| async move {
        viewport(&client, 360, 740, true).await;
        client.goto(&url).await.expect("the link opens");
        wait_for_path(&client, &format!("/s/{UNIT}")).await;
        let opened = Instant::now();
        if js == Js::On {
            wait_hydrated(&client).await;
        }
        for unsur in Unsur::PRINTED {
            choose(&client, unsur, 3).await;
        }
        read_for(opened, Duration::from_secs(9)).await;
        submit(&client).await;
        wait_for_thanks(&client).await;
    })
    .await;
    eventually(
        Duration::from_secs(20),
        "the invitation answered",
        || async { (answered_today(store.as_ref()).await == before + 1).then_some(()) },
    )
    .await;
}

#[tokio::test]
async fn with_javascript_staff_issue_an_invitation_and_a_citizen_answers_it_on_a_phone() {
    issue_and_answer(Js::On).await;
}

#[tokio::test]
async fn without_javascript_staff_issue_an_invitation_and_a_citizen_answers_it_on_a_phone() {
    issue_and_answer(Js::Off).await;
}
