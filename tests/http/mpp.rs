//! Mal Pelayanan Publik: the hall's page and its search without JavaScript, an answer given at a
//! booth naming the MPP, the MPP's pooled IKM and the mean of its tenants against hand-computed
//! figures, a tenant in two MPPs, a tenant removed keeping its history, and who may see and change
//! which MPP (a manager of one MPP sees neither another MPP nor a tenant's own office).

use crate::accounts::{post, request, sign_in, ADMIN, KOTA, UNIT};
use crate::survey::{answers_fields, with};
use crate::{get, TestApp};
use app::accounts::Actor;
use app::model::{UnitFields, UnitKind};
use app::store::NewResponse;
use axum::http::StatusCode;
use chrono::{Duration, Utc};

/// The demo's MPP of Kota Bandar Lampung and its manager's account.
const HALL: &str = "mpp-kota-bandar-lampung";
const MANAGER: (&str, &str) = ("mpp", "demo-mpp-ikm");
/// A booth of a national agency there (all its answers are given in the MPP).
const BOOTH: &str = "1871-mpp-imigrasi";

fn actor() -> Actor {
    Actor::command_line()
}

/// A valid response of `unit_id` a minute ago, every unsur `score`, given in `mpp_id`.
fn response(unit_id: i64, score: u8, mpp_id: Option<i64>) -> NewResponse {
    crate::support::response_at(unit_id, Utc::now() - Duration::minutes(1), score, mpp_id)
}

/// A new unit of Kota Bandar Lampung; its id.
async fn new_unit(app: &TestApp, code: &str) -> i64 {
    let fields = UnitFields {
        name: format!("Gerai uji {code}"),
        kind: UnitKind::Lainnya,
        region_code: "18.71".into(),
        mpp_name: None,
        active: true,
        complaint_contact: None,
        population_per_year: Some(1_000),
    };
    app.store
        .create_unit(code, &fields, &actor())
        .await
        .expect("unit");
    app.store.unit(code).await.expect("store").expect("unit").id
}

