//! Consent to be contacted in a real browser, with the WASM and without it (issue #33): the citizen
//! is offered "Boleh kami hubungi?" (with the WASM, once an answer is low), gives a number without
//! ticking the consent and is told to tick it, ticks it and is thanked; the unit head finds the
//! number on the comment in the inbox and marks it contacted.

use crate::admin::{page_text, settle, sign_in_through};
use crate::browser::{eventually, wait_hydrated, with_browser, Js};
use crate::support::Server;
use crate::survey::{choose, read_for, store_of, submit, wait_for_thanks, UNIT};
use fantoccini::{Client, Locator};
use ikm_domain::Unsur;
use std::time::{Duration, Instant};

const ANSWERS: [u8; 9] = [3, 3, 2, 3, 3, 3, 3, 3, 3];

async fn offer_shown(client: &Client) -> bool {
    client
        .find(Locator::Css("[data-testid=contact-offer]"))
        .await
        .expect("the offer is on the page")
        .is_displayed()
        .await
        .expect("displayed")
}

async fn answer_with_consent(server: &Server, js: Js, typed: &'static str) {
    let url = server.url(&format!("/s/{UNIT}"));
    with_browser(js, move |client| async move {
        let opened = Instant::now();
        client.goto(&url).await.expect("survey opens");
        if js == Js::On {
            wait_hydrated(&client).await;
            assert!(
                !offer_shown(&client).await,
                "nothing low, no comment: not offered yet"
            );
        }
        for unsur in Unsur::PRINTED {
            choose(&client, unsur, ANSWERS[unsur.index()]).await;
        }
        // A low answer (waktu: 2): offered, with the WASM as soon as it is chosen; without it, the
        // offer was on the page all along.
        eventually(Duration::from_secs(10), "the offer", || async {
            offer_shown(&client).await.then_some(())
        })
        .await;
        let field = client
            .find(Locator::Css("#kontak"))
            .await
            .expect("the contact field");
        field.send_keys(typed).await.expect("type the number");
        read_for(opened, Duration::from_secs(9)).await;
        submit(&client).await;
        let error = eventually(Duration::from_secs(15), "the consent to tick", || async {
            client
                .find(Locator::Css("#err-hubungi"))
                .await
                .ok()?
                .text()
                .await
                .ok()
        })
        .await;
        assert!(error.contains("Centang persetujuan"), "{error}");
        let kept = client
            .find(Locator::Css("#kontak"))
            .await
            .expect("the contact field")
            .prop("value")
            .await
            .expect("value");
        assert_eq!(kept.as_deref(), Some(typed), "the number is still there");
        client
            .find(Locator::Css("#hubungi"))
            .await
            .expect("the consent box")
            .click()
            .await
            .expect("tick");
        submit(&client).await;
        wait_for_thanks(&client).await;
    })
    .await;
}

async fn unit_head_marks_contacted(server: &Server, js: Js, kept: &'static str) {
    let today = app::time::jakarta_today();
    let inbox = server.url(&format!(
        "/dasbor/{UNIT}/masukan?dari={today}&sampai={today}"
    ));
    with_browser(js, move |client| async move {
        sign_in_through(&client, js, &inbox, ("unit", "demo-unit-ikm")).await;
        let text = eventually(
            Duration::from_secs(45),
            "the number in the inbox",
            || async {
                let text = page_text(&client).await;
                text.contains(kept).then_some(text)
            },
        )
        .await;
        assert!(text.contains("Warga bersedia dihubungi"));
        // The comment carrying this number: its "mark as contacted".
        let mut marked = false;
        for item in client
            .find_all(Locator::Css("[data-testid=contact]"))
            .await
            .expect("contacts")
        {
            if item.text().await.unwrap_or_default().contains(kept) {
                item.find(Locator::Css("[data-testid=mark-contacted]"))
                    .await
                    .expect("not marked yet")
                    .click()
                    .await
                    .expect("mark");
                marked = true;
                break;
            }
        }
        assert!(marked, "the number's comment has the button");
        eventually(Duration::from_secs(20), "saved", || async {
            let url = client.current_url().await.ok()?;
            url.query()?.contains("disimpan=1").then_some(())
        })
        .await;
        settle(&client, js).await;
        eventually(Duration::from_secs(20), "marked contacted", || async {
            for item in client
                .find_all(Locator::Css("[data-testid=contact]"))
                .await
                .ok()?
            {
                let text = item.text().await.ok()?;
                if text.contains(kept) {
                    return text.contains("Sudah dihubungi").then_some(());
                }
            }
            None
        })
        .await;
    })
    .await;
}

async fn run(js: Js, typed: &'static str, kept: &'static str) {
    let server = Server::start();
    answer_with_consent(&server, js, typed).await;
    unit_head_marks_contacted(&server, js, kept).await;
    let store = store_of(&server).await;
    let audit = store
        .audit_log(
            &app::model::AuditFilter {
                action: Some("contact_marked".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("audit");
    // The demo marked one of its own; this one is the unit head's.
    let ours: Vec<_> = audit.iter().filter(|a| a.actor == "unit").collect();
    assert_eq!(ours.len(), 1, "{audit:#?}");
}

#[tokio::test]
async fn with_javascript_a_citizen_consents_and_the_unit_head_marks_them_contacted() {
    run(Js::On, "0812-3456-7801", "+6281234567801").await;
}

#[tokio::test]
async fn without_javascript_a_citizen_consents_and_the_unit_head_marks_them_contacted() {
    run(Js::Off, "+62 812 3456 7802", "+6281234567802").await;
}
