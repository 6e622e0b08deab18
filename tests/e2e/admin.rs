//! The administrator in a real browser, with the WASM and without it: signs in, creates a unit with
//! two services, the unit's survey link works at once, and the audit log shows the change.

use crate::browser::{eventually, wait_hydrated, with_browser, Js};
use crate::support::Server;
use fantoccini::{Client, Locator};
use std::time::Duration;

pub(crate) async fn fill(client: &Client, css: &str, text: &str) {
    let field = client.find(Locator::Css(css)).await.expect(css);
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("type");
}

pub(crate) async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .expect(css)
        .click()
        .await
        .expect("click");
}

pub(crate) async fn wait_for_path(client: &Client, path: &str) {
    eventually(Duration::from_secs(20), path, || async {
        let url = client.current_url().await.ok()?;
        (url.path() == path).then_some(())
    })
    .await;
}

pub(crate) async fn page_text(client: &Client) -> String {
    client
        .find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text")
}

pub(crate) async fn settle(client: &Client, js: Js) {
    if js == Js::On {
        wait_hydrated(client).await;
    }
}

/// Opens a protected page, is sent to sign in, signs in as `login`, and lands back on the page.
pub(crate) async fn sign_in_through(
    client: &Client,
    js: Js,
    url: &str,
    (login, password): (&str, &str),
) {
    client.goto(url).await.expect("open");
    wait_for_path(client, "/masuk").await;
    settle(client, js).await;
    fill(client, "#f-login", login).await;
    fill(client, "#f-password", password).await;
    click(client, "form[action='/masuk'] button[type=submit]").await;
    let path = url::Url::parse(url).expect("url").path().to_string();
    wait_for_path(client, &path).await;
    settle(client, js).await;
}

/// Chooses a period in a page's period form and waits for the page of that period.
pub(crate) async fn choose_period(client: &Client, js: Js, key: &str) {
    client
        .find(Locator::Css("#periode"))
        .await
        .expect("the period choice")
        .select_by_value(key)
        .await
        .expect("choose the period");
    click(client, "form.period-choice button[type=submit]").await;
    eventually(Duration::from_secs(20), "the chosen period", || async {
        let url = client.current_url().await.ok()?;
        url.query()?.contains(key).then_some(())
    })
    .await;
    settle(client, js).await;
}

async fn admin_creates_a_unit(js: Js) {
    let server = Server::start();
    let base = server.base.clone();
    let code = format!("1871-mpp-uji-{}", if js == Js::On { "js" } else { "html" });
    let name = "Gerai Uji Mal Pelayanan Publik";
    with_browser(js, move |client| async move {
        // A protected page sends the person to sign in, and back after.
        sign_in_through(
            &client,
            js,
            &format!("{base}/admin"),
            ("admin", "demo-admin-ikm"),
        )
        .await;
        let who = client
            .find(Locator::Css("[data-testid=who]"))
            .await
            .expect("who");
        assert!(who.text().await.expect("text").contains("Admin Demo"));

        // The new unit, from the overview's button.
        click(&client, "a[href='/admin/unit/baru']").await;
        wait_for_path(&client, "/admin/unit/baru").await;
        settle(&client, js).await;
        eventually(Duration::from_secs(20), "the unit form", || async {
            client.find(Locator::Css("#f-code")).await.ok()
        })
        .await;
        fill(&client, "#f-code", &code).await;
        fill(&client, "#f-name", name).await;
        client
            .find(Locator::Css("#f-kind"))
            .await
            .expect("kind")
            .select_by_value("lainnya")
            .await
            .expect("choose kind");
        client
            .find(Locator::Css("#f-region"))
            .await
            .expect("region")
            .select_by_value("18.71")
            .await
            .expect("choose region");
        fill(&client, "#f-population", "24000").await;
        click(&client, "form[data-testid=unit-form] button[type=submit]").await;
        let page = format!("/admin/unit/{code}");
        wait_for_path(&client, &page).await;
        for service in ["Perekaman KTP-el", "Akta Kelahiran"] {
            settle(&client, js).await;
            fill(&client, "#f-service", service).await;
            click(
                &client,
                "form[data-testid=service-form] button[type=submit]",
            )
            .await;
            eventually(Duration::from_secs(20), service, || async {
                let list = client
                    .find(Locator::Css("[data-testid=services]"))
                    .await
                    .ok()?;
                list.text().await.ok()?.contains(service).then_some(())
            })
            .await;
        }

        // The survey link works at once, with both services to choose from.
        settle(&client, js).await;
        click(&client, "[data-testid=survey-link]").await;
        wait_for_path(&client, &format!("/s/{code}")).await;
        let survey = eventually(Duration::from_secs(20), "the survey", || async {
            let text = page_text(&client).await;
            text.contains(name).then_some(text)
        })
        .await;
        assert!(
            survey.contains("Perekaman KTP-el") && survey.contains("Akta Kelahiran"),
            "{survey}"
        );
        assert!(client
            .find(Locator::Css("input[name='persyaratan'][value='4']"))
            .await
            .is_ok());

        // The audit log shows who created it.
        client
            .goto(&format!("{base}/admin/audit"))
            .await
            .expect("audit");
        settle(&client, js).await;
        let audit = eventually(Duration::from_secs(20), "the audit log", || async {
            let table = client
                .find(Locator::Css("[data-testid=audit]"))
                .await
                .ok()?;
            table.text().await.ok()
        })
        .await;
        assert!(
            audit.contains("unit_create") && audit.contains(&code),
            "{audit}"
        );
        assert!(
            audit.contains("service_add") && audit.contains("sign_in"),
            "{audit}"
        );
    })
    .await;
    let store = ikm::storage::open(&server.db.url).await.expect("open");
    let unit = store
        .unit(&format!(
            "1871-mpp-uji-{}",
            if js == Js::On { "js" } else { "html" }
        ))
        .await
        .expect("store")
        .expect("the unit is stored");
    assert_eq!(unit.services.len(), 2);
    assert!(unit.active);
}

#[tokio::test]
async fn with_javascript_the_admin_creates_a_unit_whose_survey_works_at_once() {
    admin_creates_a_unit(Js::On).await;
}

#[tokio::test]
async fn without_javascript_the_admin_creates_a_unit_whose_survey_works_at_once() {
    admin_creates_a_unit(Js::Off).await;
}
