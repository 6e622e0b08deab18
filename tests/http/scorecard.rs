//! The scorecard (Rapor SKM): each indicator scored at every level of the default rubric and on its
//! boundaries, read through the unit's scorecard page; a rubric replaced (and refused, and reset) by
//! an administrator; who may see which scorecard and pack; the evidence pack's contents; and photo
//! uploads refused for what they are, stored ones served only as images.

use crate::accounts::{post, request, sign_in, ADMIN, KOTA, OWN_UNIT, PROVINSI, UNIT};
use crate::upload::{multipart, BOUNDARY};
use crate::{get, send, Reply, TestApp};
use app::accounts::Actor;
use app::dashboard::{ActionStatus, CommentStatus, CommentUpdate, NewAction};
use app::evidence::ActionUpdate;
use app::model::{UnitFields, UnitKind};
use app::store::{NewResponse, Profile};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ikm_domain::rubric::{Cmp, Indicator, Rubric};
use ikm_domain::submission::Channel;
use ikm_domain::{Answers, Lang, Score, Unsur};
use std::io::{Cursor, Read};

/// A past year, so every day of it may be typed in a form.
const YEAR: i32 = 2025;
const PERIOD: &str = "2025-T1";
const TEST_UNIT: &str = "1871-uji-rapor";

fn actor() -> Actor {
    Actor {
        user_id: None,
        name: "test".into(),
        address: String::new(),
    }
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, m, d).expect("day")
}

fn noon(m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(YEAR, m, d, 5, 0, 0)
        .single()
        .expect("time")
}

fn response(unit_id: i64, at: DateTime<Utc>, comment: Option<&str>) -> NewResponse {
    NewResponse {
        id: uuid::Uuid::new_v4(),
        unit_id,
        service_id: None,
        counter_tag: String::new(),
        mpp_id: None,
        channel: Channel::Qr,
        received_at: at,
        answers: Answers::complete([3; 9].map(|v| Score::new(v).expect("score"))),
        profile: Profile::default(),
        comment: comment.map(str::to_string),
        lang: Lang::Id,
        flag: None,
        device_hash: None,
        seconds_on_form: Some(60),
        invitation: None,
        contact: None,
    }
}

/// A new unit of Kota Bandar Lampung serving `population` people a year; its id.
async fn new_unit(app: &TestApp, code: &str, population: u64) -> i64 {
    let fields = UnitFields {
        name: format!("Unit uji {code}"),
        kind: UnitKind::Disdukcapil,
        region_code: "18.71".into(),
        mpp_name: None,
        active: true,
        complaint_contact: None,
        population_per_year: Some(population),
    };
    app.store
        .create_unit(code, &fields, &actor())
        .await
        .expect("unit");
    app.store.unit(code).await.expect("store").expect("unit").id
}

/// The scores on a unit's scorecard page for [`YEAR`], in [`Indicator::ALL`]'s order, and the page.
async fn scores(app: &TestApp, cookie: &str, code: &str) -> (Vec<u8>, String) {
    let reply = request(
        app,
        "GET",
        &format!("/dasbor/{code}/rapor?tahun={YEAR}"),
        Some(cookie),
        "",
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let scores = Indicator::ALL
        .iter()
        .map(|i| {
            let mark = format!("data-indicator=\"{}\" data-score=\"", i.key());
            let at = reply
                .body
                .find(&mark)
                .unwrap_or_else(|| panic!("{} on the page", i.key()));
            reply.body[at + mark.len()..]
                .split('"')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a score")
        })
        .collect();
    (scores, reply.body)
}

async fn score(app: &TestApp, cookie: &str, code: &str, indicator: Indicator) -> u8 {
    let (all, _) = scores(app, cookie, code).await;
    all[Indicator::ALL
        .iter()
        .position(|i| *i == indicator)
        .expect("indicator")]
}

/// Posts a multipart form to `path`.
pub(crate) async fn post_multipart(
    app: &TestApp,
    path: &str,
    cookie: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> Reply {
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::HOST, "ikm.test")
        .header(header::ORIGIN, "http://ikm.test")
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart(parts)))
        .expect("request");
    send(app, request).await
}

