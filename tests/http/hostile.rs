//! Hostile input through the whole router: survey posts with any fields, values and bytes, and
//! JSON API requests with any codes and queries. Nothing gets a 5xx; every refusal says what is
//! wrong (the form again with its problems, or JSON with a message); a post stores one response or
//! none, and only when it is answered as stored; the tallies equal the rows afterwards.
//! Cases per property: `PROPTEST_CASES` (48 by default; the dedicated run, `scripts/proptest.sh`,
//! uses 10 000).

use crate::survey::{answers_fields, unit_id};
use crate::{app, form_body, send, Reply, TestApp};
use app::survey::field;
use app::survey::server::sign_form;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use ikm_domain::Unsur;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use uuid::Uuid;

const UNIT: &str = "1871-disdukcapil";

pub(crate) fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(48);
    TestRunner::new(Config {
        cases,
        // Shrinking re-sends requests; a few hundred steps find the small case without taking minutes.
        max_shrink_iters: 300,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Runs an async property on the test's runtime (the router and its writer task live there).
pub(crate) fn check<S, F, Fut>(runner: &mut TestRunner, strategy: S, test: F)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
    F: Fn(S::Value) -> Fut,
    Fut: std::future::Future<Output = Result<(), TestCaseError>>,
{
    let handle = tokio::runtime::Handle::current();
    let result =
        tokio::task::block_in_place(|| runner.run(&strategy, |value| handle.block_on(test(value))));
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

/// Every field name the survey reads, and some it does not.
fn name() -> impl Strategy<Value = String> {
    let mut known: Vec<String> = Unsur::ALL.iter().map(|u| u.key().to_string()).collect();
    known.extend(
        [
            field::ID,
            field::FORM,
            field::ANSWERED_AT,
            field::TOKEN,
            field::SERVICE,
            field::COUNTER,
            field::CHANNEL,
            field::GENDER,
            field::AGE,
            field::EDUCATION,
            field::OCCUPATION,
            field::COMMENT,
            field::LANG,
            field::HONEYPOT,
        ]
        .map(String::from),
    );
    prop_oneof![4 => prop::sample::select(known), 1 => "\\PC{0,12}"]
}

/// What a robot, a broken phone or an attacker puts in a field.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u8..=5).prop_map(|s| s.to_string()),
        "-?[0-9]{1,25}",
        "\\PC{0,40}",
        "[\\x00-\\x1f\\x7f]{1,6}",
        "[=+@\\-][A-Z]{1,8}\\([^)]{0,20}\\)",
        Just("<script>alert(1)</script>".to_string()),
        Just("\"><img src=x onerror=alert(1)>".to_string()),
        Just("x".repeat(2_500)),
        Just("9999-12-31T23:59:59Z".to_string()),
        Just("0000-01-01T00:00:00+14:00".to_string()),
        Just("2026-02-30T10:00:00+07:00".to_string()),
        Just("1969-12-31T23:59:59-12:00".to_string()),
        Just(Uuid::nil().to_string()),
        any::<u128>().prop_map(|n| Uuid::from_u128(n).to_string()),
        Just("en".to_string()),
        Just("kiosk".to_string()),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    /// Replace (or add) the field's value.
    Set(String, String),
    /// Leave the field out.
    Remove(String),
    /// Send the name once more (the handler reads the first).
    Repeat(String, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (name(), value()).prop_map(|(n, v)| Edit::Set(n, v)),
        1 => name().prop_map(Edit::Remove),
        1 => (name(), value()).prop_map(|(n, v)| Edit::Repeat(n, v)),
    ]
}

/// One post: a valid answer changed by some edits (or replaced by raw bytes), sent as a form or
/// as the offline queue sends it, to the QR page, the kiosk or a unit that is not there.
#[derive(Debug, Clone)]
struct Post {
    scores: [u8; 9],
    edits: Vec<Edit>,
    raw: Option<Vec<u8>>,
    kiosk: bool,
    queue: bool,
    unit: Option<String>,
}

fn post() -> impl Strategy<Value = Post> {
    (
        prop::array::uniform9(1u8..=4),
        prop::collection::vec(edit(), 0..6),
        prop::option::weighted(0.1, prop::collection::vec(any::<u8>(), 0..600)),
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.1, "[a-z0-9.\\-]{1,20}"),
    )
        .prop_map(|(scores, edits, raw, kiosk, queue, unit)| Post {
            scores,
            edits,
            raw,
            kiosk,
            queue,
            unit,
        })
}

fn body_of(post: &Post, secret: &str) -> Vec<u8> {
    if let Some(raw) = &post.raw {
        return raw.clone();
    }
    let id = Uuid::new_v4().to_string();
    let token = sign_form(secret, &id, Utc::now() - Duration::seconds(60));
    let mut fields = answers_fields(post.scores);
    fields.push((field::ID.into(), id));
    fields.push((field::TOKEN.into(), token));
    for edit in &post.edits {
        match edit {
            Edit::Set(name, value) => {
                fields.retain(|(n, _)| n != name);
                fields.push((name.clone(), value.clone()));
            }
            Edit::Remove(name) => fields.retain(|(n, _)| n != name),
            Edit::Repeat(name, value) => fields.push((name.clone(), value.clone())),
        }
    }
    form_body(&fields).into_bytes()
}

async fn stored(app: &TestApp) -> u64 {
    app.store.counts().await.expect("counts").responses
}

async fn send_post(app: &TestApp, post: &Post, secret: &str) -> Reply {
    let unit = post.unit.as_deref().unwrap_or(UNIT);
    let path = format!("/{}/{unit}", if post.kiosk { "k" } else { "s" });
    let mut request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, "ikm_device=hostile-phone");
    if post.queue {
        request = request.header(header::ACCEPT, "application/json");
    }
    let request = request
        .body(Body::from(body_of(post, secret)))
        .expect("request");
    send(app, request).await
}