/// Creates an MPP of Kota Bandar Lampung through the admin form; its id.
async fn new_mpp(app: &TestApp, cookie: &str, code: &str, name: &str) -> i64 {
    let reply = post(
        app,
        "/admin/mpp",
        Some(cookie),
        &[
            ("code", code),
            ("name", name),
            ("region", "18.71"),
            ("address", "Jl. Uji No. 1"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), format!("/admin/mpp/{code}?disimpan=1"));
    app.store
        .mpp(code)
        .await
        .expect("store")
        .expect("created")
        .mpp
        .id
}

async fn add_tenant(app: &TestApp, cookie: &str, mpp: &str, unit: &str) {
    let reply = post(
        app,
        &format!("/admin/mpp/{mpp}/tenant"),
        Some(cookie),
        &[("unit", unit)],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

/// The results page of an MPP for `cookie`: its status and body.
async fn results(app: &TestApp, cookie: &str, mpp: &str) -> (StatusCode, String) {
    let reply = request(app, "GET", &format!("/mpp/{mpp}"), Some(cookie), "", None).await;
    (reply.status, reply.body)
}

/// The `data-value` of the element marked `data-testid="{testid}"`.
fn value_of(page: &str, testid: &str) -> Option<String> {
    let at = page.find(&format!("data-testid=\"{testid}\""))?;
    let rest = &page[at..];
    let start = rest.find("data-value=\"")? + "data-value=\"".len();
    rest[start..].split('"').next().map(str::to_string)
}

#[tokio::test]
async fn a_citizen_finds_a_booth_in_the_hall_and_the_answer_names_the_mpp() {
    let app = crate::app().await;
    let (status, hall) = get(&app, &format!("/m/{HALL}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        hall.contains("Mal Pelayanan Publik Kota Bandar Lampung"),
        "{hall}"
    );
    let booth_link = format!("href=\"/s/{BOOTH}?mpp={HALL}\"");
    let office_link = format!("href=\"/s/1871-disdukcapil?mpp={HALL}\"");
    assert!(hall.contains(&booth_link) && hall.contains(&office_link));
    assert!(hall.contains("8 loket"), "the demo hall has 8 booths");
    // Without JavaScript the search is a form: the server lists what matches.
    let (_, found) = get(&app, &format!("/m/{HALL}?q=paspor")).await;
    assert!(found.contains(&booth_link), "{found}");
    assert!(!found.contains(&office_link));
    assert!(found.contains("1 loket"));
    let (status, _) = get(&app, "/m/mpp-tidak-ada").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The booth's survey carries the place, and the stored answer names the MPP.
    let (status, form) = get(&app, &format!("/s/{BOOTH}?mpp={HALL}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains(&format!("name=\"mpp\" value=\"{HALL}\"")),
        "{form}"
    );
    assert!(form.contains("Mal Pelayanan Publik Kota Bandar Lampung — Kota Bandar Lampung"));
    let id = uuid::Uuid::now_v7();
    let id_text = id.to_string();
    let fields = with(
        answers_fields([4, 4, 3, 4, 3, 4, 4, 3, 4]),
        &[("id", id_text.as_str()), ("mpp", HALL)],
    );
    let reply = crate::survey::post(&app, &format!("/s/{BOOTH}"), &fields, "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply.location().ends_with(&format!("&mpp={HALL}")),
        "{}",
        reply.location()
    );
    let hall_id = app
        .store
        .mpp(HALL)
        .await
        .expect("store")
        .expect("mpp")
        .mpp
        .id;
    let stored = app
        .store
        .response(id)
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.mpp_id, Some(hall_id));

    // A unit that does not serve in the hall: its answer is its own office's.
    let id = uuid::Uuid::now_v7();
    let id_text = id.to_string();
    let fields = with(
        answers_fields([3; 9]),
        &[("id", id_text.as_str()), ("mpp", HALL)],
    );
    let reply = crate::survey::post(&app, "/s/1871-rsud", &fields, "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let stored = app
        .store
        .response(id)
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.mpp_id, None);
}

#[tokio::test]
async fn the_mpp_pools_its_answers_beside_the_mean_of_its_tenants() {
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    let mpp = new_mpp(&app, &admin, "mpp-uji", "MPP Uji").await;
    let a = new_unit(&app, "1871-gerai-a").await;
    let b = new_unit(&app, "1871-gerai-b").await;
    add_tenant(&app, &admin, "mpp-uji", "1871-gerai-a").await;
    add_tenant(&app, &admin, "mpp-uji", "1871-gerai-b").await;
    let (_, page) = results(&app, &admin, "mpp-uji").await;
    assert!(page.contains("data-testid=\"mpp-empty\""), "no answers yet");

    // A: five answers of 4 in the MPP; B: one of 2. Pooled: every unsur (5·4 + 2) / 6 = 11/3,
    // × 25 = 91,666… → 91,67 (A). Mean of tenants: (100 + 50) / 2 = 75,00 (C). A's answer at its
    // own office (all 1) counts for neither.
    let mut answers: Vec<NewResponse> = (0..5).map(|_| response(a, 4, Some(mpp))).collect();
    answers.push(response(b, 2, Some(mpp)));
    answers.push(response(a, 1, None));
    app.store.record_responses(&answers).await.expect("stored");
    let (status, page) = results(&app, &admin, "mpp-uji").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        value_of(&page, "mpp-pooled").as_deref(),
        Some("91.67"),
        "{page}"
    );
    assert_eq!(value_of(&page, "mpp-mean").as_deref(), Some("75.00"));
    assert!(page.contains("91,67") && page.contains("75,00"));
    assert!(page.contains("Rata-rata 2 tenant"));
    assert!(
        page.contains("data-testid=\"mpp-respondents\">6<"),
        "{page}"
    );
    assert!(page.contains("data-testid=\"mpp-today\">"));
    // A is shown (5 answers, IKM 100,00); B has one answer: not shown.
    assert!(page.contains("100,00"));
    assert!(page.contains("kurang dari 5 jawaban — tidak ditampilkan"));

    // A tenant in two MPPs: its answers count where they were given.
    let other = new_mpp(&app, &admin, "mpp-uji-dua", "MPP Uji Dua").await;
    add_tenant(&app, &admin, "mpp-uji-dua", "1871-gerai-a").await;
    let twice: Vec<NewResponse> = (0..5).map(|_| response(a, 3, Some(other))).collect();
    app.store.record_responses(&twice).await.expect("stored");
    let (_, page) = results(&app, &admin, "mpp-uji-dua").await;
    assert_eq!(value_of(&page, "mpp-pooled").as_deref(), Some("75.00"));
    let (_, page) = results(&app, &admin, "mpp-uji").await;
    assert_eq!(value_of(&page, "mpp-pooled").as_deref(), Some("91.67"));

    // A removed from the first MPP: gone from its hall, its answers given there kept.
    let reply = post(
        &app,
        "/admin/mpp/mpp-uji/tenant/1871-gerai-a",
        Some(&admin),
        &[("serving", "0")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let (_, hall) = get(&app, "/m/mpp-uji").await;
    assert!(!hall.contains("/s/1871-gerai-a?mpp=mpp-uji"), "{hall}");
    assert!(hall.contains("/s/1871-gerai-b?mpp=mpp-uji"));
    let (_, page) = results(&app, &admin, "mpp-uji").await;
    assert_eq!(value_of(&page, "mpp-pooled").as_deref(), Some("91.67"));
    assert!(page.contains("keluar dari MPP"), "{page}");
    // It still serves in the second MPP, and a link of the first now counts as its office.
    assert!(app
        .store
        .mpp_place("mpp-uji", a)
        .await
        .expect("store")
        .is_none());
    assert!(app
        .store
        .mpp_place("mpp-uji-dua", a)
        .await
        .expect("store")
        .is_some());
    let detail = app.store.mpp("mpp-uji").await.expect("store").expect("mpp");
    assert_eq!(detail.mpp.tenants, 1);
    assert_eq!(
        detail.tenants.len(),
        2,
        "the removed tenant stays in the history"
    );
}

#[tokio::test]
async fn each_account_sees_and_changes_only_the_mpps_of_its_scope() {
    let app = crate::app().await;
    let manager = sign_in(&app, MANAGER).await;
    let kota = sign_in(&app, KOTA).await;
    let unit = sign_in(&app, UNIT).await;
    let admin = sign_in(&app, ADMIN).await;
    let metro = "mpp-kota-metro";

    let (status, page) = results(&app, &manager, HALL).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("data-testid=\"mpp-pooled\""),
        "the demo hall has answers"
    );
    for path in [
        format!("/mpp/{metro}"),
        format!("/admin/mpp/{metro}"),
        "/dasbor/1871-disdukcapil".to_string(),
        "/admin/mpp".to_string(),
    ] {
        let reply = request(&app, "GET", &path, Some(&manager), "", None).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "the manager opens {path}"
        );
    }
    let reply = post(
        &app,
        &format!("/admin/mpp/{metro}/tenant"),
        Some(&manager),
        &[("unit", "1872-disdukcapil")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Its own MPP it may change: a unit of another region is refused beside the field.
    let reply = post(
        &app,
        &format!("/admin/mpp/{HALL}/tenant"),
        Some(&manager),
        &[("unit", "1872-disdukcapil")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("field-error"), "{}", reply.body);
    let reply = post(
        &app,
        &format!("/admin/mpp/{HALL}/tenant"),
        Some(&manager),
        &[("unit", "tidak-ada")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Tidak ada unit dengan kode ini."));
    let reply = post(
        &app,
        &format!("/admin/mpp/{HALL}"),
        Some(&manager),
        &[
            ("name", "Mal Pelayanan Publik Kota Bandar Lampung"),
            ("address", "Jl. Dr. Susilo No. 2"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    // The kabupaten/kota sees its own MPP, not another region's; a unit account sees none.
    assert_eq!(results(&app, &kota, HALL).await.0, StatusCode::OK);
    assert_eq!(results(&app, &kota, metro).await.0, StatusCode::FORBIDDEN);
    assert_eq!(results(&app, &unit, HALL).await.0, StatusCode::FORBIDDEN);
    let reply = request(&app, "GET", "/admin/mpp", Some(&kota), "", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains(&format!("data-mpp=\"{HALL}\"")));
    assert!(!reply.body.contains(&format!("data-mpp=\"{metro}\"")));
    // A kabupaten/kota creates MPPs only in its own region.
    let reply = post(
        &app,
        "/admin/mpp",
        Some(&kota),
        &[
            ("code", "mpp-lain"),
            ("name", "MPP Lain"),
            ("region", "18.72"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A code taken, or not a code, is refused beside the field.
    for code in [HALL, "MPP Baru!"] {
        let reply = post(
            &app,
            "/admin/mpp",
            Some(&admin),
            &[("code", code), ("name", "MPP Baru"), ("region", "18.71")],
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert!(reply.body.contains("field-error"));
    }
    // Anonymous: to the sign-in page.
    let reply = request(&app, "GET", &format!("/mpp/{HALL}"), None, "", None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.location().starts_with("/masuk"));
}

#[tokio::test]
async fn the_mpps_kiosk_opens_each_booths_kiosk_form_and_comes_back_to_the_hall() {
    let app = crate::app().await;
    let (status, hall) = get(&app, &format!("/m/{HALL}/kiosk")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        hall.contains(&format!("href=\"/k/{BOOTH}?mpp={HALL}\"")),
        "{hall}"
    );
    assert!(!hall.contains(&format!("href=\"/s/{BOOTH}")));
    assert!(
        hall.contains(&format!("action=\"/m/{HALL}/kiosk\"")),
        "its search stays a kiosk"
    );
    assert!(
        !hall.contains("href=\"/masuk\""),
        "a kiosk shows no way out to the staff pages"
    );

    let (_, form) = get(&app, &format!("/k/{BOOTH}?mpp={HALL}")).await;
    assert!(form.contains("class=\"survey kiosk\""));
    let id = uuid::Uuid::now_v7().to_string();
    let fields = with(
        answers_fields([4; 9]),
        &[("id", id.as_str()), ("mpp", HALL)],
    );
    let reply = crate::survey::post(&app, &format!("/k/{BOOTH}"), &fields, "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        reply.location(),
        format!("/k/{BOOTH}/terima-kasih?r={id}&mpp={HALL}")
    );
    let stored = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(stored.response.channel.key(), "kiosk");
    assert!(stored.response.mpp_id.is_some());
    // The thanks go back to the hall's kiosk, for the next citizen's booth, in Bahasa Indonesia.
    let (_, thanks) = get(&app, reply.location()).await;
    let back = format!("url=/bahasa/id?next=/m/{HALL}/kiosk");
    assert!(thanks.contains(&back), "{thanks}");

    // On a phone, the thanks offer the hall for another booth.
    let (_, thanks) = get(&app, &format!("/s/{BOOTH}/terima-kasih?mpp={HALL}")).await;
    assert!(
        thanks.contains(&format!(
            "href=\"/m/{HALL}\" data-testid=\"again\">Nilai loket lain di MPP ini"
        )),
        "{thanks}"
    );
}

#[tokio::test]
async fn the_region_pages_set_their_mpps_side_by_side() {
    let app = crate::app().await;
    let province = sign_in(&app, crate::accounts::PROVINSI).await;
    let reply = request(&app, "GET", "/wilayah/18", Some(&province), "", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.body.contains("data-testid=\"mpp-table\""),
        "{}",
        reply.body
    );
    assert_eq!(
        reply.body.matches("<tr data-mpp=").count(),
        12,
        "the twelve MPPs of Lampung"
    );
    assert!(reply.body.contains(&format!("href=\"/mpp/{HALL}?")));
    let kota = sign_in(&app, KOTA).await;
    let reply = request(&app, "GET", "/wilayah/18.71", Some(&kota), "", None).await;
    assert_eq!(
        reply.body.matches("<tr data-mpp=").count(),
        1,
        "its own MPP only"
    );
    assert!(reply.body.contains(&format!("data-mpp=\"{HALL}\"")));
}

/// `n` valid responses of `unit_id`, every unsur `score`, given in `mpp_id`.
fn responses(unit_id: i64, n: usize, score: u8, mpp_id: Option<i64>) -> Vec<NewResponse> {
    (0..n).map(|_| response(unit_id, score, mpp_id)).collect()
}

#[tokio::test]
async fn the_mpps_report_and_comments_cover_the_hall_for_its_staff_alone() {
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    let manager = sign_in(&app, MANAGER).await;
    let mpp = new_mpp(&app, &admin, "mpp-lapor", "MPP Lapor").await;
    let c = new_unit(&app, "1871-gerai-c").await;
    let d = new_unit(&app, "1871-gerai-d").await;
    add_tenant(&app, &admin, "mpp-lapor", "1871-gerai-c").await;
    add_tenant(&app, &admin, "mpp-lapor", "1871-gerai-d").await;
    // C: five answers of 4 in the hall, one with a comment; D: ten of 2. Pooled (5·4 + 10·2) / 15
    // × 25 = 66,67 (C); mean of tenants (100 + 50) / 2 = 75,00. C's answer at its own office
    // (all 1, with a comment) is the office's.
    let mut answers = responses(c, 5, 4, Some(mpp));
    answers[0].comment = Some("Antrean gerai C cepat sekali".into());
    answers.extend(responses(d, 10, 2, Some(mpp)));
    let mut office = response(c, 1, None);
    office.comment = Some("Komentar di kantor sendiri".into());
    answers.push(office);
    app.store.record_responses(&answers).await.expect("stored");

    let (status, page) = results(&app, &admin, "mpp-lapor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Antrean gerai C cepat sekali"), "{page}");
    assert!(!page.contains("Komentar di kantor sendiri"));
    assert!(page.contains("/mpp/mpp-lapor/laporan?periode="));

    let report = request(
        &app,
        "GET",
        "/mpp/mpp-lapor/laporan",
        Some(&admin),
        "",
        None,
    )
    .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    for words in [
        "Mal Pelayanan Publik: MPP Lapor (Kota Bandar Lampung)",
        "Gerai (tenant): 2 gerai, 2 di antaranya mendapat jawaban",
        "IKM per gerai dari jawaban di MPP",
        "Gerai uji 1871-gerai-c",
        "66,67",
        "Rata-rata IKM 2 gerai (tenant) (masing-masing berbobot sama) adalah 75,00",
        "Pengelola MPP Lapor",
    ] {
        assert!(report.body.contains(words), "{words}: {}", report.body);
    }
    let pdf = request(
        &app,
        "GET",
        "/mpp/mpp-lapor/laporan.pdf",
        Some(&admin),
        "",
        None,
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF"), "a PDF");

    // The demo's manager runs another MPP: none of this one is theirs.
    for path in [
        "/mpp/mpp-lapor",
        "/mpp/mpp-lapor/laporan",
        "/mpp/mpp-lapor/laporan.pdf",
    ] {
        let reply = request(&app, "GET", path, Some(&manager), "", None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    let reply = request(
        &app,
        "GET",
        "/mpp/tidak-ada/laporan.pdf",
        Some(&admin),
        "",
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // Its own MPP's report the manager opens.
    let reply = request(
        &app,
        "GET",
        &format!("/mpp/{HALL}/laporan"),
        Some(&manager),
        "",
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply
        .body
        .contains("Pengelola Mal Pelayanan Publik Kota Bandar Lampung"));
}

#[tokio::test]
async fn the_public_side_shows_an_mpp_over_the_booths_that_published() {
    use ikm_domain::{Period, PeriodKind};
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    let mpp = new_mpp(&app, &admin, "mpp-terbit", "MPP Terbit").await;
    let e = new_unit(&app, "1871-gerai-e").await;
    let f = new_unit(&app, "1871-gerai-f").await;
    add_tenant(&app, &admin, "mpp-terbit", "1871-gerai-e").await;
    add_tenant(&app, &admin, "mpp-terbit", "1871-gerai-f").await;
    let mut answers = responses(e, 5, 4, Some(mpp));
    answers.extend(responses(f, 10, 2, Some(mpp)));
    // E's office answers are not the MPP's.
    answers.extend(responses(e, 5, 1, None));
    app.store.record_responses(&answers).await.expect("stored");
    let json = |body: &str| serde_json::from_str::<serde_json::Value>(body).expect("json");

    // Nothing published yet: listed, with no public period and no figures.
    let (status, list) = get(&app, "/api/v1/mpp").await;
    assert_eq!(status, StatusCode::OK);
    let list = json(&list);
    let entry = list
        .as_array()
        .expect("a list")
        .iter()
        .find(|m| m["code"] == "mpp-terbit")
        .expect("the new MPP is listed")
        .clone();
    assert_eq!(entry["hall_url"], "/m/mpp-terbit");
    assert_eq!(entry["tenants"].as_array().map(Vec::len), Some(2));
    assert_eq!(entry["published_periods"], serde_json::json!([]));
    let (status, body) = get(&app, "/api/v1/mpp/mpp-terbit/ikm").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body.contains("no booth of MPP Terbit has published"),
        "{body}"
    );

    // E publishes the quarter: the MPP's figure is E's answers in the hall alone (100,00), one of
    // the two booths that have answers there.
    let quarter = Period::containing(PeriodKind::Quarter, app::time::jakarta_today());
    let actor = Actor::command_line();
    app.store
        .set_published(e, &quarter.key(), true, Utc::now(), &actor)
        .await
        .expect("published");
    let (status, body) = get(&app, "/api/v1/mpp/mpp-terbit/ikm").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ikm = json(&body);
    assert_eq!(ikm["period"]["key"], quarter.key());
    assert_eq!(ikm["total"]["kind"], "mpp");
    assert_eq!(ikm["total"]["converted"], 100.0);
    assert_eq!(ikm["total"]["respondents"], 5);
    assert_eq!(ikm["total"]["units_published"], 1);
    assert_eq!(ikm["total"]["units_total"], 2);
    assert_eq!(ikm["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(ikm["rows"][0]["code"], "1871-gerai-e");

    // F publishes too: pooled (5·4 + 10·2) / 15 × 25 = 66,67, mean of booths 75,00.
    app.store
        .set_published(f, &quarter.key(), true, Utc::now(), &actor)
        .await
        .expect("published");
    let (_, body) = get(&app, "/api/v1/mpp/mpp-terbit/ikm").await;
    let ikm = json(&body);
    assert_eq!(ikm["total"]["converted"], 66.67, "{body}");
    assert_eq!(ikm["total"]["mean_of_units"], 75.0);
    assert_eq!(ikm["total"]["respondents"], 15);
    let (status, body) = get(&app, "/api/v1/mpp/mpp-terbit/ikm?period=2020-T1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body.contains(&format!("Triwulan I 2020; published: {}", quarter.key())),
        "{body}"
    );
    let (status, body) = get(&app, "/api/v1/mpp/tidak-ada/ikm").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("/api/v1/mpp lists them"));

    // The public page sets it beside the demo's MPPs.
    let (status, page) = get(&app, "/publik").await;
    assert_eq!(status, StatusCode::OK);
    let row = page
        .split("data-mpp=\"mpp-terbit\"")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the MPP's row");
    assert!(row.contains("66,67") && row.contains("75,00"), "{row}");
    assert!(row.contains("2 dari 2"), "{row}");
    assert!(
        page.contains(&format!("data-mpp=\"{HALL}\"")),
        "the demo's MPP"
    );
}
