//! Invitations (issue #32): a one-time link issued by the counter staff opens the survey with the
//! service and counter filled in and is used up by its answer; a second answer, an expired link,
//! another unit's, a tampered or a guessed code are refused with a page that says why and store
//! nothing; a replay stays idempotent; "invitations only" closes the open form; the response rate
//! and the invited share against hand-computed counts.

use crate::accounts::{post, request, sign_in, ADMIN, UNIT};
use crate::survey::{answers_fields, with};
use crate::{get, TestApp};
use app::accounts::Actor;
use app::invitation::{code_from_bytes, normalize, Invitation, CODE_BYTES};
use app::model::{UnitFields, UnitKind};
use app::survey::field;
use app::survey::server::sign_form;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use rand::{Rng, SeedableRng};

const OWN: &str = "1871-disdukcapil";

/// Issues an invitation of `unit` as `cookie` (service and counter as given); its code.
async fn issue(app: &TestApp, cookie: &str, unit: &str, fields: &[(&str, &str)]) -> String {
    let reply = post(
        app,
        &format!("/dasbor/{unit}/undangan/baru"),
        Some(cookie),
        fields,
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.location();
    let code = location
        .split("kode=")
        .nth(1)
        .unwrap_or_else(|| panic!("the new code in {location}"));
    assert_eq!(normalize(code).as_deref(), Some(code));
    code.to_string()
}

/// Posts an answer to `unit`'s survey through `invitation`, with a fresh id and a form token of a
/// minute ago (a person who read the questions: the answer counts); its id.
async fn answer(app: &TestApp, unit: &str, invitation: Option<&str>) -> (crate::Reply, String) {
    let id = uuid::Uuid::now_v7().to_string();
    let secret = app.store.secret().await.expect("secret");
    let token = sign_form(&secret, &id, Utc::now() - Duration::seconds(60));
    let mut extra = vec![("id", id.as_str()), (field::TOKEN, token.as_str())];
    if let Some(code) = invitation {
        extra.push(("undangan", code));
    }
    let fields = with(answers_fields([4, 3, 4, 4, 3, 4, 4, 3, 4]), &extra);
    let reply = crate::survey::post(app, &format!("/s/{unit}"), &fields, "").await;
    (reply, id)
}

async fn stored(app: &TestApp, id: &str) -> bool {
    let id = uuid::Uuid::parse_str(id).expect("uuid");
    app.store.response(id).await.expect("store").is_some()
}

#[tokio::test]
async fn an_invitation_opens_the_survey_once_and_then_says_it_was_used() {
    let app = crate::app().await;
    let staff = sign_in(&app, UNIT).await;
    let unit = app.store.unit(OWN).await.expect("store").expect("unit");
    let service = unit.services[0].id.to_string();
    let code = issue(&app, &staff, OWN, &[("layanan", &service), ("loket", "3")]).await;

    // The counter's page shows it as a QR code, a WhatsApp link and an SMS text.
    let page = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN}/undangan?kode={code}"),
        Some(&staff),
        "",
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("/i/{code}")), "{}", page.body);
    assert!(page.body.contains("<svg") && page.body.contains("https://wa.me/?text="));
    assert!(page.body.contains("Mohon nilai pelayanan kami"));

    // Typed from the slip in lower case without dashes, the link opens the unit's survey with the
    // service and counter filled in.
    let typed = code.replace('-', "").to_lowercase();
    let (status, _) = get(&app, &format!("/i/{typed}")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let opened = request(&app, "GET", &format!("/i/{typed}"), None, "", None).await;
    let survey = opened.location();
    assert_eq!(
        survey,
        format!("/s/{OWN}?undangan={code}&layanan={service}&loket=3")
    );
    let (status, form) = get(&app, survey).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains(&format!("name=\"undangan\" value=\"{code}\"")),
        "{form}"
    );

    // Its answer is stored and uses it up; the same answer sent again is still a success.
    let id = uuid::Uuid::now_v7().to_string();
    let fields = with(
        answers_fields([4, 3, 4, 4, 3, 4, 4, 3, 4]),
        &[("id", id.as_str()), ("undangan", code.as_str())],
    );
    let first = crate::survey::post(&app, &format!("/s/{OWN}"), &fields, "").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let replay = crate::survey::post(&app, &format!("/s/{OWN}"), &fields, "").await;
    assert_eq!(replay.status, StatusCode::SEE_OTHER, "{}", replay.body);
    assert!(stored(&app, &id).await);
    let invitation = app
        .store
        .invitation(&code)
        .await
        .expect("store")
        .expect("it");
    assert_eq!(invitation.response_id.as_deref(), Some(id.as_str()));

    // A second answer with it is refused, stores nothing, and says why; so does the link.
    let (second, second_id) = answer(&app, OWN, Some(&code)).await;
    assert_eq!(second.status, StatusCode::GONE);
    assert!(
        second.body.contains("Undangan ini sudah dipakai"),
        "{}",
        second.body
    );
    assert!(!stored(&app, &second_id).await);
    let (status, page) = get(&app, survey).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("Undangan ini sudah dipakai"));
    assert!(!page.contains("name=\"undangan\""), "no form");
}

