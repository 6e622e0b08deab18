//! The citizen survey in a real browser: answer, submit, thanks — with the WASM and without it; a
//! missing answer shown beside its question; the kiosk returning to an empty form by itself.

use crate::browser::{eventually, wait_hydrated, with_browser, Js};
use crate::support::Server;
use app::store::{Counted, Store};
use chrono::NaiveDate;
use fantoccini::{Client, Locator};
use ikm_domain::{Answers, Score, Tally, Unsur};
use std::time::{Duration, Instant};

pub const UNIT: &str = "1871-disdukcapil";
const ANSWERS: [u8; 9] = [4, 3, 3, 4, 3, 4, 4, 2, 3];

fn answers() -> Answers {
    Answers::complete(ANSWERS.map(|v| Score::new(v).expect("1..=4")))
}

pub async fn store_of(server: &Server) -> app::store::SharedStore {
    ikm::storage::open(&server.db.url)
        .await
        .expect("the test opens the server's database")
}

pub async fn unit_tally(store: &dyn Store) -> Tally {
    let id = store.unit(UNIT).await.expect("store").expect("unit").id;
    let (from, to) = (
        NaiveDate::from_ymd_opt(2000, 1, 1).expect("date"),
        NaiveDate::from_ymd_opt(2100, 1, 1).expect("date"),
    );
    store
        .unit_tally(id, from, to, Counted::Valid)
        .await
        .expect("tally")
}

pub async fn choose(client: &Client, unsur: Unsur, value: u8) {
    client
        .find(Locator::Css(&format!(
            "input[name='{}'][value='{value}']",
            unsur.key()
        )))
        .await
        .expect("answer choice")
        .click()
        .await
        .expect("click the answer");
}

async fn checked(client: &Client, unsur: Unsur) -> Option<String> {
    let el = client
        .find(Locator::Css(&format!(
            "input[name='{}']:checked",
            unsur.key()
        )))
        .await
        .ok()?;
    el.attr("value").await.ok().flatten()
}

async fn form_id(client: &Client) -> String {
    client
        .find(Locator::Css("input[name='id']"))
        .await
        .expect("hidden id")
        .attr("value")
        .await
        .expect("attr")
        .expect("value")
}