/// Records a medium through the dashboard's form, with a link.
async fn add_medium(app: &TestApp, cookie: &str, code: &str, kind: &str, name: &str) {
    let reply = post_multipart(
        app,
        &format!("/dasbor/{code}/media?periode={PERIOD}"),
        cookie,
        &[
            ("periode", None, PERIOD.as_bytes()),
            ("jenis", None, kind.as_bytes()),
            ("nama", None, name.as_bytes()),
            ("tanggal", None, b"2025-04-12"),
            ("tautan", None, b"https://contoh.lampungprov.go.id/skm"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

/// Adds `n` follow-up items of the period; their ids.
async fn add_actions(app: &TestApp, unit_id: i64, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for k in 0..n {
        let action = NewAction {
            period: PERIOD.into(),
            unsur: Unsur::Waktu,
            action: format!("Tindakan {k}"),
            owner: "Kabid".into(),
            due: day(6, 30),
            theme: None,
        };
        ids.push(
            app.store
                .add_followup_action(unit_id, &action, &actor())
                .await
                .expect("action"),
        );
    }
    ids
}

async fn finish(app: &TestApp, unit_id: i64, id: i64, on: NaiveDate) {
    let update = ActionUpdate {
        status: ActionStatus::Selesai,
        done_on: Some(on),
        note: None,
        link: None,
    };
    app.store
        .update_followup(unit_id, id, &update, None, &actor())
        .await
        .expect("done");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_indicator_scores_at_every_level_and_on_its_boundaries() {
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    // 120 people a year: March serves 11 of them (31 days of 365, rounded up), and a sample of
    // 11 of 11 is the Krejcie–Morgan minimum.
    let unit_id = new_unit(&app, TEST_UNIT, 120).await;

    // SKM conducted, rung by rung.
    let (start, page) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(
        start,
        vec![0, 0, 0, 0, 5],
        "nothing yet; no comment is left unanswered"
    );
    assert!(page.contains("Belum ada survei pada tahun ini."), "{page}");
    let five: Vec<NewResponse> = (0..5)
        .map(|_| response(unit_id, noon(3, 10), None))
        .collect();
    app.store.record_responses(&five).await.expect("stored");
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Conducted).await,
        1
    );
    let (_, page) = scores(&app, &admin, TEST_UNIT).await;
    assert!(
        page.contains("responden terbanyak 5 dari minimal 11 (Maret 2025)"),
        "{page}"
    );
    let more: Vec<NewResponse> = (0..6)
        .map(|_| response(unit_id, noon(3, 11), None))
        .collect();
    app.store.record_responses(&more).await.expect("stored");
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Conducted).await,
        2,
        "11 of the 11 needed in March: per the regulation, not published"
    );
    app.store
        .set_published(unit_id, PERIOD, true, noon(4, 10), &actor())
        .await
        .expect("publish");
    let (now, _) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(now[0], 3, "published (online: the public page)");
    assert_eq!(now[1], 1, "the public page is one medium");
    let first = add_actions(&app, unit_id, 1).await;
    finish(&app, unit_id, first[0], day(5, 1)).await;
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Conducted).await,
        4,
        "followed up, published online only"
    );
    add_medium(&app, &admin, TEST_UNIT, "board", "Papan informasi loket").await;
    let (now, page) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(now[0], 5, "online and offline, followed up");
    assert!(page.contains("dipublikasikan daring dan luring"), "{page}");

    // Media: the public page and the board are 2; 4 gives 4, 5 (more than 4) full marks; the same
    // medium again counts once.
    assert_eq!(now[1], 2);
    add_medium(&app, &admin, TEST_UNIT, "website", "Situs web unit").await;
    assert_eq!(score(&app, &admin, TEST_UNIT, Indicator::Media).await, 3);
    add_medium(&app, &admin, TEST_UNIT, "social_media", "Instagram @uji").await;
    let (now, page) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(now[1], 4, "exactly 4 media");
    assert!(page.contains("4 media dari 5 yang dibutuhkan"), "{page}");
    add_medium(
        &app,
        &admin,
        TEST_UNIT,
        "social_media",
        "  INSTAGRAM   @uji ",
    )
    .await;
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Media).await,
        4,
        "the same medium again is not a fifth"
    );
    add_medium(&app, &admin, TEST_UNIT, "sippn", "Berita SIPPN").await;
    assert_eq!(score(&app, &admin, TEST_UNIT, Indicator::Media).await, 5);

    // Follow-up done: 1 of 100 (> 0 %) 2, 30 % 3, 80 % still 3, 81 % 4, 100 % 5.
    let rest = add_actions(&app, unit_id, 99).await;
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::FollowupShare).await,
        2
    );
    for id in &rest[..29] {
        finish(&app, unit_id, *id, day(5, 2)).await;
    }
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::FollowupShare).await,
        3
    );
    for id in &rest[29..79] {
        finish(&app, unit_id, *id, day(5, 2)).await;
    }
    let (now, page) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(now[2], 3, "exactly 80 %");
    assert!(page.contains("80 dari 100 RTL selesai (80 %)"), "{page}");
    assert_eq!(now[3], 0, "speed is scored once every item is done");
    finish(&app, unit_id, rest[79], day(5, 2)).await;
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::FollowupShare).await,
        4,
        "81 %"
    );
    for id in &rest[80..98] {
        finish(&app, unit_id, *id, day(5, 2)).await;
    }
    // Speed: the report was published on 10 April; the last item done 30 days later is full
    // marks, 31 days later is 4. The last one is reported through the dashboard's form.
    let last = rest[98];
    let done_on = |on: &'static str| {
        vec![
            ("status", "selesai"),
            ("selesai", on),
            ("catatan", "Loket tambahan dibuka"),
            ("tautan", ""),
        ]
    };
    let reply = post_multipart(
        &app,
        &format!("/dasbor/{TEST_UNIT}/tindak-lanjut/{last}?periode={PERIOD}"),
        &admin,
        &done_on("2025-05-10")
            .iter()
            .map(|(k, v)| (*k, None, v.as_bytes()))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let (now, page) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(now[2], 5, "100 %");
    assert_eq!(now[3], 5, "30 days");
    assert!(
        page.contains("selesai 30 hari setelah laporan terbit"),
        "{page}"
    );
    let reply = post(
        &app,
        &format!("/dasbor/{TEST_UNIT}/tindak-lanjut/{last}?periode={PERIOD}"),
        Some(&admin),
        &done_on("2025-05-11"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::FollowupSpeed).await,
        4,
        "31 days"
    );

    // Complaints: 20 comments; 14 answered (70 %) 3, 15 (75 %) 4, 17 (85 %) 4, 18 (90 %) 5.
    let commented: Vec<NewResponse> = (0..20)
        .map(|k| response(unit_id, noon(3, 12), Some(&format!("Komentar {k}"))))
        .collect();
    app.store
        .record_responses(&commented)
        .await
        .expect("stored");
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Complaints).await,
        0
    );
    let answer = |k: usize| {
        let id = commented[k].id.to_string();
        let store = app.store.clone();
        async move {
            let update = CommentUpdate {
                status: CommentStatus::Selesai,
                note: None,
                public_reply: Some("Terima kasih, sudah kami perbaiki.".into()),
            };
            store
                .update_comment(unit_id, &id, &update, noon(3, 15), &actor())
                .await
                .expect("answered");
        }
    };
    for k in 0..14 {
        answer(k).await;
    }
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Complaints).await,
        3
    );
    answer(14).await;
    let (now, page) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(now[4], 4, "75 %");
    assert!(page.contains("15 dari 20 komentar dijawab"), "{page}");
    assert!(page.contains("Median 3 hari"), "{page}");
    for k in 15..17 {
        answer(k).await;
    }
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Complaints).await,
        4
    );
    answer(17).await;
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Complaints).await,
        5
    );
}

