//! The citizen survey over HTTP: storing, re-showing invalid forms, idempotency, abuse flags,
//! kiosk, language, poster, page weight, and tallies that always equal the raw responses.

use crate::{app, form_body, get, send, Reply, TestApp};
use app::store::Counted;
use app::survey::server::sign_form;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use ikm_domain::submission::Flag;
use ikm_domain::{Answers, Score, Tally, Unsur};

const UNIT: &str = "1871-disdukcapil";
const DEVICE: &str = "ikm_device=test-device-1";

/// `day` or the weekday before it: the demo's offices are closed at weekends, so a one-day period
/// on a Saturday holds no answers.
fn weekday_before(mut day: NaiveDate) -> NaiveDate {
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day -= Duration::days(1);
    }
    day
}

fn ever() -> (NaiveDate, NaiveDate) {
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

    // The thank-you page: thanks, this year's IKM, and (two low answers) where to complain.
    let (status, html) = get(&app, reply.location()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Terima kasih!"));
    assert!(html.contains("data-testid=\"unit-ikm\""), "{html}");
    assert!(
        html.contains("data-testid=\"complaint\""),
        "low answers show the complaint channel"
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
    assert!(
        thanks.contains(&format!("url=/k/{UNIT}?loket=kiosk-2")),
        "{thanks}"
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
    assert!(reply
        .body
        .contains(&format!("http://ikm.lampungprov.example/s/{UNIT}")));
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tallies_equal_the_raw_responses_for_every_demo_unit_and_the_demo_looks_real() {
    let app = app().await;
    let (from, to) = ever();
    let mut flagged_total = 0;
    let mut short = 0;
    for (unit, _) in ikm::seed::demo::units() {
        let id = app
            .store
            .unit(&unit.code)
            .await
            .expect("store")
            .expect("unit")
            .id;
        for counted in [Counted::Valid, Counted::Flagged] {
            let from_tallies = app
                .store
                .unit_tally(id, from, to, counted)
                .await
                .expect("tally");
            let from_rows = app
                .store
                .unit_tally_from_responses(id, from, to, counted)
                .await
                .expect("raw");
            assert_eq!(from_tallies, from_rows, "{} {:?}", unit.code, counted);
            if counted == Counted::Flagged {
                flagged_total += from_tallies.respondents();
            } else {
                let required =
                    ikm_domain::sample::minimum_sample(unit.population_per_year.unwrap_or(0));
                if from_tallies.respondents() < required {
                    short += 1;
                }
            }
        }
    }
    assert!(flagged_total > 0, "some flagged responses");
    assert!(
        short > 0 && short < 40,
        "a few units short of their minimum: {short}"
    );
}

/// Dashboards read whole months from the monthly roll-up and the other days from the daily rows
/// (`storage/shared.rs`, `split_months`): over periods that start and end mid-month, whole ones,
/// one day, and for a unit and a region's units, the sums equal the raw responses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_monthly_roll_up_and_the_daily_rows_give_the_raw_responses_over_any_period() {
    let app = app().await;
    let today = app::time::jakarta_today();
    let day = weekday_before(today - Duration::days(9));
    let periods = [
        (today - Duration::days(200), today - Duration::days(17)),
        (today - Duration::days(45), today),
        (day, day),
        (today - Duration::days(400), today + Duration::days(30)),
        ever(),
    ];
    let unit = unit_id(&app).await;
    let mut seen = 0;
    for (from, to) in periods {
        for counted in [Counted::Valid, Counted::Flagged] {
            let tally = app
                .store
                .unit_tally(unit, from, to, counted)
                .await
                .expect("tally");
            let raw = app
                .store
                .unit_tally_from_responses(unit, from, to, counted)
                .await
                .expect("raw");
            assert_eq!(tally, raw, "{from}..={to} {counted:?}");
            seen += tally.respondents();
        }
        let region = app
            .store
            .unit_tallies("18", from, to, Counted::Valid)
            .await
            .expect("region");
        assert!(
            !region.is_empty(),
            "Lampung's units answered in {from}..={to}"
        );
        for (id, tally) in region {
            let raw = app
                .store
                .unit_tally_from_responses(id, from, to, Counted::Valid)
                .await
                .expect("raw");
            assert_eq!(tally, raw, "unit {id} in {from}..={to}");
        }
    }
    assert!(seen > 0, "the periods hold answers");
}

/// The dashboard's breakdowns read whole months from the cell roll-up (`month_cells`) and the days
/// of partial months from the daily rows and the responses: over periods that start and end
/// mid-month, whole ones and one day, every dimension's cells equal the valid responses counted
/// one by one (service by name, the age by its group, "" where a profile answer is missing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_breakdowns_equal_the_raw_responses_over_any_period() {
    use app::dashboard::Dimension;
    use ikm_domain::profile::age_group;
    use std::collections::BTreeMap;

    let app = app().await;
    let detail = app.store.unit(UNIT).await.expect("store").expect("unit");
    let names: BTreeMap<i64, String> = detail
        .services
        .iter()
        .map(|s| (s.id, s.name.clone()))
        .collect();
    let today = app::time::jakarta_today();
    let periods = [
        (today - Duration::days(200), today - Duration::days(17)),
        (today - Duration::days(45), today),
        (
            weekday_before(today - Duration::days(9)),
            weekday_before(today - Duration::days(9)),
        ),
        (today - Duration::days(400), today + Duration::days(30)),
        ever(),
    ];
    let mut checked = 0;
    for (from, to) in periods {
        let mut raw: BTreeMap<(Dimension, String), Tally> = BTreeMap::new();
        let mut after = None;
        loop {
            let page = app
                .store
                .responses_page(detail.id, from, to, after.as_ref(), 500)
                .await
                .expect("page");
            for r in &page {
                let p = &r.profile;
                let cells = [
                    (
                        Dimension::Service,
                        r.service_id
                            .and_then(|id| names.get(&id).cloned())
                            .unwrap_or_default(),
                    ),
                    (Dimension::Counter, r.counter_tag.clone()),
                    (Dimension::Channel, r.channel.key().to_string()),
                    (
                        Dimension::Gender,
                        p.gender.map(|g| g.key().to_string()).unwrap_or_default(),
                    ),
                    (
                        Dimension::AgeGroup,
                        p.age.map(|a| age_group(a).to_string()).unwrap_or_default(),
                    ),
                    (
                        Dimension::Education,
                        p.education.clone().unwrap_or_default(),
                    ),
                    (
                        Dimension::Occupation,
                        p.occupation.clone().unwrap_or_default(),
                    ),
                ];
                for cell in cells {
                    raw.entry(cell).or_default().record(&r.answers);
                }
            }
            match page.last() {
                Some(last) if page.len() == 500 => after = Some(last.clone()),
                _ => break,
            }
        }
        let breakdowns = app
            .store
            .breakdowns(detail.id, from, to)
            .await
            .expect("breakdowns");
        assert_eq!(
            breakdowns.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
            Dimension::ALL.to_vec(),
            "every dimension, in order"
        );
        let mut read: BTreeMap<(Dimension, String), Tally> = BTreeMap::new();
        for (dimension, cells) in breakdowns {
            for (label, tally) in cells {
                assert!(
                    read.insert((dimension, label.clone()), tally).is_none(),
                    "{from}..={to}: {dimension:?} cell {label:?} listed once"
                );
            }
        }
        assert_eq!(read, raw, "{from}..={to}");
        checked += raw.len();
    }
    assert!(checked > 50, "the periods hold many cells: {checked}");
}

/// Migration 0010 copies the three roll-ups into WITHOUT ROWID tables (SQLite) and drops an index
/// the others cover (both engines). The copies, run again on the demo, keep every row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migration_0010_keeps_every_roll_up_row_and_drops_the_redundant_index() {
    let app = app().await;
    if app.db.url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&app.db.url)
            .await
            .expect("sqlite");
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'responses_unit_received'",
        )
        .fetch_one(&pool)
        .await
        .expect("index");
        assert_eq!(left, 0, "responses_unit_received is dropped");
        // Run the migration's copies again on the demo's roll-ups (already in their new form):
        // every row must come through each copy unchanged.
        let migration = std::fs::read_to_string(format!(
            "{}/../migrations/sqlite/0010_keyed_rollups.sql",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("migration 0010");
        let copies = &migration[..migration
            .find("DROP INDEX responses_unit_received;")
            .expect("the index drop")];
        let tables = ["tallies", "month_tallies", "month_cells"];
        for table in tables {
            sqlx::raw_sql(&format!(
                "CREATE TABLE kept_{table} AS SELECT * FROM {table}"
            ))
            .execute(&pool)
            .await
            .expect("keep");
        }
        sqlx::raw_sql(copies).execute(&pool).await.expect("copies");
        for table in tables {
            let (rows, lost, added): (i64, i64, i64) = sqlx::query_as(&format!(
                "SELECT (SELECT COUNT(*) FROM {table}), \
                 (SELECT COUNT(*) FROM (SELECT * FROM kept_{table} EXCEPT SELECT * FROM {table})), \
                 (SELECT COUNT(*) FROM (SELECT * FROM {table} EXCEPT SELECT * FROM kept_{table}))"
            ))
            .fetch_one(&pool)
            .await
            .expect("compare");
            assert!(rows > 10, "the demo fills {table}: {rows} rows");
            assert_eq!((lost, added), (0, 0), "{table}: rows differ after the copy");
        }
    } else {
        let pool = sqlx::PgPool::connect(&app.db.url).await.expect("postgres");
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'responses_unit_received'",
        )
        .fetch_one(&pool)
        .await
        .expect("index");
        assert_eq!(left, 0, "responses_unit_received is dropped");
    }
}