async fn progress(client: &Client) -> String {
    match client.find(Locator::Css("[data-testid=progress]")).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A person reads before answering: the reading-time rule flags forms sent within 8 seconds.
pub async fn read_for(opened: Instant, at_least: Duration) {
    if let Some(rest) = at_least.checked_sub(opened.elapsed()) {
        tokio::time::sleep(rest).await;
    }
}

pub async fn submit(client: &Client) {
    client
        .find(Locator::Css("button.submit"))
        .await
        .expect("submit button")
        .click()
        .await
        .expect("submit");
}

pub async fn wait_for_thanks(client: &Client) {
    eventually(Duration::from_secs(20), "the thank-you page", || async {
        let url = client.current_url().await.ok()?;
        url.path().ends_with("/terima-kasih").then_some(())
    })
    .await;
    let h1 = client.find(Locator::Css("h1")).await.expect("heading");
    assert_eq!(h1.text().await.expect("text"), "Terima kasih!");
}

async fn assert_stored_once(server: &Server, id: &str, before: &Tally, count_before: u64) {
    let store = store_of(server).await;
    assert_eq!(
        store.counts().await.expect("counts").responses,
        count_before + 1,
        "exactly one new response"
    );
    let stored = store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("the response of this form");
    assert_eq!(stored.response.answers, answers());
    assert_eq!(
        stored.response.flag, None,
        "a person who read the questions is not flagged"
    );
    let mut expected = before.clone();
    expected.record(&answers());
    assert_eq!(
        unit_tally(store.as_ref()).await,
        expected,
        "the tally moved by exactly these answers"
    );
}

#[tokio::test]
async fn with_javascript_a_citizen_answers_and_is_thanked_and_one_response_is_stored() {
    let server = Server::start();
    let store = store_of(&server).await;
    let before = unit_tally(store.as_ref()).await;
    let count = store.counts().await.expect("counts").responses;
    drop(store);
    let id = run_survey(&server, Js::On).await;
    assert_stored_once(&server, &id, &before, count).await;
}

#[tokio::test]
async fn without_javascript_the_same_survey_stores_the_same_record() {
    let server = Server::start();
    let store = store_of(&server).await;
    let before = unit_tally(store.as_ref()).await;
    let count = store.counts().await.expect("counts").responses;
    drop(store);
    let id = run_survey(&server, Js::Off).await;
    assert_stored_once(&server, &id, &before, count).await;
}

/// Leaves waktu out, checks the error and the kept answers, completes it, and returns the form id.
async fn run_survey(server: &Server, js: Js) -> String {
    let url = server.url(&format!("/s/{UNIT}"));
    let (tx, rx) = tokio::sync::oneshot::channel();
    with_browser(js, move |client| async move {
        client.goto(&url).await.expect("survey opens");
        if js == Js::On {
            wait_hydrated(&client).await;
            assert!(progress(&client).await.starts_with("0 dari 9"));
        } else {
            assert!(
                client
                    .find(Locator::Css("html[data-hydrated]"))
                    .await
                    .is_err(),
                "no script ran"
            );
        }
        let id = form_id(&client).await;
        // The form's time counts from its id, made when it was rendered — with the WASM, when it
        // hydrated, which on a busy machine can be seconds after the page was asked for.
        let opened = Instant::now();
        for unsur in Unsur::PRINTED.into_iter().filter(|u| *u != Unsur::Waktu) {
            choose(&client, unsur, ANSWERS[unsur.index()]).await;
        }
        if js == Js::On {
            assert!(
                progress(&client).await.starts_with("8 dari 9"),
                "progress as you go"
            );
        }
        read_for(opened, Duration::from_secs(9)).await;
        // Mark this document: with the WASM the missing answer is caught without leaving the page.
        if js == Js::On {
            client
                .execute("window.__sameDocument = true;", vec![])
                .await
                .expect("script");
        }
        submit(&client).await;
        let error = eventually(
            Duration::from_secs(10),
            "the error beside waktu",
            || async {
                let el = client
                    .find(Locator::Css("#q-waktu .field-error"))
                    .await
                    .ok()?;
                el.text().await.ok()
            },
        )
        .await;
        assert!(error.contains("Pilih salah satu jawaban"), "{error}");
        if js == Js::On {
            let same = client
                .execute("return window.__sameDocument === true;", vec![])
                .await
                .expect("script");
            assert_eq!(
                same,
                serde_json::json!(true),
                "checked in the browser, no round trip"
            );
        }
        for unsur in Unsur::PRINTED.into_iter().filter(|u| *u != Unsur::Waktu) {
            assert_eq!(
                checked(&client, unsur).await,
                Some(ANSWERS[unsur.index()].to_string()),
                "{unsur} still chosen"
            );
        }
        assert_eq!(
            client
                .find_all(Locator::Css(".field-error"))
                .await
                .expect("errors")
                .len(),
            1
        );
        assert_eq!(form_id(&client).await, id, "still the same form");
        choose(&client, Unsur::Waktu, ANSWERS[Unsur::Waktu.index()]).await;
        submit(&client).await;
        wait_for_thanks(&client).await;
        let query = client
            .current_url()
            .await
            .expect("url")
            .query()
            .unwrap_or_default()
            .to_string();
        let stored_id = query.strip_prefix("r=").unwrap_or_default().to_string();
        if js == Js::Off {
            assert_eq!(
                stored_id, id,
                "the plain form is stored under the page's id"
            );
        } else {
            // The WASM queues each submission under an id of its own (a page kept for offline use
            // is filled in many times); the page's id travels along for its render token.
            assert!(stored_id.parse::<uuid::Uuid>().is_ok(), "{query}");
        }
        let _ = tx.send(stored_id);
    })
    .await;
    rx.await.expect("the browser test reported the form id")
}

#[tokio::test]
async fn the_kiosk_returns_to_an_empty_form_by_itself_after_a_submission() {
    let server = Server::start();
    let url = server.url(&format!("/k/{UNIT}?loket=kiosk-1"));
    with_browser(Js::On, move |client| async move {
        client.goto(&url).await.expect("kiosk opens");
        wait_hydrated(&client).await;
        for unsur in Unsur::PRINTED {
            choose(&client, unsur, 4).await;
        }
        assert!(progress(&client).await.starts_with("9 dari 9"));
        let first = form_id(&client).await;
        submit(&client).await;
        wait_for_thanks(&client).await;
        eventually(
            Duration::from_secs(20),
            "the kiosk back at an empty form",
            || async {
                let url = client.current_url().await.ok()?;
                if !url.path().ends_with(&format!("/k/{UNIT}")) {
                    return None;
                }
                client
                    .find(Locator::Css("form input[name='id']"))
                    .await
                    .ok()?;
                Some(())
            },
        )
        .await;
        assert_eq!(
            client.current_url().await.expect("url").query(),
            Some("loket=kiosk-1")
        );
        assert_ne!(form_id(&client).await, first, "a new form");
        assert!(
            client
                .find(Locator::Css("input[type=radio]:checked"))
                .await
                .is_err(),
            "nothing chosen"
        );
    })
    .await;
}