/// A response of `unit_id` at `at` answering only the unsur `answered` (3 each).
fn partial(unit_id: i64, at: DateTime<Utc>, answered: &[Unsur]) -> NewResponse {
    let scores = Unsur::ALL.map(|u| answered.contains(&u).then(|| Score::new(3).expect("score")));
    NewResponse {
        answers: Answers::new(scores).expect("answers"),
        ..response(unit_id, at, None)
    }
}

#[tokio::test]
async fn a_period_is_per_the_regulation_only_when_each_of_the_nine_unsur_has_answers() {
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    let unit_id = new_unit(&app, TEST_UNIT, 120).await;
    // March: 11 respondents (the minimum for 120 a year), none of whom answered U9 (sarana).
    let eight: Vec<Unsur> = Unsur::ALL[..8].to_vec();
    let march: Vec<NewResponse> = (0..11)
        .map(|d| partial(unit_id, noon(3, 1 + d), &eight))
        .collect();
    app.store.record_responses(&march).await.expect("stored");
    let (now, page) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(now[0], 1, "surveyed, but not all nine unsur: {page}");
    assert!(page.contains("ada unsur yang belum dijawab."), "{page}");
    // April answers U9: March still lacks it (the semester and the year hold both months but
    // need 52 and 92 respondents).
    app.store
        .record_responses(&[partial(unit_id, noon(4, 2), &[Unsur::Sarana])])
        .await
        .expect("stored");
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Conducted).await,
        1,
        "an answer of U9 in April does not complete March or the first quarter"
    );
    // One more March response that answers U9 (and nothing else) completes March.
    app.store
        .record_responses(&[partial(unit_id, noon(3, 20), &[Unsur::Sarana])])
        .await
        .expect("stored");
    assert_eq!(
        score(&app, &admin, TEST_UNIT, Indicator::Conducted).await,
        2,
        "March has 12 respondents and every unsur answered"
    );
}