#[tokio::test]
async fn expired_foreign_tampered_and_guessed_invitations_store_nothing() {
    let app = crate::app().await;
    let staff = sign_in(&app, UNIT).await;
    let unit = app.store.unit(OWN).await.expect("store").expect("unit");

    // Issued eight days ago with seven days to answer.
    let issued = Utc::now() - Duration::days(8);
    let old = Invitation {
        code: code_from_bytes([7; CODE_BYTES]),
        unit_id: unit.id,
        unit_code: OWN.into(),
        service_id: None,
        counter_tag: String::new(),
        issued_at: issued,
        expires_at: issued + Duration::days(7),
        response_id: None,
    };
    app.store
        .issue_invitations(std::slice::from_ref(&old), "test")
        .await
        .expect("issued");
    let (reply, id) = answer(&app, OWN, Some(&old.code)).await;
    assert_eq!(reply.status, StatusCode::GONE);
    assert!(reply.body.contains("sudah kedaluwarsa"), "{}", reply.body);
    assert!(!stored(&app, &id).await);

    // Another unit's form with this unit's invitation.
    let code = issue(&app, &staff, OWN, &[]).await;
    let (reply, id) = answer(&app, "1871-rsud", Some(&code)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("Tautan undangan tidak dikenal"));
    assert!(!stored(&app, &id).await);
    // One character changed, or not a code at all.
    let last = code.chars().last().expect("a character");
    let tampered = format!(
        "{}{}",
        &code[..code.len() - 1],
        if last == 'A' { 'B' } else { 'A' }
    );
    for bad in [tampered.as_str(), "bukan-kode", "%00"] {
        let (reply, id) = answer(&app, OWN, Some(bad)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(!stored(&app, &id).await);
        let (status, page) = get(&app, &format!("/i/{}", app::i18n::encode_query(bad))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        assert!(page.contains("Tautan undangan tidak dikenal"));
    }
    // The untouched one still works.
    let (reply, id) = answer(&app, OWN, Some(&code)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(stored(&app, &id).await);

    // Ten thousand guesses find none (80 random bits); a few hundred through the link itself.
    let mut rng = rand::rngs::StdRng::seed_from_u64(32);
    for n in 0..10_000 {
        let guess = code_from_bytes(rng.gen());
        assert!(
            app.store.invitation(&guess).await.expect("store").is_none(),
            "{guess}"
        );
        if n % 50 == 0 {
            let (status, _) = get(&app, &format!("/i/{guess}")).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
    }
}

#[tokio::test]
async fn invitations_only_closes_the_open_form_and_the_counts_are_hand_computed() {
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    let unit = "1871-uji-undangan";
    test_unit(&app, unit, 1_000).await;

    // Three invitations, two answered through them, and two open answers: a response rate of
    // 2 / 3 = 66,67 %, and 2 of 4 respondents by invitation = 50,00 %.
    let codes = [
        issue(&app, &admin, unit, &[]).await,
        issue(&app, &admin, unit, &[]).await,
        issue(&app, &admin, unit, &[]).await,
    ];
    for invitation in [Some(codes[0].as_str()), Some(codes[1].as_str()), None, None] {
        let (reply, _) = answer(&app, unit, invitation).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let today = app::time::jakarta_today();
    let counts = app
        .store
        .invitation_counts(
            app.store.unit(unit).await.expect("store").expect("unit").id,
            today,
            today,
        )
        .await
        .expect("counts");
    assert_eq!(
        (counts.issued, counts.answered, counts.invited_answers),
        (3, 2, 2)
    );
    let dashboard = request(
        &app,
        "GET",
        &format!("/dasbor/{unit}"),
        Some(&admin),
        "",
        None,
    )
    .await;
    assert_eq!(dashboard.status, StatusCode::OK);
    for shown in [
        "data-testid=\"invitations-issued\">3<",
        "data-testid=\"response-rate\">66,67%<",
        "data-testid=\"invited-share\">50,00%<",
    ] {
        assert!(
            dashboard.body.contains(shown),
            "{shown}: {}",
            dashboard.body
        );
    }

    // The report's BAB II says the same in words.
    let report = request(
        &app,
        "GET",
        &format!("/dasbor/{unit}/laporan"),
        Some(&admin),
        "",
        None,
    )
    .await;
    assert!(
        report.body.contains(
            "3 undangan dibuat pada periode ini dan 2 di antaranya dijawab (tingkat tanggapan \
             66,67%). Jawaban melalui undangan adalah 50,00% dari seluruh responden."
        ),
        "{}",
        report.body
    );

    // A number of days out of range is refused beside its field.
    let reply = post(
        &app,
        &format!("/dasbor/{unit}/undangan/pengaturan"),
        Some(&admin),
        &[("masa", "0")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("field-error"), "{}", reply.body);
    // Invitations only: the open form and kiosk say why, and an open answer is refused.
    let reply = post(
        &app,
        &format!("/dasbor/{unit}/undangan/pengaturan"),
        Some(&admin),
        &[("masa", "3"), ("hanya_undangan", "1")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    for path in [format!("/s/{unit}"), format!("/k/{unit}")] {
        let (status, page) = get(&app, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.contains("Survei ini hanya melalui undangan"), "{page}");
    }
    let (reply, id) = answer(&app, unit, None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(!stored(&app, &id).await);
    // An invitation issued now is valid for three days, and its answer is stored.
    let code = issue(&app, &admin, unit, &[]).await;
    let invitation = app
        .store
        .invitation(&code)
        .await
        .expect("store")
        .expect("it");
    assert_eq!(
        invitation.expires_at - invitation.issued_at,
        Duration::days(3)
    );
    let (reply, id) = answer(&app, unit, Some(&code)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(stored(&app, &id).await);
}

/// Calls the invitations API of `unit` with `key` (or none) and `body`.
async fn call(app: &TestApp, unit: &str, key: Option<&str>, body: &str) -> crate::Reply {
    use axum::body::Body;
    use axum::http::{header, Request};
    let mut request = Request::post(format!("/api/v1/units/{unit}/invitations"))
        .header(header::HOST, "ikm.test")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    crate::send(
        app,
        request.body(Body::from(body.to_string())).expect("request"),
    )
    .await
}

/// The key a page shows once, after it was made.
fn shown_key(page: &str) -> String {
    page.split("data-testid=\"new-api-key\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split('<').next())
        .expect("the new key")
        .to_string()
}

#[tokio::test]
async fn a_queue_machine_issues_invitations_with_its_units_key_alone() {
    let app = crate::app().await;
    let staff = sign_in(&app, UNIT).await;
    // The unit's page makes a key and shows it once; its list shows only the prefix.
    let made = post(
        &app,
        &format!("/dasbor/{OWN}/undangan/kunci"),
        Some(&staff),
        &[("nama", "Mesin antrean lantai 1")],
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let key = shown_key(&made.body);
    assert!(app::invitation::key_prefix(&key).is_some(), "{key}");
    let page = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN}/undangan"),
        Some(&staff),
        "",
        None,
    )
    .await;
    assert!(page.body.contains("Mesin antrean lantai 1"));
    assert!(!page.body.contains(&key), "the key is shown once only");

    // Three invitations for counter 2, each with its link and QR code.
    let reply = call(&app, OWN, Some(&key), r#"{"count": 3, "counter": "2"}"#).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let issued: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    let list = issued["invitations"].as_array().expect("a list");
    assert_eq!(list.len(), 3);
    for one in list {
        let code = one["code"].as_str().expect("code");
        assert_eq!(one["url"], format!("http://ikm.test/i/{code}"));
        assert!(one["qr_svg"].as_str().is_some_and(|s| s.contains("<svg")));
        let invitation = app
            .store
            .invitation(code)
            .await
            .expect("store")
            .expect("stored");
        assert_eq!(invitation.counter_tag, "2");
    }
    let png_path = format!("/i/{}/qr.png", list[0]["code"].as_str().expect("code"));
    assert_eq!(list[0]["qr_png"], format!("http://ikm.test{png_path}"));
    let png = crate::send(
        &app,
        axum::http::Request::get(&png_path)
            .body(axum::body::Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(png.status, StatusCode::OK);
    assert_eq!(png.headers[axum::http::header::CONTENT_TYPE], "image/png");
    // 500 in one call; 501 refused with the limit named.
    let reply = call(&app, OWN, Some(&key), r#"{"count": 500}"#).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let reply = call(&app, OWN, Some(&key), r#"{"count": 501}"#).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains("count must be 1 to 500"),
        "{}",
        reply.body
    );
    // Every use is in the audit log, with how many.
    let uses = app
        .store
        .audit_log(
            &app::model::AuditFilter {
                action: Some("api_key_use".into()),
                target: Some(OWN.into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("audit");
    assert_eq!(uses.len(), 2, "{uses:?}");
    assert!(uses.iter().any(|u| u
        .after
        .as_deref()
        .is_some_and(|a| a.contains("\"issued\":500"))));

    // Another unit, no key, a wrong secret with the same prefix: refused.
    let reply = call(&app, "1871-rsud", Some(&key), "{}").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(
        reply.body.contains("belongs to unit 1871-disdukcapil"),
        "{}",
        reply.body
    );
    assert_eq!(
        call(&app, OWN, None, "{}").await.status,
        StatusCode::UNAUTHORIZED
    );
    let forged = format!(
        "{}{}",
        &key[..key.len() - 1],
        if key.ends_with('a') { 'b' } else { 'a' }
    );
    assert_eq!(
        call(&app, OWN, Some(&forged), "{}").await.status,
        StatusCode::UNAUTHORIZED
    );
    // A revoked key is refused from then on.
    let id = app
        .store
        .api_keys(app.store.unit(OWN).await.expect("store").expect("unit").id)
        .await
        .expect("keys")[0]
        .id;
    let reply = post(
        &app,
        &format!("/dasbor/{OWN}/undangan/kunci/{id}/cabut"),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let reply = call(&app, OWN, Some(&key), "{}").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.body.contains("revoked"));
    // Calls past the limit of a minute are refused (a fresh key, many small calls).
    let made = post(
        &app,
        &format!("/dasbor/{OWN}/undangan/kunci"),
        Some(&staff),
        &[("nama", "Mesin kedua")],
    )
    .await;
    let second = shown_key(&made.body);
    let mut statuses = Vec::new();
    for _ in 0..=31 {
        statuses.push(call(&app, OWN, Some(&second), "{}").await.status);
    }
    assert!(
        statuses[..30].iter().all(|s| *s == StatusCode::CREATED),
        "{statuses:?}"
    );
    assert_eq!(statuses[30], StatusCode::TOO_MANY_REQUESTS);
}

/// Makes a unit of Bandar Lampung for a test, serving `per_year` people a year.
async fn test_unit(app: &TestApp, code: &str, per_year: u64) -> i64 {
    let fields = UnitFields {
        name: format!("Loket Uji {code}"),
        kind: UnitKind::Lainnya,
        region_code: "18.71".into(),
        mpp_name: None,
        active: true,
        complaint_contact: None,
        population_per_year: Some(per_year),
    };
    app.store
        .create_unit(code, &fields, &Actor::command_line())
        .await
        .expect("unit");
    app.store.unit(code).await.expect("store").expect("unit").id
}

/// Uploads a served-counts file to `unit`'s invitations page as `cookie`.
async fn upload_served(
    app: &TestApp,
    cookie: &str,
    unit: &str,
    name: &str,
    file: &[u8],
) -> crate::Reply {
    crate::scorecard::post_multipart(
        app,
        &format!("/dasbor/{unit}/undangan/dilayani"),
        cookie,
        &[("berkas", Some(name), file)],
    )
    .await
}

#[tokio::test]
async fn served_counts_are_taken_all_or_nothing_and_become_the_samples_population() {
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    let unit = "1871-uji-dilayani";
    // 36 500 a year would make a quarter's population about 9 000 (a minimum sample of 368).
    let id = test_unit(&app, unit, 36_500).await;
    let today = app::time::jakarta_today();
    let quarter = ikm_domain::Period::containing(ikm_domain::PeriodKind::Quarter, today);
    let counts = || async {
        app.store
            .invitation_counts(id, quarter.from, quarter.to)
            .await
            .expect("counts")
    };

    // Two invitations today, one answered through its link, and one open answer.
    let code = issue(&app, &admin, unit, &[]).await;
    issue(&app, &admin, unit, &[]).await;
    for invitation in [Some(code.as_str()), None] {
        let (reply, _) = answer(&app, unit, invitation).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    // Nothing uploaded: the two invitations are the people counted as served today.
    assert_eq!(counts().await.served, Some(2));

    // 30 served today and, on the quarter's first day (when that is another day), 10.
    let first = (quarter.from < today).then_some(quarter.from);
    let mut csv = format!("tanggal,jumlah\n{},30\n", today.format("%d/%m/%Y"));
    if let Some(day) = first {
        csv.push_str(&format!("{day},10\n"));
    }
    let reply = upload_served(&app, &admin, unit, "dilayani.csv", csv.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let served = 30 + first.map_or(0, |_| 10);
    let now = counts().await;
    assert_eq!(
        (now.served, now.uploaded_days),
        (Some(served), 1 + u64::from(first.is_some()))
    );
    // 2 respondents of 40 served: 5,00 % (of 30: 6,67 %).
    let per_served = if first.is_some() { "5,00%" } else { "6,67%" };
    let page = request(
        &app,
        "GET",
        &format!("/dasbor/{unit}/undangan"),
        Some(&admin),
        "",
        None,
    )
    .await;
    assert!(
        page.body
            .contains(&format!("data-testid=\"per-served\">{per_served}<")),
        "{}",
        page.body
    );
    let dashboard = request(
        &app,
        "GET",
        &format!("/dasbor/{unit}"),
        Some(&admin),
        "",
        None,
    )
    .await;
    assert!(
        dashboard
            .body
            .contains(&format!("data-testid=\"served\">{served}<")),
        "{}",
        dashboard.body
    );
    assert!(dashboard.body.contains("tercatat dilayani"));
    // The report's population is the count (Krejcie–Morgan: 36 for 40, 28 for 30).
    let report = request(
        &app,
        "GET",
        &format!("/dasbor/{unit}/laporan"),
        Some(&admin),
        "",
        None,
    )
    .await;
    let required = if first.is_some() { 36 } else { 28 };
    for words in [
        format!(
            "Populasi adalah penerima layanan selama periode survei: {served} orang (tercatat dari \
             jumlah orang dilayani per hari yang dicatat unit dan undangan survei yang dibuat)."
        ),
        format!("sampel minimum untuk populasi tersebut adalah {required} responden"),
    ] {
        assert!(report.body.contains(&words), "{words}: {}", report.body);
    }

    // A file with wrong rows: each named by its row, and nothing of it kept.
    let tomorrow = today + Duration::days(1);
    let bad = format!("tanggal,jumlah\n{today},99\n31/02/2026,5\n{tomorrow},4\n{today},1.5\n");
    let reply = upload_served(&app, &admin, unit, "salah.csv", bad.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for words in [
        "Baris 3: tanggal \"31/02/2026\" tidak dikenal".to_string(),
        format!("Baris 4: {} belum tiba", tomorrow.format("%d-%m-%Y")),
        "Baris 5: jumlah \"1.5\" bukan bilangan bulat".to_string(),
        "Tidak ada yang disimpan".to_string(),
    ] {
        assert!(reply.body.contains(&words), "{words}: {}", reply.body);
    }
    assert_eq!(counts().await.served, Some(served));
    // No file at all is refused beside the field.
    let reply = upload_served(&app, &admin, unit, "kosong.csv", b"").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("field-error"), "{}", reply.body);

    // An XLSX replaces today's count.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Tanggal").expect("cell");
    sheet.write_string(0, 1, "Jumlah").expect("cell");
    sheet.write_string(1, 0, today.to_string()).expect("cell");
    sheet.write_number(1, 1, 50.0).expect("cell");
    let xlsx = book.save_to_buffer().expect("xlsx");
    let reply = upload_served(&app, &admin, unit, "dilayani.xlsx", &xlsx).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(counts().await.served, Some(served + 20));

    // Another unit's staff may not.
    let staff = sign_in(&app, UNIT).await;
    let reply = upload_served(&app, &staff, unit, "dilayani.csv", csv.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(counts().await.served, Some(served + 20));

    // The region comparison shows the response rate (1 of 2) and respondents per served.
    let region = request(&app, "GET", "/wilayah/18.71", Some(&admin), "", None).await;
    assert_eq!(region.status, StatusCode::OK);
    let row_at = region
        .body
        .find(&format!("data-code=\"{unit}\""))
        .unwrap_or_else(|| panic!("the unit's row: {}", region.body));
    let row = &region.body[row_at..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(row.contains("50,00%") && row.contains("1/2"), "{row}");
}

#[tokio::test]
async fn a_low_response_rate_raises_its_alert() {
    let app = crate::app().await;
    let admin = sign_in(&app, ADMIN).await;
    let unit = "1871-uji-tanggapan";
    let id = test_unit(&app, unit, 1_000).await;
    // 20 invitations two days ago, 5 answered: 25 % < 30 %.
    let issued = Utc::now() - Duration::days(2);
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let old: Vec<Invitation> = (0..20)
        .map(|_| Invitation {
            code: code_from_bytes(rng.gen()),
            unit_id: id,
            unit_code: unit.into(),
            service_id: None,
            counter_tag: String::new(),
            issued_at: issued,
            expires_at: issued + Duration::days(7),
            response_id: None,
        })
        .collect();
    app.store
        .issue_invitations(&old, "test")
        .await
        .expect("issued");
    for invitation in &old[..5] {
        let (reply, _) = answer(&app, unit, Some(&invitation.code)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    // The rule is set once the answers are in (each answer asks for a check: an earlier rule
    // would have caught the rate at 1 of 20); issuing an invitation asks for one too.
    let rules = post(
        &app,
        &format!("/dasbor/{unit}/peringatan"),
        Some(&admin),
        &[("tanggapan", "30"), ("email", "")],
    )
    .await;
    assert_eq!(rules.status, StatusCode::SEE_OTHER, "{}", rules.body);
    // A rate out of range is refused beside its field.
    let reply = post(
        &app,
        &format!("/dasbor/{unit}/peringatan"),
        Some(&admin),
        &[("tanggapan", "0")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);

    issue(&app, &admin, unit, &[]).await;
    let alert = crate::eventually(
        std::time::Duration::from_secs(15),
        "the response-rate alert",
        || async {
            app.store
                .alerts(id, 10)
                .await
                .expect("alerts")
                .into_iter()
                .find(|a| a.kind == app::dashboard::AlertKind::ResponseRate)
        },
    )
    .await;
    assert!(
        alert
            .detail
            .starts_with("Tingkat tanggapan 25,00 % (5 dari 20 undangan,"),
        "{}",
        alert.detail
    );
    assert!(alert.detail.ends_with("batas 30 %"), "{}", alert.detail);
}

#[tokio::test]
async fn two_answers_with_one_invitation_in_one_batch_store_one() {
    let app = crate::app().await;
    let unit = app.store.unit(OWN).await.expect("store").expect("unit");
    let now = Utc::now();
    let invitation = Invitation {
        code: code_from_bytes([9; CODE_BYTES]),
        unit_id: unit.id,
        unit_code: OWN.into(),
        service_id: None,
        counter_tag: String::new(),
        issued_at: now - Duration::minutes(5),
        expires_at: now + Duration::days(7),
        response_id: None,
    };
    app.store
        .issue_invitations(std::slice::from_ref(&invitation), "test")
        .await
        .expect("issued");
    let answer = |minutes| {
        let mut r = crate::dashboard::response(unit.id, now - Duration::minutes(minutes), [4; 9]);
        r.invitation = Some(invitation.code.clone());
        r
    };
    let (first, second) = (answer(2), answer(1));
    let outcomes = app
        .store
        .record_responses(&[first.clone(), second.clone()])
        .await
        .expect("recorded");
    let stored = outcomes
        .iter()
        .filter(|o| **o == app::store::RecordOutcome::Stored)
        .count();
    assert_eq!(stored, 1, "{outcomes:?}");
    assert!(outcomes.contains(&app::store::RecordOutcome::InvitationRefused));
    // The winner's replay is stored once, the loser stays refused.
    let used = app
        .store
        .invitation(&invitation.code)
        .await
        .expect("store")
        .expect("it")
        .response_id
        .expect("used");
    let (winner, loser) = if used == first.id.to_string() {
        (first, second)
    } else {
        (second, first)
    };
    let again = app
        .store
        .record_responses(&[winner.clone(), loser.clone()])
        .await
        .expect("recorded");
    assert_eq!(again[0], app::store::RecordOutcome::Duplicate, "{again:?}");
    assert_eq!(again[1], app::store::RecordOutcome::InvitationRefused);
}

/// `response_id` has no index (migration 0022): the claim itself keeps an answer stored already
/// from using up a second invitation when it is sent again through another.
#[tokio::test]
async fn an_answer_stored_already_uses_no_second_invitation() {
    let app = crate::app().await;
    let unit = app.store.unit(OWN).await.expect("store").expect("unit");
    let now = Utc::now();
    let issue = |byte: u8| Invitation {
        code: code_from_bytes([byte; CODE_BYTES]),
        unit_id: unit.id,
        unit_code: OWN.into(),
        service_id: None,
        counter_tag: String::new(),
        issued_at: now - Duration::minutes(5),
        expires_at: now + Duration::days(7),
        response_id: None,
    };
    let (a, b) = (issue(11), issue(12));
    app.store
        .issue_invitations(&[a.clone(), b.clone()], "test")
        .await
        .expect("issued");
    let used_by = |code: String| {
        let store = app.store.clone();
        async move {
            store
                .invitation(&code)
                .await
                .expect("store")
                .expect("the invitation")
                .response_id
        }
    };
    let mut answer = crate::dashboard::response(unit.id, now - Duration::minutes(2), [4; 9]);
    answer.invitation = Some(a.code.clone());
    let outcomes = app
        .store
        .record_responses(std::slice::from_ref(&answer))
        .await
        .expect("recorded");
    assert_eq!(outcomes, vec![app::store::RecordOutcome::Stored]);
    let mut again = answer.clone();
    again.invitation = Some(b.code.clone());
    let outcomes = app
        .store
        .record_responses(std::slice::from_ref(&again))
        .await
        .expect("recorded");
    assert_eq!(outcomes, vec![app::store::RecordOutcome::InvitationRefused]);
    assert_eq!(used_by(b.code.clone()).await, None);
    assert_eq!(used_by(a.code.clone()).await, Some(answer.id.to_string()));
    // Its replay through its own invitation is still stored once.
    let outcomes = app
        .store
        .record_responses(std::slice::from_ref(&answer))
        .await
        .expect("recorded");
    assert_eq!(outcomes, vec![app::store::RecordOutcome::Duplicate]);
}
