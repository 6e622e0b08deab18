//! The citizen survey over HTTP: storing, re-showing invalid forms, idempotency, abuse flags,
//! kiosk, language, poster, page weight. (What the stored answers add up to: `storage.rs`.)

use crate::{app, form_body, get, send, Reply, TestApp};
use app::store::Counted;
use app::survey::server::sign_form;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use ikm_domain::submission::Flag;
use ikm_domain::{Answers, Score, Tally, Unsur};

pub(crate) const UNIT: &str = "1871-disdukcapil";
const DEVICE: &str = "ikm_device=test-device-1";

/// `day` or the weekday before it: the demo's offices are closed at weekends, so a one-day period
/// on a Saturday holds no answers.
pub(crate) fn weekday_before(mut day: NaiveDate) -> NaiveDate {
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day -= Duration::days(1);
    }
    day
}

pub(crate) fn ever() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(2000, 1, 1).expect("date"),
        NaiveDate::from_ymd_opt(2100, 1, 1).expect("date"),
    )
}

/// The id of the demo unit these tests answer.
pub(crate) async fn unit_id(app: &TestApp) -> i64 {
    app.store
        .unit(UNIT)
        .await
        .expect("store")
        .expect("demo unit")
        .id
}

async fn tally(app: &TestApp, counted: Counted) -> Tally {
    let (from, to) = ever();
    app.store
        .unit_tally(unit_id(app).await, from, to, counted)
        .await
        .expect("tally")
}

async fn responses(app: &TestApp) -> u64 {
    app.store.counts().await.expect("counts").responses
}

/// The form's hidden id and token, as a browser would find them in the page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in the form"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A fresh form id with a token dated a minute ago (a person who read the questions).
pub(crate) async fn fresh_form(app: &TestApp) -> (String, String) {
    let (status, html) = get(app, &format!("/s/{UNIT}")).await;
    assert_eq!(status, StatusCode::OK);
    let id = hidden(&html, "id");
    let secret = app.store.secret().await.expect("secret");
    let token = sign_form(&secret, &id, Utc::now() - Duration::seconds(60));
    (id, token)
}

/// Each rendered form carries a response id made like the offline queue's: a UUIDv7 of the
/// render's moment, so answers sent close in time sort together in the id's index.
#[tokio::test]
async fn a_rendered_form_carries_a_time_ordered_id_of_its_moment() {
    let app = app().await;
    let before = Utc::now().timestamp_millis();
    let (first, _) = fresh_form(&app).await;
    let (second, _) = fresh_form(&app).await;
    let after = Utc::now().timestamp_millis();
    for id in [&first, &second] {
        let ms = crate::support::v7_millis(id);
        assert!(
            (before..=after).contains(&ms),
            "{id} made at {ms}, between {before} and {after}"
        );
    }
    assert_ne!(first, second);
    assert!(first < second, "{first} sorts before {second}");
}

pub(crate) fn answers_fields(values: [u8; 9]) -> Vec<(String, String)> {
    Unsur::ALL
        .iter()
        .map(|u| (u.key().to_string(), values[u.index()].to_string()))
        .collect()
}

fn answers_of(values: [u8; 9]) -> Answers {
    Answers::complete(values.map(|v| Score::new(v).expect("1..=4")))
}

pub(crate) async fn post(
    app: &TestApp,
    path: &str,
    fields: &[(String, String)],
    cookie: &str,
) -> Reply {
    let body = form_body(fields);
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request");
    send(app, request).await
}

pub(crate) fn with(
    mut fields: Vec<(String, String)>,
    extra: &[(&str, &str)],
) -> Vec<(String, String)> {
    for (k, v) in extra {
        fields.retain(|(f, _)| f != k);
        fields.push((k.to_string(), v.to_string()));
    }
    fields
}