/// A refusal a person (or the offline queue) can act on.
fn says_what_is_wrong(reply: &Reply) -> Result<(), TestCaseError> {
    let json = reply
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if json {
        let body: serde_json::Value = serde_json::from_str(&reply.body)
            .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): {}", reply.body)))?;
        let message = body["message"].as_str().unwrap_or_default();
        prop_assert!(!message.is_empty(), "no message: {}", reply.body);
    } else if reply.status == StatusCode::UNPROCESSABLE_ENTITY {
        prop_assert!(
            reply.body.contains("role=\"alert\""),
            "the form again without saying what is wrong: {}",
            reply.body
        );
    } else {
        prop_assert!(
            !reply.body.trim().is_empty(),
            "{} with no text",
            reply.status
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_survey_post_is_stored_once_or_refused_with_a_reason_never_a_5xx() {
    let app = app().await;
    let secret = app.store.secret().await.expect("secret");
    let (app, secret) = (&app, secret.as_str());
    // Both outcomes must be exercised, or the property says nothing.
    let outcomes = std::sync::Mutex::new((0u32, 0u32));
    let outcomes = &outcomes;
    let mut runner = runner();
    check(&mut runner, post(), |post| async move {
        let before = stored(app).await;
        let reply = send_post(app, &post, secret).await;
        let after = stored(app).await;
        prop_assert!(
            !reply.status.is_server_error(),
            "{}: {}",
            reply.status,
            reply.body
        );
        let thanked = reply.status.is_success() || reply.status.is_redirection();
        if let Ok(mut seen) = outcomes.lock() {
            if after > before {
                seen.0 += 1;
            } else if !thanked {
                seen.1 += 1;
            }
        }
        if thanked {
            prop_assert!(after - before <= 1, "{} stored by one post", after - before);
        } else {
            prop_assert_eq!(after, before, "refused ({}) but stored", reply.status);
            prop_assert!(reply.status.is_client_error(), "{}", reply.status);
            says_what_is_wrong(&reply)?;
        }
        Ok(())
    });
    let (stored, refused) = *outcomes.lock().expect("counts");
    assert!(
        stored > 0 && refused > 0,
        "{stored} stored and {refused} refused: the cases miss one outcome"
    );
    crate::support::assert_tallies_equal_rows(app.store.as_ref(), unit_id(app).await).await;
}

/// A path segment: real codes, other text, traversal, broken percent-escapes, very long.
fn code() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["18", "18.71", "18.01", UNIT, "1871-dpmptsp"])
            .prop_map(String::from),
        "\\PC{1,30}".prop_map(|c| app::i18n::encode_query(&c)),
        Just("..".to_string()),
        Just("%2E%2E%2F%2E%2E%2Fetc".to_string()),
        "(%[0-9A-Fa-f]{2}){1,8}",
        Just("%".to_string()),
        Just("x".repeat(5_000)),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(vec!["period", "region", "unit"]).prop_map(String::from),
        "\\PC{1,8}",
    ];
    let value = prop_oneof![
        prop::sample::select(vec![
            "2026", "2026-T3", "2026-S2", "2026-05", "2026-13", "18.71"
        ])
        .prop_map(String::from),
        "[0-9T\\-S]{0,10}",
        "\\PC{0,30}",
    ];
    prop::collection::vec((key, value), 0..4).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    app::i18n::encode_query(k),
                    app::i18n::encode_query(v)
                )
            })
            .collect::<Vec<_>>()
            .join("&")
    })
}

