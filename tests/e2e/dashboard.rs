//! The unit head on Monday morning, in a real browser with the WASM and without it: signs in, opens
//! the dashboard of their unit for a chosen quarter, marks a comment "ditindaklanjuti" with a
//! public reply, adds a follow-up action; the reply shows on the unit's public page. Screenshots of
//! the dashboard on a 390×844 phone are saved to `target/screenshots/` for review.

use crate::admin::{choose_period, click, fill, page_text, settle, sign_in_through, wait_for_path};
use crate::browser::{eventually, save_screenshot, viewport, with_browser, Js};
use crate::support::Server;
use app::store::Counted;
use fantoccini::{Client, Locator};
use ikm_domain::{IkmResult, Period, PeriodKind};
use std::time::Duration;

const UNIT: &str = "1871-disdukcapil";

async fn phone(client: &Client, height: u32) {
    viewport(client, 390, height, true).await;
}

async fn unit_head_works_through_the_dashboard(js: Js) {
    let server = Server::start();
    let store = ikm::storage::open(&server.db.url).await.expect("store");
    let unit = store.unit(UNIT).await.expect("store").expect("unit");
    // The quarter before this one: a full quarter of demo answers.
    let today = app::time::jakarta_today();
    let quarter = Period::containing(PeriodKind::Quarter, today).previous();
    let tally = store
        .unit_tally_from_responses(unit.id, quarter.from, quarter.to, Counted::Valid)
        .await
        .expect("raw tally");
    let expected = IkmResult::of(&tally).expect("the demo quarter has answers");
    drop(store);
    let base = server.base.clone();
    let tag = if js == Js::On { "js" } else { "html" };
    let reply = format!("Loket tambahan dibuka tiap Senin ({tag}).");
    let action = format!("Tambah satu petugas loket pada jam sibuk ({tag})");
    let (tx, rx) = tokio::sync::oneshot::channel();
    let (reply_in, action_in) = (reply.clone(), action.clone());
    with_browser(js, move |client| async move {
        client
            .set_window_size(390, 844)
            .await
            .expect("a phone's size");
        sign_in_through(
            &client,
            js,
            &format!("{base}/dasbor/{UNIT}"),
            ("unit", "demo-unit-ikm"),
        )
        .await;
        // Choose last quarter.
        choose_period(&client, js, &quarter.key()).await;
        let ikm = eventually(Duration::from_secs(20), "the headline", || async {
            client
                .find(Locator::Css("[data-testid=ikm]"))
                .await
                .ok()?
                .text()
                .await
                .ok()
        })
        .await;
        assert_eq!(ikm, expected.converted.to_id_string(), "the engine's IKM");
        let text = page_text(&client).await;
        assert!(
            text.contains(&quarter.label(ikm_domain::Lang::Id)),
            "the quarter is named"
        );
        assert!(text.contains("Unsur terlemah"), "what to fix first");
        phone(&client, 844).await;
        save_screenshot(&client, &format!("dashboard-390x844-{tag}.png")).await;
        phone(&client, 5200).await;
        save_screenshot(&client, &format!("dashboard-390-full-{tag}.png")).await;
        phone(&client, 844).await;

        // The inbox of the same quarter: mark the first comment and answer it publicly.
        click(&client, "[data-testid=inbox-link]").await;
        wait_for_path(&client, &format!("/dasbor/{UNIT}/masukan")).await;
        settle(&client, js).await;
        // The inbox's data arrives after the client-side jump: wait for it.
        let first = eventually(
            Duration::from_secs(20),
            "a comment in the quarter",
            || async {
                client
                    .find(Locator::Css("[data-testid=comment]"))
                    .await
                    .ok()
            },
        )
        .await;
        let said = first
            .find(Locator::Css("blockquote"))
            .await
            .expect("the comment")
            .text()
            .await
            .expect("text");
        first
            .find(Locator::Css("select[name=status]"))
            .await
            .expect("status")
            .select_by_value("ditindaklanjuti")
            .await
            .expect("choose");
        // The demo may have answered it already: the new reply replaces the old one.
        let reply_box = first
            .find(Locator::Css("textarea[name=balasan]"))
            .await
            .expect("reply box");
        reply_box.clear().await.expect("clear");
        reply_box.send_keys(&reply_in).await.expect("type");
        first
            .find(Locator::Css("button[type=submit]"))
            .await
            .expect("save")
            .click()
            .await
            .expect("click");
        eventually(Duration::from_secs(20), "saved", || async {
            let url = client.current_url().await.ok()?;
            url.query()?.contains("disimpan=1").then_some(())
        })
        .await;
        settle(&client, js).await;
        eventually(Duration::from_secs(20), "the new status shown", || async {
            page_text(&client)
                .await
                .contains("Ditindaklanjuti")
                .then_some(())
        })
        .await;

        // Back to the dashboard: a follow-up action against the weakest unsur.
        client
            .goto(&format!("{base}/dasbor/{UNIT}?periode={}", quarter.key()))
            .await
            .expect("dashboard");
        settle(&client, js).await;
        fill(&client, "#a-tindakan", &action_in).await;
        fill(&client, "#a-pj", "Kepala Seksi Pelayanan").await;
        // Chromium's date field takes the digits in its locale's order (en-US: month, day, year).
        let due = client.find(Locator::Css("#a-batas")).await.expect("due");
        due.send_keys("12202030").await.expect("type the date");
        // Enter in a field sends the form (as a person on a phone does from the keyboard); a
        // click at the button, far down the longer page under the phone's emulated viewport,
        // can land beside it.
        client
            .find(Locator::Css("#a-pj"))
            .await
            .expect("owner")
            .send_keys(&fantoccini::key::Key::Enter.to_string())
            .await
            .expect("enter");
        eventually(Duration::from_secs(20), "the action saved", || async {
            let url = client.current_url().await.ok()?;
            url.query()?.contains("disimpan=1").then_some(())
        })
        .await;
        settle(&client, js).await;
        let plan = eventually(Duration::from_secs(20), "the plan", || async {
            client
                .find(Locator::Css("[data-testid=plan]"))
                .await
                .ok()?
                .text()
                .await
                .ok()
                .filter(|t| t.contains(&action_in))
        })
        .await;
        assert!(plan.contains(&action_in), "{plan}");
        assert!(plan.contains("20-12-2030"), "{plan}");

        // What the public sees.
        client
            .goto(&format!("{base}/unit/{UNIT}"))
            .await
            .expect("public page");
        settle(&client, js).await;
        let public = eventually(Duration::from_secs(20), "the public replies", || async {
            client
                .find(Locator::Css("[data-testid=public-replies]"))
                .await
                .ok()?
                .text()
                .await
                .ok()
                .filter(|t| t.contains(&reply_in))
        })
        .await;
        assert!(
            public.contains(&reply_in) && public.contains(&said),
            "{public}"
        );
        let _ = tx.send(());
    })
    .await;
    rx.await.expect("the browser part finished");
    let store = ikm::storage::open(&server.db.url).await.expect("store");
    let actions = store
        .followup_actions(unit.id, &[quarter.key()])
        .await
        .expect("actions");
    // The demo's own items of the quarter are there too; this one is added once.
    let added: Vec<_> = actions.iter().filter(|a| a.action == action).collect();
    assert_eq!(added.len(), 1, "{actions:?}");
    assert_eq!(added[0].due.to_string(), "2030-12-20");
    assert_eq!(
        added[0].unsur,
        expected.weakest().expect("weakest"),
        "against the weakest unsur"
    );
    let replies = store.public_replies(unit.id, 5).await.expect("replies");
    assert_eq!(replies[0].reply, reply);
}

#[tokio::test]
async fn with_javascript_a_unit_head_works_through_the_dashboard() {
    unit_head_works_through_the_dashboard(Js::On).await;
}

#[tokio::test]
async fn without_javascript_a_unit_head_works_through_the_dashboard() {
    unit_head_works_through_the_dashboard(Js::Off).await;
}