const GOOD: [u8; 9] = [4, 3, 2, 4, 3, 4, 4, 1, 3];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_post_stores_one_response_and_moves_the_tally_by_exactly_its_answers() {
    let app = app().await;
    crate::withdraw_demo_publications(&app).await;
    let before = tally(&app, Counted::Valid).await;
    let count = responses(&app).await;
    let (id, token) = fresh_form(&app).await;
    let fields = with(
        answers_fields(GOOD),
        &[
            ("id", &id),
            ("token", &token),
            ("comment", "Antre lama, tapi ramah."),
            ("gender", "perempuan"),
            ("age", "34"),
        ],
    );
    let reply = post(&app, &format!("/s/{UNIT}"), &fields, DEVICE).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), format!("/s/{UNIT}/terima-kasih?r={id}"));
    assert_eq!(responses(&app).await, count + 1);
    let stored = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.answers, answers_of(GOOD));
    assert_eq!(stored.response.flag, None);
    assert_eq!(
        stored.response.comment.as_deref(),
        Some("Antre lama, tapi ramah.")
    );
    assert_eq!(stored.response.profile.age, Some(34));
    assert_eq!(stored.response.channel.key(), "qr");
    assert!(stored
        .response
        .device_hash
        .as_deref()
        .is_some_and(|h| !h.contains("test-device")));
    let mut expected = before;
    expected.record(&answers_of(GOOD));
    assert_eq!(tally(&app, Counted::Valid).await, expected);

    // The thank-you page: thanks, (two low answers) where to complain, and no index while the
    // unit has published none; once it publishes, the published period's.
    let (status, html) = get(&app, reply.location()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Terima kasih!"));
    assert!(!html.contains("data-testid=\"unit-ikm\""), "{html}");
    assert!(html.contains("belum menerbitkan"), "{html}");
    assert!(
        html.contains("data-testid=\"complaint\""),
        "low answers show the complaint channel"
    );
    let quarter =
        ikm_domain::Period::containing(ikm_domain::PeriodKind::Quarter, app::time::jakarta_today());
    let actor = app::accounts::Actor::command_line();
    app.store
        .set_published(
            unit_id(&app).await,
            &quarter.key(),
            true,
            chrono::Utc::now(),
            &actor,
        )
        .await
        .expect("publish");
    let (_, html) = get(&app, reply.location()).await;
    assert!(html.contains("data-testid=\"unit-ikm\""), "{html}");
    assert!(
        html.contains(&quarter.label(ikm_domain::Lang::Id)),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_answer_shows_the_form_again_with_its_error_and_the_other_answers_chosen() {
    let app = app().await;
    let count = responses(&app).await;
    let (id, token) = fresh_form(&app).await;
    let mut fields = with(
        answers_fields(GOOD),
        &[("id", &id), ("token", &token), ("comment", "catatan saya")],
    );
    fields.retain(|(k, _)| k != "waktu");
    let reply = post(&app, &format!("/s/{UNIT}"), &fields, DEVICE).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(responses(&app).await, count, "nothing stored");
    let html = &reply.body;
    let waktu = html.split("id=\"q-waktu\"").nth(1).expect("waktu question");
    let waktu = waktu.split("</fieldset>").next().unwrap_or_default();
    assert!(
        waktu.contains("Pilih salah satu jawaban."),
        "error beside the question"
    );
    let persyaratan = html.split("id=\"q-persyaratan\"").nth(1).expect("question");
    let persyaratan = persyaratan.split("</fieldset>").next().unwrap_or_default();
    assert!(!persyaratan.contains("field-error"));
    assert!(
        persyaratan.contains("value=\"4\" required checked"),
        "answer kept"
    );
    assert!(html.contains(">catatan saya</textarea>"), "comment kept");
    assert_eq!(
        crate::survey::hidden(html, "id"),
        id,
        "same form id: a resubmission is still one response"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_rendered_form_posted_twice_is_stored_once_and_other_answers_conflict() {
    let app = app().await;
    let count = responses(&app).await;
    let (id, token) = fresh_form(&app).await;
    let fields = with(answers_fields(GOOD), &[("id", &id), ("token", &token)]);
    for _ in 0..2 {
        let reply = post(&app, &format!("/s/{UNIT}"), &fields, DEVICE).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(responses(&app).await, count + 1);
    let other = with(answers_fields([1; 9]), &[("id", &id), ("token", &token)]);
    let reply = post(&app, &format!("/s/{UNIT}"), &other, DEVICE).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.body.contains("sudah terkirim"), "{}", reply.body);
    assert_eq!(responses(&app).await, count + 1);
    let stored = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("kept");
    assert_eq!(
        stored.response.answers,
        answers_of(GOOD),
        "the first answers are kept"
    );
}

async fn assert_flagged(
    app: &TestApp,
    id: &str,
    flag: Flag,
    valid_before: &Tally,
    flagged_before: &Tally,
) {
    let stored = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.flag, Some(flag));
    assert_eq!(
        &tally(app, Counted::Valid).await,
        valid_before,
        "left out of the IKM"
    );
    let mut flagged = flagged_before.clone();
    flagged.record(&stored.response.answers);
    assert_eq!(
        tally(app, Counted::Flagged).await,
        flagged,
        "counted among the flagged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filled_honeypot_is_stored_flagged_and_left_out() {
    let app = app().await;
    let (valid, flagged) = (
        tally(&app, Counted::Valid).await,
        tally(&app, Counted::Flagged).await,
    );
    let (id, token) = fresh_form(&app).await;
    let fields = with(
        answers_fields(GOOD),
        &[("id", &id), ("token", &token), ("website", "http://spam")],
    );
    let reply = post(&app, &format!("/s/{UNIT}"), &fields, DEVICE).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "a robot is thanked like anyone"
    );
    assert_flagged(&app, &id, Flag::Honeypot, &valid, &flagged).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_sent_faster_than_anyone_can_read_is_stored_flagged() {
    let app = app().await;
    let (valid, flagged) = (
        tally(&app, Counted::Valid).await,
        tally(&app, Counted::Flagged).await,
    );
    let (status, html) = get(&app, &format!("/s/{UNIT}")).await;
    assert_eq!(status, StatusCode::OK);
    let (id, token) = (hidden(&html, "id"), hidden(&html, "token"));
    let fields = with(answers_fields(GOOD), &[("id", &id), ("token", &token)]);
    let reply = post(&app, &format!("/s/{UNIT}"), &fields, DEVICE).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_flagged(&app, &id, Flag::TooFast, &valid, &flagged).await;

    // A forged or missing token proves no reading time either.
    let (id, _) = fresh_form(&app).await;
    let fields = with(answers_fields(GOOD), &[("id", &id), ("token", "1.forged")]);
    post(&app, &format!("/s/{UNIT}"), &fields, DEVICE).await;
    let stored = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.flag, Some(Flag::TooFast));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_submitting_again_and_again_is_flagged_after_three_an_hour() {
    let app = app().await;
    let device = "ikm_device=busy-phone";
    let mut last = String::new();
    let mut valid = Tally::default();
    let mut flagged = Tally::default();
    for i in 0..4 {
        if i == 3 {
            valid = tally(&app, Counted::Valid).await;
            flagged = tally(&app, Counted::Flagged).await;
        }
        let (id, token) = fresh_form(&app).await;
        let fields = with(answers_fields(GOOD), &[("id", &id), ("token", &token)]);
        let reply = post(&app, &format!("/s/{UNIT}"), &fields, device).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let stored = app
            .store
            .response(id.parse().expect("uuid"))
            .await
            .expect("store")
            .expect("stored");
        if i < 3 {
            assert_eq!(
                stored.response.flag,
                None,
                "submission {} is allowed",
                i + 1
            );
        }
        last = id;
    }
    assert_flagged(&app, &last, Flag::RateLimit, &valid, &flagged).await;

    // Another device at the same unit is not affected.
    let (id, token) = fresh_form(&app).await;
    let fields = with(answers_fields(GOOD), &[("id", &id), ("token", &token)]);
    post(
        &app,
        &format!("/s/{UNIT}"),
        &fields,
        "ikm_device=another-phone",
    )
    .await;
    let stored = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.flag, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_posts_get_a_clear_4xx_and_store_nothing() {
    let app = app().await;
    let count = responses(&app).await;
    let (id, token) = fresh_form(&app).await;
    let base = with(answers_fields(GOOD), &[("id", &id), ("token", &token)]);
    let path = format!("/s/{UNIT}");

    let score_5 = with(base.clone(), &[("biaya", "5")]);
    let reply = post(&app, &path, &score_5, DEVICE).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Pilihan ini tidak valid"),
        "{}",
        reply.body
    );

    let reply = post(&app, "/s/9999-tidak-ada", &base, DEVICE).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("tidak ditemukan"));

    let missing = base
        .iter()
        .filter(|(k, _)| k != "sarana")
        .cloned()
        .collect::<Vec<_>>();
    let reply = post(&app, &path, &missing, DEVICE).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Pilih salah satu jawaban."));

    let long = "x".repeat(2001);
    let reply = post(
        &app,
        &path,
        &with(base.clone(), &[("comment", &long)]),
        DEVICE,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("paling banyak 2.000 karakter"));

    let reply = post(
        &app,
        &path,
        &with(base.clone(), &[("id", "not-a-uuid")]),
        DEVICE,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Formulir ini sudah tidak berlaku"),
        "{}",
        reply.body
    );
    assert_ne!(hidden(&reply.body, "id"), "not-a-uuid", "a fresh form id");

    let huge = "x".repeat(100 * 1024);
    let reply = post(
        &app,
        &path,
        &with(base.clone(), &[("comment", &huge)]),
        DEVICE,
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);

    assert_eq!(
        responses(&app).await,
        count,
        "nothing stored by any of them"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kiosk_asks_no_profile_and_its_thanks_page_returns_to_the_form() {
    let app = app().await;
    let (status, html) = get(&app, &format!("/k/{UNIT}?loket=kiosk-2")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("class=\"survey kiosk\""));
    assert!(
        !html.contains("name=\"gender\""),
        "no profile questions on the kiosk"
    );
    let secret = app.store.secret().await.expect("secret");
    let id = hidden(&html, "id");
    let token = sign_form(&secret, &id, Utc::now() - Duration::seconds(30));
    let fields = with(
        answers_fields([4; 9]),
        &[("id", &id), ("token", &token), ("counter", "kiosk-2")],
    );
    let reply = post(
        &app,
        &format!("/k/{UNIT}"),
        &fields,
        "ikm_device=kiosk-tablet",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.location(),
        format!("/k/{UNIT}/terima-kasih?r={id}&loket=kiosk-2")
    );
    let stored = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.channel.key(), "kiosk");
    assert_eq!(stored.response.counter_tag, "kiosk-2");
    assert!(stored.straight_line, "straight-lining is recorded");
    assert_eq!(stored.response.flag, None, "straight-lining is not flagged");
    let (_, thanks) = get(&app, reply.location()).await;
    // Back to the form for the next citizen, through the language switch: whatever the last
    // citizen chose, the next one starts in Bahasa Indonesia.
    let back = format!("/bahasa/id?next=/k/{UNIT}%3Floket%3Dkiosk-2");
    assert!(thanks.contains(&format!("url={back}")), "{thanks}");
    let reset = send(
        &app,
        Request::get(&back)
            .header(header::COOKIE, "ikm_lang=en")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(reset.location(), format!("/k/{UNIT}?loket=kiosk-2"));
    let cookie = reset
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok());
    assert!(
        cookie.is_some_and(|c| c.starts_with("ikm_lang=id;")),
        "{cookie:?}"
    );
    assert!(
        !thanks.contains("data-testid=\"complaint\""),
        "no complaint box after good answers"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_is_remembered_and_the_form_speaks_english() {
    let app = app().await;
    let reply = send(
        &app,
        Request::get(format!("/bahasa/en?next=/s/{UNIT}"))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), format!("/s/{UNIT}"));
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(cookie.starts_with("ikm_lang=en"), "{cookie}");
    let reply = send(
        &app,
        Request::get(format!("/s/{UNIT}"))
            .header(header::COOKIE, "ikm_lang=en")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(reply.body.contains("<html lang=\"en\""));
    assert!(reply.body.contains("How quickly were you served?"));
    assert!(reply.body.contains("Send answers"));
    let evil = send(
        &app,
        Request::get("/bahasa/en?next=//evil.example")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(evil.location(), "/", "no open redirect");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_poster_holds_a_qr_code_and_the_short_link() {
    let app = app().await;
    let reply = send(
        &app,
        Request::get(format!("/s/{UNIT}/poster"))
            .header(header::HOST, "ikm.lampungprov.example")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("<svg"), "QR code as SVG");
    // The link as a person reads it, and the unit code in one unbreakable piece.
    let link = reply
        .body
        .split("data-testid=\"poster-link\">")
        .nth(1)
        .and_then(|rest| rest.split("</strong>").next())
        .expect("the poster's link");
    let mut text = String::new();
    let mut in_tag = false;
    for c in link.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    assert_eq!(text, format!("http://ikm.lampungprov.example/s/{UNIT}"));
    assert!(
        link.contains(&format!("<span class=\"nowrap\">{UNIT}</span>")),
        "{link}"
    );
    let (status, _) = get(&app, "/s/9999-tidak-ada/poster").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_unit_link_is_a_friendly_404() {
    let app = app().await;
    for path in ["/s/9999-tidak-ada", "/k/9999-tidak-ada"] {
        let (status, html) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Halaman tidak ditemukan"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivated_unit_takes_no_answers_and_keeps_its_history() {
    let app = app().await;
    let count = responses(&app).await;
    let (id, token) = fresh_form(&app).await;
    let history = tally(&app, Counted::Valid).await;
    app.store
        .set_unit_active(UNIT, false)
        .await
        .expect("deactivate");
    let (status, html) = get(&app, &format!("/s/{UNIT}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Halaman tidak ditemukan"));
    let fields = with(answers_fields(GOOD), &[("id", &id), ("token", &token)]);
    let reply = post(&app, &format!("/s/{UNIT}"), &fields, DEVICE).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(responses(&app).await, count, "nothing stored");
    assert_eq!(tally(&app, Counted::Valid).await, history, "history kept");
    assert!(
        app.store
            .set_unit_active("9999-tidak-ada", false)
            .await
            .is_err(),
        "an unknown code is an error"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_survey_page_weighs_under_100_kb_compressed_before_any_wasm() {
    use std::io::Write;
    let app = app().await;
    let (_, html) = get(&app, &format!("/s/{UNIT}")).await;
    let css = std::fs::read(crate::support::repo_root().join("style/main.css")).expect("css");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(html.as_bytes()).expect("gzip");
    gz.write_all(&css).expect("gzip");
    // The offline queue and the worker's registration load with the page, before the WASM.
    for script in ["queue.js", "pwa.js"] {
        assert!(
            html.contains(&format!("src=\"/{script}\"")),
            "{script} loads"
        );
        let js =
            std::fs::read(crate::support::repo_root().join("public").join(script)).expect("js");
        gz.write_all(&js).expect("gzip");
    }
    let compressed = gz.finish().expect("gzip").len();
    assert!(
        compressed < 100 * 1024,
        "survey page HTML + CSS + offline scripts is {compressed} bytes gzipped"
    );
}

/// The language switch returns to the same page with its query (a kiosk's counter, a survey's
/// service): the link keeps the `?` between the path and the query.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_keeps_the_pages_query() {
    let app = app().await;
    let (_, html) = get(&app, &format!("/k/{UNIT}?loket=kiosk-1")).await;
    assert!(
        html.contains(&format!(
            "href=\"/bahasa/en?next=/k/{UNIT}%3Floket%3Dkiosk-1\""
        )),
        "{html}"
    );
    let (_, plain) = get(&app, &format!("/s/{UNIT}")).await;
    assert!(plain.contains(&format!("href=\"/bahasa/en?next=/s/{UNIT}\"")));
}
