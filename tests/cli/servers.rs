//! Several `ikm serve` processes on one database (the PostgreSQL deployment; SQLite too): every
//! submission is stored once, whichever server took it, even the same form posted to both at once,
//! and the tallies equal the raw responses.

use crate::support::{ExtraServer, Server};
use app::store::Counted;
use app::survey::server::sign_form;
use chrono::{Duration, NaiveDate, Utc};
use ikm_domain::Unsur;

const UNIT: &str = "1872-disdukcapil";

fn fields(id: &str, token: &str, value: u8) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = Unsur::ALL
        .iter()
        .map(|u| (u.key().to_string(), value.to_string()))
        .collect();
    f.push(("id".into(), id.into()));
    f.push(("token".into(), token.into()));
    f
}

#[tokio::test]
async fn two_servers_on_one_database_store_every_submission_once() {
    let a = Server::start();
    let b = ExtraServer::start(&a.db.url);
    let store = ikm::storage::open(&a.db.url)
        .await
        .expect("the test opens the database");
    let secret = store.secret().await.expect("secret");
    let unit = store.unit(UNIT).await.expect("store").expect("demo unit");
    let before = store.counts().await.expect("counts").responses;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");

    // Twenty distinct forms, each posted to both servers at the same moment.
    let mut posts = Vec::new();
    let mut ids = Vec::new();
    for i in 0..20u8 {
        let id = uuid::Uuid::new_v4().to_string();
        let token = sign_form(&secret, &id, Utc::now() - Duration::seconds(60));
        let form = fields(&id, &token, 1 + i % 4);
        ids.push(id);
        for base in [a.base.clone(), b.base.clone()] {
            let (client, form) = (client.clone(), form.clone());
            let cookie = format!("ikm_device=device-{i}");
            posts.push(tokio::spawn(async move {
                client
                    .post(format!("{base}/s/{UNIT}"))
                    .header("cookie", cookie)
                    .form(&form)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            }));
        }
    }
    for post in posts {
        let status = post.await.expect("task").expect("the server answers");
        assert_eq!(status, 303, "both servers thank the citizen");
    }

    assert_eq!(
        store.counts().await.expect("counts").responses,
        before + 20,
        "each form stored once"
    );
    for id in &ids {
        assert!(store
            .response(id.parse().expect("uuid"))
            .await
            .expect("store")
            .is_some());
    }
    let (from, to) = (
        NaiveDate::from_ymd_opt(2000, 1, 1).expect("date"),
        NaiveDate::from_ymd_opt(2100, 1, 1).expect("date"),
    );
    for counted in [Counted::Valid, Counted::Flagged] {
        assert_eq!(
            store
                .unit_tally(unit.id, from, to, counted)
                .await
                .expect("tally"),
            store
                .unit_tally_from_responses(unit.id, from, to, counted)
                .await
                .expect("raw"),
            "tallies equal raw rows ({counted:?})"
        );
    }
}

/// Sessions live in the database: made on one server, valid on the other, ended on either.
#[tokio::test]
async fn a_session_made_on_one_server_is_valid_on_the_other() {
    let a = Server::start();
    let b = ExtraServer::start(&a.db.url);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let signed = client
        .post(format!("{}/masuk", a.base))
        .form(&[
            ("login", "kota"),
            ("password", "demo-kota-ikm"),
            ("next", "/admin"),
        ])
        .send()
        .await
        .expect("server a answers");
    assert_eq!(signed.status().as_u16(), 303);
    let cookie = signed
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ikm_sesi="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string();
    let page = |base: String| {
        let (client, cookie) = (client.clone(), cookie.clone());
        async move {
            client
                .get(format!("{base}/admin"))
                .header("cookie", cookie)
                .send()
                .await
                .expect("server answers")
        }
    };
    let on_b = page(b.base.clone()).await;
    assert_eq!(on_b.status().as_u16(), 200, "server b knows the session");
    let body = on_b.text().await.expect("body");
    assert!(body.contains("data-testid=\"who\""), "and who it is");

    let out = client
        .post(format!("{}/keluar", b.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("server b answers");
    assert_eq!(out.status().as_u16(), 303);
    let on_a = page(a.base.clone()).await;
    assert_eq!(
        on_a.status().as_u16(),
        303,
        "signed out on b is signed out on a"
    );
}
