//! The survey with no network, in a real browser: the page opens again from the service worker's
//! cache, answers wait in the device's queue (IndexedDB) and arrive exactly once when the server is
//! back — also when two tabs replay the same item at once. "No network" is the server stopped:
//! what a phone sees when the signal drops, and it also reaches the service worker (DevTools'
//! offline emulation applies to the page only).

use crate::browser::{cdp, eventually, eventually_explained, wait_hydrated, with_browser, Js};
use crate::support::Server;
use crate::survey::{choose, store_of, submit, unit_tally, UNIT};
use fantoccini::{Client, Locator};
use ikm_domain::{Answers, Score, Unsur};
use serde_json::{json, Value};
use std::time::Duration;

/// Never opened in the browser before the network goes.
const UNOPENED_UNIT: &str = "1801-rsud";

/// True once the service worker controls the page and keeps the page and the WASM.
const KEPT_FOR_OFFLINE: &str = r#"
    if (!navigator.serviceWorker.controller) return false;
    const page = await caches.match(location.href, { ignoreVary: true });
    const wasm = await caches.match('/pkg/ikm.wasm', { ignoreVary: true });
    return !!page && !!wasm;
"#;

/// A queued answer's id is made like the server's: a UUIDv7 of the last ten minutes.
fn assert_time_ordered(id: &str) {
    let made = crate::support::v7_millis(id) / 1_000;
    let now = chrono::Utc::now().timestamp();
    assert!(
        (now - 600..=now).contains(&made),
        "{id} made at {made}, now {now}"
    );
}

/// The queue's items as stored on the device.
const QUEUE_ITEMS: &str = r#"
    return await new Promise((resolve, reject) => {
        const open = indexedDB.open('ikm-queue');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
            const read = open.result.transaction('responses').objectStore('responses').getAll();
            read.onsuccess = () => { open.result.close(); resolve(read.result); };
            read.onerror = () => reject(read.error);
        };
    });
"#;