/// One number (`BIGINT`) or text from the test's database, on either engine.
async fn db_value<T>(app: &TestApp, sql: &str) -> T
where
    T: Send + Unpin,
    for<'r> T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    for<'r> T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    if app.db.url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&app.db.url)
            .await
            .expect("sqlite");
        sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql)
    } else {
        let pool = sqlx::PgPool::connect(&app.db.url).await.expect("postgres");
        sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql)
    }
}

/// Runs statements on the test's database (a connection of its own).
async fn db_exec(app: &TestApp, sql: &str) {
    if app.db.url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&app.db.url)
            .await
            .expect("sqlite");
        sqlx::raw_sql(sql).execute(&pool).await.expect(sql);
    } else {
        let pool = sqlx::PgPool::connect(&app.db.url).await.expect("postgres");
        sqlx::raw_sql(sql).execute(&pool).await.expect(sql);
    }
}

/// Asserts that the kept `month_cells` are exactly what migration 0009's SQL backfill makes of the
/// responses (every month must be built), and that the demo makes many.
async fn assert_cells_equal_backfill(app: &TestApp) {
    let engine = if app.db.url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    let migration = std::fs::read_to_string(format!(
        "{}/../migrations/{engine}/0009_month_cells.sql",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("migration 0009");
    let start = migration
        .find("CREATE TEMPORARY TABLE cell_backfill")
        .expect("the backfill's start");
    let end = migration
        .find("DROP TABLE cell_backfill;")
        .expect("the backfill's end");
    let script = format!(
        "CREATE TABLE kept AS SELECT * FROM month_cells; DELETE FROM month_cells; {} \
         DROP TABLE cell_backfill;",
        &migration[start..end]
    );
    db_exec(app, &script).await;
    let rows: i64 = db_value(app, "SELECT COUNT(*) FROM month_cells").await;
    let lost: i64 = db_value(
        app,
        "SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM month_cells) AS a",
    )
    .await;
    let added: i64 = db_value(
        app,
        "SELECT COUNT(*) FROM (SELECT * FROM month_cells EXCEPT SELECT * FROM kept) AS b",
    )
    .await;
    assert!(rows > 100, "the demo fills many cells: {rows}");
    assert_eq!(
        (lost, added),
        (0, 0),
        "kept cells (lost) and backfilled ones (added) differ"
    );
}

/// A month's breakdown cells are built once the month is over (migration 0011): until then the
/// writer leaves them alone and the breakdowns read the month from the responses; once built, the
/// writer adds a late answer for that month to its cells. The breakdowns count every answer either
/// way, and building a month twice changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_months_cells_are_built_once_it_closes_and_late_answers_still_count() {
    use app::dashboard::Dimension;
    let app = app().await;
    let unit = unit_id(&app).await;
    let today = app::time::jakarta_today();
    let first = today.with_day(1).expect("the month's first day");
    let month = today.format("%Y-%m").to_string();
    let built = || db_value::<String>(&app, "SELECT through FROM month_cells_built");
    // The month's respondents in its channel cells.
    let in_cells = format!(
        "SELECT CAST(COALESCE(SUM(respondents), 0) AS BIGINT) FROM month_cells \
         WHERE unit_id = {unit} AND month = '{month}' AND dimension = 'kanal'"
    );
    let cells = || db_value::<i64>(&app, &in_cells);
    // Respondents of the month in the breakdowns: each counts once in the channel dimension.
    let counted = || async {
        let breakdowns = app
            .store
            .breakdowns(unit, first, today)
            .await
            .expect("breakdowns");
        breakdowns
            .iter()
            .filter(|(d, _)| *d == Dimension::Channel)
            .flat_map(|(_, cells)| cells.iter().map(|(_, t)| t.respondents()))
            .sum::<u64>()
    };
    let answer = |values| crate::dashboard::response(unit, Utc::now(), values);

    assert!(built().await < month, "the current month is open");
    assert_eq!(cells().await, 0, "no cells for the open month");
    let before = counted().await;
    let stored = app
        .store
        .record_responses(&[answer([4, 4, 3, 3, 4, 4, 3, 3, 4])])
        .await
        .expect("stored");
    assert_eq!(stored, [app::store::RecordOutcome::Stored]);
    assert_eq!(counted().await, before + 1, "read from the responses");
    assert_eq!(
        cells().await,
        0,
        "the writer leaves the open month's cells alone"
    );

    assert_eq!(app.store.close_months(today).await.expect("close"), 1);
    assert_eq!(built().await, month);
    assert_eq!(
        cells().await,
        i64::try_from(before + 1).expect("small"),
        "built from the responses"
    );
    assert_eq!(counted().await, before + 1, "now read from the cells");

    app.store
        .record_responses(&[answer([1, 2, 2, 1, 2, 2, 1, 2, 2])])
        .await
        .expect("a late answer");
    assert_eq!(
        cells().await,
        i64::try_from(before + 2).expect("small"),
        "the writer adds it to the built month"
    );
    assert_eq!(counted().await, before + 2);
    assert_eq!(
        app.store.close_months(today).await.expect("again"),
        0,
        "built once"
    );
    assert_eq!(cells().await, i64::try_from(before + 2).expect("small"));
}

/// A month is built a few units at a time, each step in a transaction of its own (migration
/// 0012). Between steps the writer adds an answer of a unit already built to its cells and leaves
/// one of a unit not built yet to the build; the breakdowns count both all along; and once every
/// month is built the cells are exactly what the SQL backfill makes of the responses. (Built here:
/// the current month, so that the writer starts no build of its own in the background.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_is_built_unit_by_unit_and_answers_between_steps_count_once() {
    use app::dashboard::Dimension;
    use app::store::CellBuild;
    let app = app().await;
    let today = app::time::jakarta_today();
    let first = today.with_day(1).expect("the month's first day");
    let month = today.format("%Y-%m").to_string();
    let built = || db_value::<String>(&app, "SELECT through FROM month_cells_built");
    let built_before = built().await;
    assert!(built_before < month, "the current month is open");
    // The first and the last unit by id, each with an answer this month: a step of one unit's
    // worth builds the first.
    let low: i64 = db_value(&app, "SELECT MIN(id) FROM units").await;
    let high: i64 = db_value(&app, "SELECT MAX(id) FROM units").await;
    assert_ne!(low, high, "the demo has several units");
    let answer = |unit, values| crate::dashboard::response(unit, Utc::now(), values);
    app.store
        .record_responses(&[
            answer(low, [4, 4, 4, 4, 4, 4, 4, 4, 4]),
            answer(high, [3, 3, 3, 3, 3, 3, 3, 3, 3]),
        ])
        .await
        .expect("stored");
    let in_cells = |unit: i64| {
        format!(
            "SELECT CAST(COALESCE(SUM(respondents), 0) AS BIGINT) FROM month_cells \
             WHERE unit_id = {unit} AND month = '{month}' AND dimension = 'kanal'"
        )
    };
    let answered = |unit: i64| {
        format!(
            "SELECT COUNT(*) FROM responses WHERE unit_id = {unit} \
             AND day >= '{month}-01' AND flag IS NULL"
        )
    };
    let counted = |unit: i64| {
        let store = app.store.clone();
        async move {
            store
                .breakdowns(unit, first, today)
                .await
                .expect("breakdowns")
                .iter()
                .filter(|(d, _)| *d == Dimension::Channel)
                .flat_map(|(_, cells)| cells.iter().map(|(_, t)| t.respondents()))
                .sum::<u64>()
        }
    };
    let low_answers: i64 = db_value(&app, &answered(low)).await;
    let high_answers: i64 = db_value(&app, &answered(high)).await;
    assert_eq!(counted(low).await, low_answers as u64);
    assert_eq!(counted(high).await, high_answers as u64);

    let step = app.store.build_month_cells(today, 1).await.expect("a step");
    assert_eq!(step, CellBuild::Units(1));
    assert_eq!(
        built().await,
        built_before,
        "not marked built after one unit"
    );
    assert_eq!(db_value::<i64>(&app, &in_cells(low)).await, low_answers);
    assert_eq!(db_value::<i64>(&app, &in_cells(high)).await, 0);

    app.store
        .record_responses(&[
            answer(low, [4, 4, 3, 3, 4, 4, 3, 3, 4]),
            answer(high, [1, 2, 2, 1, 2, 2, 1, 2, 2]),
        ])
        .await
        .expect("more answers");
    assert_eq!(
        db_value::<i64>(&app, &in_cells(low)).await,
        low_answers + 1,
        "the writer adds a built unit's answer to its cells"
    );
    assert_eq!(
        db_value::<i64>(&app, &in_cells(high)).await,
        0,
        "and leaves a unit not built yet to its build"
    );
    assert_eq!(counted(low).await, low_answers as u64 + 1);
    assert_eq!(counted(high).await, high_answers as u64 + 1);

    assert_eq!(app.store.close_months(today).await.expect("close"), 1);
    assert_eq!(built().await, month);
    assert_eq!(
        db_value::<i64>(&app, "SELECT COUNT(*) FROM month_cells_units").await,
        0,
        "the units' list is emptied with the month's mark"
    );
    assert_eq!(
        db_value::<i64>(&app, &in_cells(high)).await,
        high_answers + 1
    );
    assert_eq!(counted(low).await, low_answers as u64 + 1);
    assert_eq!(counted(high).await, high_answers as u64 + 1);
    assert_cells_equal_backfill(&app).await;
}