async fn post_owned(app: &TestApp, path: &str, cookie: &str, fields: &[(String, String)]) -> Reply {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    post(app, path, Some(cookie), &borrowed).await
}

/// The rubric's form fields for `rubric`, under a test's source line.
fn rubric_fields(rubric: &Rubric) -> Vec<(String, String)> {
    let mut fields = app::scorecard::rubric_form(rubric);
    if let Some((_, source)) = fields.iter_mut().find(|(k, _)| k == "source") {
        *source = "Pedoman uji".to_string();
    }
    fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_replaces_the_rubric_and_every_change_is_audited() {
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    let unit_id = new_unit(&app, TEST_UNIT, 120).await;
    app.store
        .set_published(unit_id, PERIOD, true, noon(4, 10), &actor())
        .await
        .expect("publish");
    assert_eq!(score(&app, &admin, TEST_UNIT, Indicator::Media).await, 1);

    // Full marks for media from 2 under this year's (made-up) guideline.
    let mut rubric = Rubric::default();
    rubric.media = vec![
        ikm_domain::rubric::Step {
            score: 5,
            cmp: Cmp::AtLeast,
            value: 2,
        },
        ikm_domain::rubric::Step {
            score: 3,
            cmp: Cmp::AtLeast,
            value: 1,
        },
    ];
    let reply = post_owned(&app, "/admin/rubrik", &admin, &rubric_fields(&rubric)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let (now, page) = scores(&app, &admin, TEST_UNIT).await;
    assert_eq!(now[1], 3, "one medium: 3 under the new rubric");
    assert!(page.contains("Pedoman uji"), "the rubric's source is named");
    add_medium(&app, &admin, TEST_UNIT, "website", "Situs web unit").await;
    assert_eq!(score(&app, &admin, TEST_UNIT, Indicator::Media).await, 5);
    let (status, editor) = get(&app, "/admin/rubrik").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "signed out: to the sign-in page"
    );
    assert!(editor.is_empty() || !editor.contains("rubric-form"));
    let editor = request(&app, "GET", "/admin/rubrik", Some(&admin), "", None).await;
    assert!(editor.body.contains("diubah oleh"), "{}", editor.body);

    // A rubric that does not hold together is refused, with its problem in words, and nothing
    // changes.
    let mut bad = rubric.clone();
    bad.media[1].value = 3;
    bad.media[1].score = 4;
    let reply = post_owned(&app, "/admin/rubrik", &admin, &rubric_fields(&bad)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("nilai 5 meminta lebih sedikit daripada nilai 4"),
        "{}",
        reply.body
    );
    let mut fields = rubric_fields(&rubric);
    fields.push(("followup_speed.5.value".into(), "tiga puluh".into()));
    fields.retain(|(k, v)| k != "followup_speed.5.value" || v == "tiga puluh");
    let reply = post_owned(&app, "/admin/rubrik", &admin, &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(score(&app, &admin, TEST_UNIT, Indicator::Media).await, 5);

    // Only an administrator may change it.
    for who in [PROVINSI, KOTA, UNIT] {
        let cookie = sign_in(&app, who).await;
        let reply = post_owned(
            &app,
            "/admin/rubrik",
            &cookie,
            &rubric_fields(&Rubric::default()),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", who.0);
        let reply = post(&app, "/admin/rubrik/bawaan", Some(&cookie), &[("x", "y")]).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", who.0);
        let page = request(&app, "GET", "/admin/rubrik", Some(&cookie), "", None).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", who.0);
    }

    // Back to the defaults; both changes audited, with what held before.
    let reply = post(&app, "/admin/rubrik/bawaan", Some(&admin), &[("x", "y")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(score(&app, &admin, TEST_UNIT, Indicator::Media).await, 2);
    let audit = app
        .store
        .audit_log(
            &app::model::AuditFilter {
                action: Some(app::access::audit_action::RUBRIC_SET.into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("audit");
    assert_eq!(audit.len(), 2, "{audit:?}");
    assert!(audit.iter().all(|a| a.actor == "admin"), "{audit:?}");
    assert!(audit[0]
        .before
        .as_deref()
        .is_some_and(|b| b.contains("Pedoman uji")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_account_sees_only_the_scorecards_of_its_scope() {
    let app = crate::app().await;
    let kota = sign_in(&app, KOTA).await;
    let provinsi = sign_in(&app, PROVINSI).await;
    let unit = sign_in(&app, UNIT).await;
    let page = |cookie: &str, path: &str| {
        let cookie = cookie.to_string();
        let path = path.to_string();
        let app = &app;
        async move { request(app, "GET", &path, Some(&cookie), "", None).await }
    };

    // The kabupaten/kota: its own units, none of another's; the province and a neighbour refused.
    let own = page(&kota, "/wilayah/18.71/rapor").await;
    assert_eq!(own.status, StatusCode::OK);
    let units = app.store.region_units("18.71").await.expect("units");
    for u in units.iter().filter(|u| u.active) {
        assert!(
            own.body.contains(&format!("data-code=\"{}\"", u.code)),
            "{} listed",
            u.code
        );
    }
    assert!(
        !own.body.contains("data-code=\"1801-"),
        "no unit of another region"
    );
    for path in [
        "/wilayah/18/rapor",
        "/wilayah/18.01/rapor",
        "/wilayah/18.01/rapor.zip",
    ] {
        assert_eq!(
            page(&kota, path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        page(&kota, "/dasbor/1801-disdukcapil/rapor").await.status,
        StatusCode::FORBIDDEN
    );

    // The province: its fifteen kabupaten/kota side by side, each linking down.
    let province = page(&provinsi, "/wilayah/18/rapor").await;
    assert_eq!(province.status, StatusCode::OK);
    assert_eq!(
        province.body.matches("data-testid=\"region-row\"").count(),
        15
    );
    assert!(province.body.contains("href=\"/wilayah/18.71/rapor?tahun="));
    let sorted = page(&provinsi, "/wilayah/18/rapor?urut=nama").await;
    let mark = "data-testid=\"region-row\" data-code=\"";
    let shown: Vec<String> = sorted
        .body
        .match_indices(mark)
        .map(|(at, _)| {
            sorted.body[at + mark.len()..]
                .split('"')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let mut by_name: Vec<(String, String)> = app
        .store
        .regions()
        .await
        .expect("regions")
        .into_iter()
        .filter(|r| r.parent_code.as_deref() == Some("18"))
        .map(|r| (r.name, r.code))
        .collect();
    by_name.sort();
    let expected: Vec<String> = by_name.into_iter().map(|(_, code)| code).collect();
    assert_eq!(shown, expected, "sorted by name");

    // A unit: its own row on its dashboard and its detail; no region's scorecard, no other unit.
    let dashboard = page(&unit, &format!("/dasbor/{OWN_UNIT}")).await;
    assert!(dashboard.body.contains("data-testid=\"score-card\""));
    assert_eq!(
        page(&unit, &format!("/dasbor/{OWN_UNIT}/rapor"))
            .await
            .status,
        StatusCode::OK
    );
    for path in [
        "/wilayah/18.71/rapor".to_string(),
        "/wilayah/18.71/rapor.zip".to_string(),
        "/dasbor/1871-dpmptsp/rapor".to_string(),
    ] {
        assert_eq!(
            page(&unit, &path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // Nobody signed in: to the sign-in page.
    let (status, _) = get(&app, "/wilayah/18.71/rapor").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = get(&app, "/wilayah/18.71/rapor.zip").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_evidence_pack_holds_a_sheet_per_indicator_and_the_reports() {
    let app = crate::app().await;
    let kota = sign_in(&app, KOTA).await;
    let year = app::time::jakarta_today().format("%Y").to_string();
    let reply = request(
        &app,
        "GET",
        &format!("/wilayah/18.71/rapor.zip?tahun={year}"),
        Some(&kota),
        "",
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/zip");
    let bytes = reply.bytes.clone();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP");
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a name").to_string())
        .collect();
    let workbook = format!("rapor-skm-18.71-{year}.xlsx");
    assert!(names.contains(&workbook), "{names:?}");
    let reports: Vec<&String> = names.iter().filter(|n| n.ends_with(".pdf")).collect();
    assert!(
        !reports.is_empty(),
        "the demo's published periods have reports: {names:?}"
    );
    for name in &reports {
        let mut pdf = Vec::new();
        zip.by_name(name)
            .expect("pdf")
            .read_to_end(&mut pdf)
            .expect("read");
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
    }
    let mut xlsx = Vec::new();
    zip.by_name(&workbook)
        .expect("workbook")
        .read_to_end(&mut xlsx)
        .expect("read");
    let mut book = crate::support::pack_workbook(xlsx);
    let mut strings = String::new();
    book.by_name("xl/sharedStrings.xml")
        .expect("strings")
        .read_to_string(&mut strings)
        .expect("read");
    assert!(strings.contains("1871-disdukcapil"), "units listed");
    assert!(strings.contains("/publik/"), "evidence links");
}

/// A small PNG.
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 30, image::Rgb([11, 83, 148]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_are_refused_for_what_they_are_and_served_only_as_images() {
    let app = crate::app().await;
    let cookie = sign_in(&app, UNIT).await;
    let unit_id = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit")
        .id;
    let before = app.store.media(unit_id).await.expect("media").len();
    let period = "2026-T2";
    let path = format!("/dasbor/{OWN_UNIT}/media?periode={period}");
    let form = |photo: &[u8]| -> Vec<(&str, Option<&str>, Vec<u8>)> {
        vec![
            ("periode", None, period.as_bytes().to_vec()),
            ("jenis", None, b"board".to_vec()),
            ("nama", None, b"Papan hasil SKM".to_vec()),
            ("tanggal", None, b"2026-07-10".to_vec()),
            ("tautan", None, Vec::new()),
            ("foto", Some("foto.png"), photo.to_vec()),
        ]
    };
    let send_form = |parts: Vec<(&'static str, Option<&'static str>, Vec<u8>)>| {
        let path = path.clone();
        let cookie = cookie.clone();
        let app = &app;
        async move {
            let borrowed: Vec<(&str, Option<&str>, &[u8])> = parts
                .iter()
                .map(|(k, f, v)| (*k, *f, v.as_slice()))
                .collect();
            post_multipart(app, &path, &cookie, &borrowed).await
        }
    };
    let mut polyglot = png();
    polyglot.extend_from_slice(b"<html><script>alert(document.cookie)</script></html>");
    let mut oversize = png();
    oversize.resize(app::evidence::MAX_PHOTO_BYTES + 1, 0);
    for (photo, message) in [
        (
            b"%PDF-1.7 not a photo".to_vec(),
            "Foto harus berkas JPEG atau PNG.",
        ),
        (oversize, "Foto terlalu besar: paling besar 5 MB."),
        (polyglot, "memuat kode halaman web"),
    ] {
        let reply = send_form(form(&photo)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(reply.body.contains(message), "{message}: {}", reply.body);
    }
    assert_eq!(
        app.store.media(unit_id).await.expect("media").len(),
        before,
        "nothing refused is stored"
    );

    let reply = send_form(form(&png())).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let media = app.store.media(unit_id).await.expect("media");
    assert_eq!(media.len(), before + 1);
    let token = media
        .iter()
        .find_map(|m| {
            (m.name == "Papan hasil SKM")
                .then(|| m.photo.clone())
                .flatten()
        })
        .expect("the photo's token");
    let (status, _) = get(&app, &format!("/bukti/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    let served = request(&app, "GET", &format!("/bukti/{token}"), None, "", None).await;
    assert_eq!(served.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(served.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(served.bytes.starts_with(b"\x89PNG"));
    let (status, _) = get(&app, "/bukti/00000000000000000000000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&app, "/bukti/..%2F..%2Fetc%2Fpasswd").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// An outbox that records what it is given, and refuses one address when told to.
#[derive(Default)]
struct Recorder {
    sent: std::sync::Mutex<Vec<(String, String, String)>>,
    refuse: Option<String>,
}

#[async_trait::async_trait]
impl ikm::reminders::Outbox for Recorder {
    async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), String> {
        if self.refuse.as_deref() == Some(to) {
            return Err("mailbox unavailable".into());
        }
        self.sent
            .lock()
            .expect("lock")
            .push((to.into(), subject.into(), body));
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_go_to_each_address_at_most_once_a_month_and_are_logged() {
    use app::access::Role;
    use app::accounts::NewUser;
    let app = crate::app().await;
    let today = app::time::jakarta_today();
    // A unit with no survey this year: "no SKM period yet" is due.
    new_unit(&app, TEST_UNIT, 5000).await;
    let people = [
        ("uji-unit", "unit@uji.go.id", Role::Unit, TEST_UNIT),
        ("uji-kota", "kota@uji.go.id", Role::Region, "18.71"),
        ("uji-provinsi", "provinsi@uji.go.id", Role::Province, "18"),
        ("uji-admin", "admin@uji.go.id", Role::Admin, ""),
    ];
    for (username, email, role, scope) in people {
        let user = NewUser {
            username: username.into(),
            email: Some(email.into()),
            display_name: format!("Petugas {username}"),
            password_hash: "not-used".into(),
            role,
            scopes: if scope.is_empty() {
                Vec::new()
            } else {
                vec![scope.into()]
            },
        };
        app.store.create_user(&user, &actor()).await.expect("user");
    }
    app.store
        .set_user_active("uji-provinsi", false, &actor())
        .await
        .expect("deactivated");

    // The first round: the unit and the kabupaten/kota; not the inactive account, not the admin.
    // The kabupaten/kota's address fails once.
    let failing = Recorder {
        refuse: Some("kota@uji.go.id".into()),
        ..Recorder::default()
    };
    let round = ikm::reminders::send_month(app.store.as_ref(), &failing, today, None)
        .await
        .expect("round");
    assert_eq!(round.failed, 1);
    let sent = failing.sent.lock().expect("lock").clone();
    let to_unit = sent
        .iter()
        .find(|(to, _, _)| to == "unit@uji.go.id")
        .expect("the unit's staff are reminded");
    assert!(
        to_unit.1.starts_with("Pengingat Rapor SKM"),
        "{}",
        to_unit.1
    );
    let due = format!("Belum ada periode SKM tahun {}", today.format("%Y"));
    assert!(to_unit.2.contains(&due), "{}", to_unit.2);
    assert!(to_unit.2.contains(&format!("/dasbor/{TEST_UNIT}/rapor")));
    for absent in ["provinsi@uji.go.id", "admin@uji.go.id", "kota@uji.go.id"] {
        assert!(!sent.iter().any(|(to, _, _)| to == absent), "{absent}");
    }

    // The next round retries the failed one only; the one after sends nothing.
    let working = Recorder::default();
    ikm::reminders::send_month(app.store.as_ref(), &working, today, None)
        .await
        .expect("round");
    let sent = working.sent.lock().expect("lock").clone();
    assert_eq!(
        sent.iter()
            .map(|(to, _, _)| to.as_str())
            .collect::<Vec<_>>(),
        vec!["kota@uji.go.id"],
        "only the one that failed"
    );
    assert!(
        sent[0].2.contains(&format!("Unit uji {TEST_UNIT}: {due}")),
        "{}",
        sent[0].2
    );
    let again = Recorder::default();
    let round = ikm::reminders::send_month(app.store.as_ref(), &again, today, None)
        .await
        .expect("round");
    assert_eq!((round.sent, round.failed), (0, 0));
    assert!(
        again.sent.lock().expect("lock").is_empty(),
        "at most one a month"
    );

    // The log, as the administrator's page shows it.
    let log = app.store.reminder_log(50).await.expect("log");
    let kota = log
        .iter()
        .find(|m| m.address == "kota@uji.go.id")
        .expect("logged");
    assert_eq!(kota.status, "sent");
    assert_eq!(kota.month, today.format("%Y-%m").to_string());
    let admin = sign_in(&app, ADMIN).await;
    let page = request(&app, "GET", "/admin/rubrik", Some(&admin), "", None).await;
    assert!(page.body.contains("kota@uji.go.id"), "{}", page.body);
}
