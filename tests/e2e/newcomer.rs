//! What a new user tripped over (issue 29), done as they would do it: a kiosk that strangers use one
//! after another (each starts in Bahasa Indonesia, nothing leads out of the kiosk), a survey sent
//! with an answer missing (with JavaScript: the question focused and whole below the sticky bar;
//! without: the summary names each missing question as a link), and a unit head signing in.

use crate::admin::{click, fill, settle, wait_for_path};
use crate::browser::{eventually, viewport, with_browser, Js};
use crate::support::Server;
use crate::survey::{choose, submit, UNIT};
use fantoccini::{Client, Locator};
use ikm_domain::Unsur;
use std::time::Duration;

async fn lang(client: &Client) -> String {
    client
        .execute("return document.documentElement.lang", vec![])
        .await
        .expect("script")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Every link on the page, as the browser resolved it (path and query).
async fn links(client: &Client) -> Vec<String> {
    let value = client
        .execute(
            "return [...document.querySelectorAll('a[href]')].map(a => { \
               const u = new URL(a.href); return decodeURIComponent(u.pathname + u.search); })",
            vec![],
        )
        .await
        .expect("script");
    serde_json::from_value(value).expect("links")
}

async fn kiosk_keeps_to_itself_and_starts_each_citizen_in_bahasa_indonesia(js: Js) {
    let server = Server::start();
    let kiosk = format!("/k/{UNIT}?loket=kiosk-1");
    let url = server.url(&kiosk);
    with_browser(js, move |client| async move {
        client.goto(&url).await.expect("kiosk opens");
        settle(&client, js).await;
        // Nothing on the kiosk's pages leads anywhere but back into the kiosk.
        for link in links(&client).await {
            let inside = link.starts_with(&format!("/k/{UNIT}"))
                || (link.starts_with("/bahasa/") && link.contains(&format!("next=/k/{UNIT}")));
            assert!(inside, "the kiosk links out to {link}");
        }
        // A citizen reads in English and answers …
        click(&client, "a.lang-switch").await;
        eventually(Duration::from_secs(20), "the kiosk in English", || async {
            (lang(&client).await == "en").then_some(())
        })
        .await;
        settle(&client, js).await;
        for unsur in Unsur::PRINTED {
            choose(&client, unsur, 4).await;
        }
        submit(&client).await;
        eventually(Duration::from_secs(20), "the thanks", || async {
            let url = client.current_url().await.ok()?;
            url.path().ends_with("/terima-kasih").then_some(())
        })
        .await;
        for link in links(&client).await {
            assert!(
                link.starts_with(&format!("/k/{UNIT}")) || link.starts_with("/bahasa/"),
                "the kiosk's thanks links out to {link}"
            );
        }
        // … and the next citizen finds the empty form in Bahasa Indonesia.
        eventually(Duration::from_secs(30), "the form again", || async {
            let url = client.current_url().await.ok()?;
            (url.path() == format!("/k/{UNIT}") && lang(&client).await == "id").then_some(())
        })
        .await;
        let url = client.current_url().await.expect("url");
        assert_eq!(url.query(), Some("loket=kiosk-1"), "the same counter");
        let text = client
            .find(Locator::Css("button.submit"))
            .await
            .expect("the form")
            .text()
            .await
            .expect("text");
        assert_eq!(text, "Kirim jawaban");
    })
    .await;
}

#[tokio::test]
async fn with_javascript_a_kiosk_keeps_to_itself_and_restarts_in_bahasa_indonesia() {
    kiosk_keeps_to_itself_and_starts_each_citizen_in_bahasa_indonesia(Js::On).await;
}

#[tokio::test]
async fn without_javascript_a_kiosk_keeps_to_itself_and_restarts_in_bahasa_indonesia() {
    kiosk_keeps_to_itself_and_starts_each_citizen_in_bahasa_indonesia(Js::Off).await;
}

#[tokio::test]
async fn with_javascript_a_missing_answer_is_focused_and_shown_whole_below_the_bar() {
    let server = Server::start();
    let url = server.url(&format!("/s/{UNIT}"));
    with_browser(Js::On, move |client| async move {
        viewport(&client, 390, 844, true).await;
        client.goto(&url).await.expect("survey opens");
        settle(&client, Js::On).await;
        let missing = Unsur::PRINTED[6];
        for unsur in Unsur::PRINTED.into_iter().filter(|u| *u != missing) {
            choose(&client, unsur, 3).await;
        }
        submit(&client).await;
        let id = format!("q-{}", missing.key());
        let place = eventually(Duration::from_secs(10), "the missing question focused", || {
            let client = client.clone();
            let id = id.clone();
            async move {
                let value = client
                    .execute(
                        "const q = document.getElementById(arguments[0]); \
                         const bar = document.querySelector('[data-testid=progress]'); \
                         const r = q.getBoundingClientRect(); \
                         return { focused: document.activeElement === q, top: r.top, \
                                  barBottom: bar.getBoundingClientRect().bottom, height: innerHeight };",
                        vec![serde_json::json!(id)],
                    )
                    .await
                    .ok()?;
                value["focused"].as_bool()?.then_some(value)
            }
        })
        .await;
        let (top, bar, height) = (
            place["top"].as_f64().expect("top"),
            place["barBottom"].as_f64().expect("bar"),
            place["height"].as_f64().expect("height"),
        );
        assert!(top >= bar - 1.0, "the question starts below the bar: {place}");
        assert!(top < height / 2.0, "and is in view: {place}");
        let summary = client
            .find(Locator::Css("[data-testid=error-summary]"))
            .await
            .expect("the summary")
            .text()
            .await
            .expect("text");
        assert!(summary.contains("Pertanyaan 7"), "{summary}");
    })
    .await;
}

#[tokio::test]
async fn without_javascript_the_summary_names_each_missing_question_as_a_link() {
    let server = Server::start();
    let url = server.url(&format!("/s/{UNIT}"));
    with_browser(Js::Off, move |client| async move {
        client.goto(&url).await.expect("survey opens");
        let missing = [Unsur::PRINTED[2], Unsur::PRINTED[4]];
        for unsur in Unsur::PRINTED.into_iter().filter(|u| !missing.contains(u)) {
            choose(&client, unsur, 3).await;
        }
        submit(&client).await;
        let links = eventually(Duration::from_secs(20), "the summary's links", || async {
            let found = client
                .find_all(Locator::Css("[data-testid=error-summary] a"))
                .await
                .ok()?;
            (!found.is_empty()).then_some(found)
        })
        .await;
        let mut named = Vec::new();
        for link in &links {
            named.push((
                link.text().await.expect("text"),
                link.attr("href").await.expect("attr").unwrap_or_default(),
            ));
        }
        assert_eq!(
            named,
            [
                (
                    "Pertanyaan 3".to_string(),
                    format!("#q-{}", missing[0].key())
                ),
                (
                    "Pertanyaan 5".to_string(),
                    format!("#q-{}", missing[1].key())
                ),
            ]
        );
        links[1].click().await.expect("follow the link");
        let url = client.current_url().await.expect("url");
        assert_eq!(
            url.fragment(),
            Some(format!("q-{}", missing[1].key()).as_str())
        );
    })
    .await;
}

async fn unit_head_lands_on_the_dashboard(js: Js) {
    let server = Server::start();
    let base = server.base.clone();
    with_browser(js, move |client| async move {
        client.goto(&format!("{base}/masuk")).await.expect("open");
        settle(&client, js).await;
        let footer = client
            .find(Locator::Css(".site-footer"))
            .await
            .expect("footer")
            .text()
            .await
            .expect("text");
        assert!(footer.contains("Masuk petugas"), "{footer}");
        fill(&client, "#f-login", "unit").await;
        fill(&client, "#f-password", "demo-unit-ikm").await;
        click(&client, "form[action='/masuk'] button[type=submit]").await;
        wait_for_path(&client, &format!("/dasbor/{UNIT}")).await;
        settle(&client, js).await;
        let who = client
            .find(Locator::Css("[data-testid=footer-who]"))
            .await
            .expect("who is signed in")
            .text()
            .await
            .expect("text");
        assert!(who.contains("Kepala Disdukcapil"), "{who}");
        assert!(who.contains("Keluar"), "{who}");
        click(&client, "[data-testid=footer-who] button").await;
        wait_for_path(&client, "/").await;
        let footer = client
            .find(Locator::Css(".site-footer"))
            .await
            .expect("footer")
            .text()
            .await
            .expect("text");
        assert!(footer.contains("Masuk petugas"), "signed out: {footer}");
    })
    .await;
}

#[tokio::test]
async fn with_javascript_a_unit_head_lands_on_the_dashboard_and_the_footer_says_who() {
    unit_head_lands_on_the_dashboard(Js::On).await;
}

#[tokio::test]
async fn without_javascript_a_unit_head_lands_on_the_dashboard_and_the_footer_says_who() {
    unit_head_lands_on_the_dashboard(Js::Off).await;
}