/// Sets the cells back as if last month had just ended: its mark moved back, its cells dropped.
/// Returns today (Jakarta), last month's first day and its `YYYY-MM`.
async fn reopen_last_month(app: &TestApp) -> (NaiveDate, NaiveDate, String) {
    use chrono::Months;
    let today = app::time::jakarta_today();
    let ended = today.with_day(1).expect("the month's first day") - Months::new(1);
    let ended_key = ended.format("%Y-%m").to_string();
    let before = (ended - Months::new(1)).format("%Y-%m").to_string();
    db_exec(
        app,
        &format!(
            "UPDATE month_cells_built SET through = '{before}'; \
             DELETE FROM month_cells WHERE month = '{ended_key}'"
        ),
    )
    .await;
    (today, ended, ended_key)
}

/// When a month has ended, the writer's next batch starts its build in the background: the
/// month is marked built without anyone calling `close_months`, and its cells are complete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_writer_starts_building_a_month_that_has_ended() {
    let app = app().await;
    let unit = unit_id(&app).await;
    let (today, _, ended_key) = reopen_last_month(&app).await;
    app.store
        .record_responses(&[crate::dashboard::response(
            unit,
            Utc::now(),
            [4, 4, 3, 3, 4, 4, 3, 3, 4],
        )])
        .await
        .expect("stored");
    let mut through = String::new();
    for _ in 0..300 {
        through = db_value(&app, "SELECT through FROM month_cells_built").await;
        if through == ended_key {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(through, ended_key, "the ended month is built within 30 s");
    assert_eq!(app.store.close_months(today).await.expect("close"), 1);
    assert_cells_equal_backfill(&app).await;
}

/// Two app servers on one database (a second store opened on it): one builds an ended month step
/// by step while the other stores answers of that month and of the current one, and its own
/// writer starts a build of its own too. However the steps and the batches interleave, every
/// answer ends up in the cells exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_beside_a_second_servers_writer_counts_every_answer_once() {
    use app::store::CellBuild;
    use chrono::TimeZone;
    let app = app().await;
    let other = ikm::storage::open(&app.db.url)
        .await
        .expect("a second server's store");
    let (today, ended, ended_key) = reopen_last_month(&app).await;
    let ended_last = today.with_day(1).expect("first day") - Duration::days(1);
    let mut units = Vec::new();
    for unit in app
        .store
        .active_units()
        .await
        .expect("units")
        .iter()
        .take(12)
    {
        units.push(
            app.store
                .unit(&unit.code)
                .await
                .expect("unit")
                .expect("listed")
                .id,
        );
    }
    let late =
        Utc.from_utc_datetime(&ended.and_hms_opt(3, 0, 0).expect("time")) + Duration::days(9);
    let writer = tokio::spawn(async move {
        for round in 0..30 {
            let batch: Vec<_> = units
                .iter()
                .enumerate()
                .map(|(i, unit)| {
                    let at = if (round + i) % 2 == 0 {
                        late
                    } else {
                        Utc::now()
                    };
                    crate::dashboard::response(*unit, at, [4, 3, 4, 3, 4, 3, 4, 3, 4])
                })
                .collect();
            other.record_responses(&batch).await.expect("stored");
        }
        other
    });
    while let CellBuild::Units(_) = app
        .store
        .build_month_cells(ended_last, 1)
        .await
        .expect("a step")
    {
        tokio::task::yield_now().await;
    }
    let other = writer.await.expect("the second server's writer");
    drop(other);
    assert_eq!(
        db_value::<String>(&app, "SELECT through FROM month_cells_built").await,
        ended_key
    );
    app.store.close_months(today).await.expect("close");
    assert_cells_equal_backfill(&app).await;
}

/// Migration 0009 fills `month_cells` from the responses stored before it, in SQL; afterwards the
/// cells are kept in Rust: by the writer (`record_responses`) for months already built, and by
/// `close_months` when a month is over. On the demo (written by the writer, the current month then
/// built by `close_months`), the migration's backfill run again gives exactly the rows kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cell_backfill_of_migration_0009_equals_the_cells_the_writer_and_the_close_keep() {
    let app = app().await;
    let today = app::time::jakarta_today();
    let open: i64 = db_value(
        &app,
        "SELECT COUNT(*) FROM month_cells WHERE month > (SELECT through FROM month_cells_built)",
    )
    .await;
    assert_eq!(open, 0, "no cells of months not built yet");
    let closed = app.store.close_months(today).await.expect("close");
    assert!(closed >= 1, "the demo answers in the current month");
    assert_cells_equal_backfill(&app).await;
}