fn api_request() -> impl Strategy<Value = String> {
    let route = prop::sample::select(vec![
        "/api/v1/regions",
        "/api/v1/regions.csv",
        "/api/v1/units",
        "/api/v1/units.csv",
        "/api/v1/services",
        "/api/v1/services.csv",
        "/api/v1/units/{}/ikm",
        "/api/v1/units/{}/ikm.csv",
        "/api/v1/regions/{}/ikm",
        "/api/v1/regions/{}/ikm.csv",
    ]);
    (route, code(), query(), "(%[0-9A-Fa-f]{2}|[a-z=&]){0,12}").prop_map(
        |(route, code, query, raw)| {
            let path = route.replace("{}", &code);
            match (query.is_empty(), raw.is_empty()) {
                (true, true) => path,
                (false, _) => format!("{path}?{query}"),
                (true, false) => format!("{path}?{raw}"),
            }
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_api_request_is_answered_in_its_format_or_refused_in_json_never_a_5xx() {
    let app = app().await;
    let app = &app;
    let mut runner = runner();
    check(&mut runner, api_request(), |uri| async move {
        let Ok(request) = Request::get(uri.as_str()).body(Body::empty()) else {
            return Err(TestCaseError::reject("not a URI"));
        };
        let reply = send(app, request).await;
        prop_assert!(
            !reply.status.is_server_error(),
            "{uri}: {} {}",
            reply.status,
            reply.body
        );
        let path = uri.split('?').next().unwrap_or_default();
        if reply.status.is_client_error() {
            let body: serde_json::Value = serde_json::from_str(&reply.body).map_err(|e| {
                TestCaseError::fail(format!(
                    "{uri}: a refusal not in JSON ({e}): {}",
                    reply.body
                ))
            })?;
            let error = body["error"].as_str().unwrap_or_default();
            prop_assert!(!error.is_empty(), "{uri}: no message: {}", reply.body);
        } else if path.ends_with(".csv") {
            prop_assert_eq!(reply.status, StatusCode::OK);
            let mut csv = csv::Reader::from_reader(reply.bytes.as_slice());
            for record in csv.records() {
                prop_assert!(record.is_ok(), "{uri}: {:?}", record);
            }
        } else {
            prop_assert_eq!(reply.status, StatusCode::OK);
            let parsed = serde_json::from_str::<serde_json::Value>(&reply.body);
            prop_assert!(parsed.is_ok(), "{uri}: not JSON: {}", reply.body);
        }
        Ok(())
    });
}