async fn run(client: &Client, script: &str) -> Value {
    let wrapped = format!("return (async () => {{ {script} }})();");
    client
        .execute(&wrapped, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Tries to keep the WASM in a cache of its own, to say why the worker could not.
const CACHE_PROBE: &str = r#"
    try {
        await (await caches.open('probe')).add('/pkg/ikm.wasm');
        return 'a cache takes the WASM';
    } catch (e) {
        return 'a cache refuses the WASM: ' + e;
    }
"#;

async fn wait_kept_for_offline(client: &Client) {
    let kept = || async { (run(client, KEPT_FOR_OFFLINE).await == json!(true)).then_some(()) };
    // Chromium refuses Cache Storage (a "network error") when the disk is nearly full: the debug
    // WASM is 24 MB. Say so rather than only timing out.
    let explain = || async {
        let probe = run(client, CACHE_PROBE).await;
        let free = std::process::Command::new("df")
            .args(["-h", "--output=avail", "/tmp"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).replace('\n', " "))
            .unwrap_or_default();
        format!(
            "; {probe}; free disk: {free}(Chromium refuses Cache Storage on a nearly full disk)"
        )
    };
    eventually_explained(
        Duration::from_secs(30),
        "the service worker keeping the page and the WASM",
        kept,
        explain,
    )
    .await;
}

async fn text_of(client: &Client, css: &str) -> Option<String> {
    client.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

async fn queue_items(client: &Client) -> Vec<Value> {
    run(client, QUEUE_ITEMS)
        .await
        .as_array()
        .cloned()
        .expect("the queue's items")
}

/// The answers a queued body carries, by unsur.
fn answers_in(body: &str) -> Answers {
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let scores = Unsur::ALL.map(|u| {
        let value = fields
            .iter()
            .find(|(k, _)| k == u.key())
            .and_then(|(_, v)| v.parse::<u8>().ok())
            .unwrap_or_else(|| panic!("{} in the queued body", u.key()));
        Score::new(value).expect("1..=4")
    });
    Answers::complete(scores)
}

/// The same form with every answer changed.
fn with_other_answers(body: &str) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(body.as_bytes()) {
        let changed = match (Unsur::ALL.iter().any(|u| u.key() == k), v.parse::<u8>()) {
            (true, Ok(n)) => (n % 4 + 1).to_string(),
            _ => v.into_owned(),
        };
        out.append_pair(&k, &changed);
    }
    out.finish()
}

/// Answers the nine questions (each response its own pattern) and a comment, and sends.
async fn answer_and_send(client: &Client, n: usize) {
    for unsur in Unsur::PRINTED {
        let value = 1 + ((unsur.index() + n) % 4) as u8;
        choose(client, unsur, value).await;
    }
    let comment = client
        .find(Locator::Css("#comment"))
        .await
        .expect("comment box");
    comment
        .send_keys(&format!("Tanpa sinyal {n}"))
        .await
        .expect("type");
    submit(client).await;
    eventually(
        Duration::from_secs(15),
        "the thanks shown from the device",
        || async { text_of(client, "[data-testid=saved-locally] h1").await },
    )
    .await;
}

async fn waiting_text(client: &Client) -> Option<String> {
    text_of(client, "[data-testid=queue-waiting]").await
}

fn blocking<T>(work: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(work)
}

/// Opens the unit's survey online until the worker keeps it, stops the server, and reloads the page
/// from the device. Returns the survey's address.
async fn open_then_lose_the_network(client: &Client, server: &mut Server) -> String {
    let survey = server.url(&format!("/s/{UNIT}"));
    client.goto(&survey).await.expect("survey opens online");
    wait_hydrated(client).await;
    wait_kept_for_offline(client).await;
    blocking(|| server.stop());
    client.refresh().await.expect("reload with no network");
    wait_hydrated(client).await;
    survey
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_given_with_no_network_wait_on_the_device_and_arrive_exactly_once() {
    let server = Server::start();
    let store = store_of(&server).await;
    let count_before = store.counts().await.expect("counts").responses;
    drop(store);
    let (tx, rx) = tokio::sync::oneshot::channel();
    with_browser(Js::On, move |client| async move {
        let mut server = server;
        let survey = open_then_lose_the_network(&client, &mut server).await;
        assert!(
            client
                .find(Locator::Css("form button.submit"))
                .await
                .is_ok(),
            "the survey opens with no network"
        );
        for n in 1..=3 {
            if n > 1 {
                client.goto(&survey).await.expect("the survey again");
                wait_hydrated(&client).await;
            }
            answer_and_send(&client, n).await;
            let expected = format!("{n} jawaban menunggu dikirim");
            eventually(Duration::from_secs(10), &expected, || async {
                (waiting_text(&client).await.as_deref() == Some(expected.as_str())).then_some(())
            })
            .await;
        }
        client.refresh().await.expect("reload");
        wait_hydrated(&client).await;
        let waiting = eventually(Duration::from_secs(10), "the waiting counter", || {
            waiting_text(&client)
        })
        .await;
        assert_eq!(waiting, "3 jawaban menunggu dikirim");
        let items = queue_items(&client).await;
        assert_eq!(items.len(), 3, "three items on the device");

        // A survey never opened here cannot be shown: a clear page says so.
        client
            .goto(&server.url(&format!("/s/{UNOPENED_UNIT}")))
            .await
            .expect("navigate");
        let heading = text_of(&client, "h1").await.unwrap_or_default();
        assert_eq!(heading, "Tidak ada sambungan internet");

        client.goto(&survey).await.expect("back to the kept survey");
        wait_hydrated(&client).await;
        blocking(|| server.restart());
        eventually(
            Duration::from_secs(90),
            "the queue sent and the counter gone",
            || async {
                let gone = waiting_text(&client).await.is_none();
                let empty = queue_items(&client).await.is_empty();
                (gone && empty).then_some(())
            },
        )
        .await;
        let _ = tx.send((server, items));
    })
    .await;
    let (server, items) = rx.await.expect("the browser part finished");
    let store = store_of(&server).await;
    assert_eq!(
        store.counts().await.expect("counts").responses,
        count_before + 3,
        "exactly the three answers arrived"
    );
    for item in items {
        let id = item["id"].as_str().expect("id");
        let body = item["body"].as_str().expect("body");
        assert_time_ordered(id);
        let stored = store
            .response(id.parse().expect("uuid"))
            .await
            .expect("store")
            .unwrap_or_else(|| panic!("{id} is stored"));
        assert_eq!(stored.response.answers, answers_in(body), "{id}'s answers");
        assert!(stored
            .response
            .comment
            .as_deref()
            .is_some_and(|c| c.starts_with("Tanpa sinyal")));
    }
}

/// Starts `copies` sends of one queued item's request at once in this tab (like a replay racing
/// itself) without waiting; the answers land in `window.__replays`.
async fn start_replays(client: &Client, item: &Value, copies: usize) {
    let script = format!(
        r#"
        const item = {item};
        window.__replays = null;
        Promise.all(Array.from({{ length: {copies} }}, () =>
            fetch(item.url, {{
                method: 'POST',
                headers: {{ 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' }},
                body: item.body,
            }}).then(async r => [r.status, (await r.json()).status])
        )).then(r => {{ window.__replays = r; }}, e => {{ window.__replays = String(e); }});
        return true;
        "#
    );
    run(client, &script).await;
}

async fn replays(client: &Client) -> Option<Vec<Value>> {
    run(client, "return window.__replays;")
        .await
        .as_array()
        .cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_item_replayed_many_times_from_two_tabs_at_once_is_stored_once() {
    let server = Server::start();
    let store = store_of(&server).await;
    let count_before = store.counts().await.expect("counts").responses;
    let tally_before = unit_tally(store.as_ref()).await;
    drop(store);
    let (tx, rx) = tokio::sync::oneshot::channel();
    with_browser(Js::On, move |client| async move {
        let mut server = server;
        let survey = open_then_lose_the_network(&client, &mut server).await;
        answer_and_send(&client, 7).await;
        let items = queue_items(&client).await;
        assert_eq!(items.len(), 1);
        let item = items[0].clone();

        // A second tab of the same browser: it shares the device's queue.
        let first = client.window().await.expect("this tab");
        let second = client.new_window(true).await.expect("a second tab").handle;
        client
            .switch_to_window(second.clone())
            .await
            .expect("switch");
        client
            .goto(&survey)
            .await
            .expect("the kept survey in tab 2");
        wait_hydrated(&client).await;
        assert_eq!(
            eventually(Duration::from_secs(10), "tab 2's counter", || waiting_text(
                &client
            ))
            .await,
            "1 jawaban menunggu dikirim"
        );

        blocking(|| server.restart());
        // Both tabs' senders race to deliver it; on top, each tab sends its request 20 times at once.
        start_replays(&client, &item, 20).await;
        client
            .switch_to_window(first.clone())
            .await
            .expect("switch");
        start_replays(&client, &item, 20).await;
        let mut all = Vec::new();
        for tab in [first.clone(), second.clone()] {
            client.switch_to_window(tab).await.expect("switch");
            all.extend(
                eventually(Duration::from_secs(60), "the replays' answers", || {
                    replays(&client)
                })
                .await,
            );
        }
        assert_eq!(all.len(), 40);
        for answer in &all {
            assert_eq!(answer[0], json!(200), "every replay succeeds: {answer}");
            assert!(
                answer[1] == json!("stored") || answer[1] == json!("duplicate"),
                "{answer}"
            );
        }
        for tab in [first, second] {
            client.switch_to_window(tab).await.expect("switch");
            eventually(
                Duration::from_secs(60),
                "the queue emptied in each tab",
                || async {
                    let empty = queue_items(&client).await.is_empty();
                    let gone = waiting_text(&client).await.is_none();
                    (empty && gone).then_some(())
                },
            )
            .await;
        }

        // The same id with other answers (as if the device's copy were altered): refused with 409,
        // kept on the device for a person, with the server's words, and never sent again by itself.
        let altered = with_other_answers(item["body"].as_str().expect("body"));
        let put = format!(
            r#"
            const item = {item};
            item.body = {altered};
            await new Promise((resolve, reject) => {{
                const open = indexedDB.open('ikm-queue');
                open.onsuccess = () => {{
                    const tx = open.result.transaction('responses', 'readwrite');
                    tx.objectStore('responses').put(item);
                    tx.oncomplete = () => {{ open.result.close(); resolve(); }};
                    tx.onerror = () => reject(tx.error);
                }};
                open.onerror = () => reject(open.error);
            }});
            return await IkmQueue.flush();
            "#,
            altered = json!(altered)
        );
        assert_eq!(
            run(&client, &put).await,
            json!([0, 1]),
            "nothing waits, one held"
        );
        client.refresh().await.expect("reload");
        wait_hydrated(&client).await;
        let held = eventually(Duration::from_secs(10), "the refused answer shown", || {
            text_of(&client, "[data-testid=queue-held]")
        })
        .await;
        assert!(held.contains("1 jawaban tidak dapat dikirim"), "{held}");
        assert!(
            held.contains("sudah terkirim dengan jawaban lain"),
            "{held}"
        );
        let kept = queue_items(&client).await;
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0]["state"], "held");
        assert_eq!(kept[0]["problem"]["status"], 409);
        let _ = tx.send((server, item));
    })
    .await;
    let (server, item) = rx.await.expect("the browser part finished");
    let store = store_of(&server).await;
    assert_eq!(
        store.counts().await.expect("counts").responses,
        count_before + 1,
        "stored once, and the altered copy not at all"
    );
    let answers = answers_in(item["body"].as_str().expect("body"));
    let stored = store
        .response(item["id"].as_str().expect("id").parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.answers, answers);
    let mut expected = tally_before;
    if stored.response.flag.is_none() {
        expected.record(&answers);
    }
    assert_eq!(
        unit_tally(store.as_ref()).await,
        expected,
        "the tally moved at most once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_survey_is_installable_in_chromium() {
    let server = Server::start();
    let url = server.url(&format!("/k/{UNIT}"));
    with_browser(Js::On, move |client| async move {
        let _server = server;
        client.goto(&url).await.expect("kiosk opens");
        wait_hydrated(&client).await;
        wait_kept_for_offline(&client).await;
        let manifest = cdp(&client, "Page.getAppManifest", json!({})).await;
        assert_eq!(
            manifest["errors"],
            json!([]),
            "no manifest errors: {manifest}"
        );
        assert!(manifest["url"]
            .as_str()
            .is_some_and(|u| u.ends_with(&format!("/k/{UNIT}/manifest.webmanifest"))));
        let installability = cdp(&client, "Page.getInstallabilityErrors", json!({})).await;
        assert_eq!(
            installability["installabilityErrors"],
            json!([]),
            "Chromium finds nothing in the way of installing: {installability}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_form_post_with_no_network_is_kept_by_the_service_worker_and_sent_later() {
    let server = Server::start();
    let store = store_of(&server).await;
    let count_before = store.counts().await.expect("counts").responses;
    drop(store);
    let (tx, rx) = tokio::sync::oneshot::channel();
    with_browser(Js::On, move |client| async move {
        let mut server = server;
        let survey = open_then_lose_the_network(&client, &mut server).await;
        for unsur in Unsur::PRINTED {
            choose(&client, unsur, 3).await;
        }
        // `form.submit()` posts the plain HTML form without the submit event, as a page whose WASM
        // has not loaded yet would: the service worker catches the failed post.
        run(
            &client,
            "document.querySelector('form').submit(); return true;",
        )
        .await;
        let heading = eventually(Duration::from_secs(15), "the worker's thanks", || async {
            text_of(&client, "[data-testid=saved-locally] h1").await
        })
        .await;
        assert_eq!(heading, "Terima kasih!");
        let items = queue_items(&client).await;
        assert_eq!(items.len(), 1, "kept on the device");
        let body = items[0]["body"].as_str().expect("body").to_string();
        assert!(
            body.contains("form="),
            "the page's id travels as `form`: {body}"
        );
        assert_eq!(
            answers_in(&body),
            Answers::complete([Score::new(3).expect("3"); 9])
        );

        blocking(|| server.restart());
        client
            .goto(&survey)
            .await
            .expect("the survey, with its WASM");
        wait_hydrated(&client).await;
        eventually(Duration::from_secs(60), "the kept post sent", || async {
            queue_items(&client).await.is_empty().then_some(())
        })
        .await;
        let _ = tx.send((server, items[0]["id"].as_str().expect("id").to_string()));
    })
    .await;
    let (server, id) = rx.await.expect("the browser part finished");
    assert_time_ordered(&id);
    let store = store_of(&server).await;
    assert_eq!(
        store.counts().await.expect("counts").responses,
        count_before + 1
    );
    let stored = store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(
        stored.response.answers,
        Answers::complete([Score::new(3).expect("3"); 9])
    );
}
