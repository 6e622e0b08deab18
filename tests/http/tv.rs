//! The live screen (`/tv/{code}`): what it shows of a unit and of an MPP (the latest published
//! period, the current one only when the head chose it), the events that carry a new answer within
//! five seconds, one shared computation however many screens watch, and unknown places refused.

use crate::accounts::{post, request, sign_in, ADMIN, UNIT};
use crate::{get, TestApp};
use app::periods::latest_published;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Utc;
use futures::StreamExt;
use ikm_domain::{Lang, Period, PeriodKind};
use std::time::Duration;
use tower::ServiceExt;

const OWN_UNIT: &str = "1871-disdukcapil";
const HALL: &str = "mpp-kota-bandar-lampung";

/// An open event stream of a screen: its events' data, one by one.
struct Events {
    body: axum::body::BodyDataStream,
    buffer: String,
}

impl Events {
    async fn open(app: &TestApp, code: &str) -> Events {
        let response = app
            .router
            .clone()
            .oneshot(
                Request::get(format!("/tv/{code}/events"))
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("router answers");
        assert_eq!(response.status(), StatusCode::OK);
        let kind = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        Events {
            body: response.into_body().into_data_stream(),
            buffer: String::new(),
        }
    }

    /// The next event's data (keep-alive comments skipped), within `limit`.
    async fn next(&mut self, limit: Duration) -> serde_json::Value {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                let data: String = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(str::trim_start)
                    .collect();
                if !data.is_empty() {
                    return serde_json::from_str(&data).expect("the screen as JSON");
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next())
                .await
                .unwrap_or_else(|_| panic!("no event within {limit:?}"))
                .expect("the stream stays open")
                .expect("a chunk");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

/// The opening tag of the element carrying `marker`.
fn tag<'a>(page: &'a str, marker: &str) -> &'a str {
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} on the page"));
    let start = page[..at].rfind('<').unwrap_or(0);
    let end = at + page[at..].find('>').unwrap_or(0);
    &page[start..=end]
}

#[tokio::test]
async fn a_unit_screen_shows_its_latest_published_period_unless_its_head_chose_the_current_one() {
    let app = crate::app().await;
    let unit = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit");
    let published = app.store.published_periods(unit.id).await.expect("periods");
    let latest = latest_published(&published).expect("the demo unit published a period");
    let current = Period::containing(PeriodKind::Quarter, app::time::jakarta_today());
    assert_ne!(latest, current, "the current quarter is not published yet");

    let (status, page) = get(&app, &format!("/tv/{OWN_UNIT}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&unit.unit.name));
    assert!(page.contains("Responden hari ini"));
    assert!(page.contains(&latest.label(Lang::Id)), "{page}");
    assert!(!page.contains(&current.label(Lang::Id)));
    assert!(page.contains(&format!("data-events=\"/tv/{OWN_UNIT}/events\"")));
    assert!(page.contains("src=\"/tv.js\""));
    assert!(
        page.contains("<noscript><meta http-equiv=\"refresh\" content=\"30\""),
        "{page}"
    );
    assert!(page.contains("<svg"), "the survey's QR code");
    assert!(page.contains(&format!("/s/{OWN_UNIT}</p>")));

    // The unit head chooses to show the current period (audited); the screen follows.
    let head = sign_in(&app, UNIT).await;
    let reply = post(
        &app,
        &format!("/admin/unit/{OWN_UNIT}/tv"),
        Some(&head),
        &[("show_current", "1")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let (_, page) = get(&app, &format!("/tv/{OWN_UNIT}")).await;
    assert!(page.contains(&current.label(Lang::Id)), "{page}");
    // Another unit's head may not choose for it.
    let reply = post(
        &app,
        "/admin/unit/1872-disdukcapil/tv",
        Some(&head),
        &[("show_current", "1")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let admin = sign_in(&app, ADMIN).await;
    let log = request(
        &app,
        "GET",
        "/admin/audit?tindakan=tv_setting",
        Some(&admin),
        "",
        None,
    )
    .await;
    assert!(
        log.body.contains(&format!("unit:{OWN_UNIT}")),
        "{}",
        log.body
    );

    for path in ["/tv/tidak-ada", "/tv/tidak-ada/events"] {
        let (status, _) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn an_mpp_screen_shows_its_published_figure_or_the_current_period_as_its_manager_chooses() {
    let app = crate::app().await;
    // The demo's booths publish their past quarters: the screen shows the MPP's latest public
    // figure, the one the open API gives.
    let (status, api) = get(&app, &format!("/api/v1/mpp/{HALL}/ikm")).await;
    assert_eq!(status, StatusCode::OK, "{api}");
    let api: serde_json::Value = serde_json::from_str(&api).expect("json");
    let label = api["period"]["label"].as_str().expect("period").to_string();
    let converted = api["total"]["converted"].as_f64().expect("pooled IKM");
    let (status, page) = get(&app, &format!("/tv/{HALL}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Mal Pelayanan Publik Kota Bandar Lampung"));
    assert!(
        page.contains(&format!("/m/{HALL}</p>")),
        "the hall's QR code"
    );
    assert!(page.contains(&label), "{label}: {page}");
    assert!(
        page.contains(&format!("{converted:.2}").replace('.', ",")),
        "{converted}: {page}"
    );
    assert!(tag(&page, "data-tv=\"no-ikm\"").contains("hidden"));

    // Nothing published: no index, and a note that says why.
    crate::withdraw_demo_publications(&app).await;
    let (_, page) = get(&app, &format!("/tv/{HALL}")).await;
    assert!(!page.contains(&label), "{page}");
    assert!(page.contains("Hasil survei diumumkan setelah periodenya ditutup."));
    assert!(
        !tag(&page, "data-tv=\"no-ikm\"").contains("hidden"),
        "the note is shown"
    );
    let manager = sign_in(&app, ("mpp", "demo-mpp-ikm")).await;
    let reply = post(
        &app,
        &format!("/admin/mpp/{HALL}/tv"),
        Some(&manager),
        &[("show_current", "1")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let current = Period::containing(PeriodKind::Quarter, app::time::jakarta_today());
    let (_, page) = get(&app, &format!("/tv/{HALL}")).await;
    assert!(page.contains(&current.label(Lang::Id)), "{page}");
    assert!(
        tag(&page, "data-tv=\"no-ikm\"").contains("hidden"),
        "the note is hidden"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_answer_reaches_every_open_screen_within_five_seconds_from_one_computation() {
    let app = crate::app().await;
    let unit_id = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit")
        .id;
    let mut first = Events::open(&app, OWN_UNIT).await;
    let mut second = Events::open(&app, OWN_UNIT).await;
    let before = first.next(Duration::from_secs(5)).await;
    assert_eq!(second.next(Duration::from_secs(5)).await, before);
    assert_eq!(
        app.screens.watched().await,
        1,
        "one computation for both screens"
    );
    let today = before["today"].as_u64().expect("today");
    assert!(before.get("device_hash").is_none() && before["replies"].is_array());

    app.store
        .record_responses(&[crate::support::response_at(unit_id, Utc::now(), 4, None)])
        .await
        .expect("stored");
    let after = first.next(Duration::from_secs(5)).await;
    assert_eq!(after["today"].as_u64(), Some(today + 1), "{after}");
    assert_eq!(second.next(Duration::from_secs(5)).await, after);

    // Once every screen has gone, the refresher stops.
    drop(first);
    drop(second);
    crate::eventually(Duration::from_secs(10), "the refresher to stop", || async {
        (app.screens.watched().await == 0).then_some(())
    })
    .await;
}
