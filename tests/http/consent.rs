//! Consent to be contacted (issue #33): a citizen who ticks the consent sentence and gives a number
//! is reachable by that unit's own staff alone — not the kota or province above it, not an
//! administrator, never the public; staff mark it contacted (audited); it is deleted 90 days after
//! the comment is closed while the answer and its tallies stay. Without consent nothing is kept.

use crate::accounts::{self, sign_in, ADMIN, KOTA, PROVINSI, UNIT};
use crate::dashboard::get_as;
use crate::survey::{answers_fields, fresh_form, post, unit_id, with, UNIT as CODE};
use crate::{app, get, TestApp};
use app::dashboard::CommentFilter;
use app::store::Counted;
use axum::http::StatusCode;
use chrono::{Duration, Utc};

const LOW: [u8; 9] = [2, 1, 2, 3, 3, 3, 2, 3, 3];
const TYPED: &str = "0812 3456 7890";
const KEPT: &str = "+6281234567890";

/// Today's inbox of the demo unit (answers posted now fall on today, Asia/Jakarta).
fn inbox() -> String {
    let today = app::time::jakarta_today();
    format!("/dasbor/{CODE}/masukan?dari={today}&sampai={today}")
}

/// Posts an answer with the consent fields given; its id and the reply's status.
async fn answer(app: &TestApp, extra: &[(&str, &str)]) -> (String, StatusCode, String) {
    let (id, token) = fresh_form(app).await;
    let fields = with(
        answers_fields(LOW),
        &[&[("id", id.as_str()), ("token", token.as_str())][..], extra].concat(),
    );
    let reply = post(
        app,
        &format!("/s/{CODE}"),
        &fields,
        "ikm_device=consent-test",
    )
    .await;
    (id, reply.status, reply.body)
}

async fn has_contact(app: &TestApp, id: &str) -> bool {
    contacts_of(app).await.iter().any(|(r, _)| r == id)
}

async fn contacts_of(app: &TestApp) -> Vec<(String, Option<String>)> {
    let today = app::time::jakarta_today();
    let filter = CommentFilter {
        from: today,
        to: today,
        service: None,
        low_only: false,
        status: None,
        search: None,
        theme: None,
        flag: None,
    };
    app.store
        .comments(unit_id(app).await, &filter, 500)
        .await
        .expect("comments")
        .into_iter()
        .filter_map(|r| r.contact.map(|c| (r.response_id, Some(c.contact.value))))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consented_number_reaches_only_that_units_staff_and_goes_90_days_after_closing() {
    let app = app().await;
    let (id, status, body) = answer(
        &app,
        &[
            (
                "comment",
                "Antrean lama, mohon dihubungi. NIK saya 1871012345670001",
            ),
            ("hubungi", "ya"),
            ("kontak", TYPED),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(contacts_of(&app)
        .await
        .contains(&(id.clone(), Some(KEPT.to_string()))));

    // The unit's own staff: the number, links to call and WhatsApp, "mark as contacted".
    let unit = sign_in(&app, UNIT).await;
    let (status, html) = get_as(&app, &unit, &inbox()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(KEPT), "{html}");
    assert!(html.contains("https://wa.me/6281234567890"));
    assert!(html.contains(&format!("/masukan/{id}/dihubungi")));
    // Having consented, the citizen's comment reaches their unit's staff as written.
    assert!(html.contains("NIK saya 1871012345670001"), "{html}");

    // Nobody else: the kota and the province see the comment, never the number; nor an admin.
    for account in [KOTA, PROVINSI, ADMIN] {
        let cookie = sign_in(&app, account).await;
        let (status, html) = get_as(&app, &cookie, &inbox()).await;
        assert_eq!(status, StatusCode::OK, "{}", account.0);
        assert!(html.contains("mohon dihubungi"), "{}: {html}", account.0);
        assert!(
            html.contains("18************01") && !html.contains("1871012345670001"),
            "{}: masked",
            account.0
        );
        assert!(
            !html.contains(KEPT) && !html.contains("3456") && !html.contains("dihubungi\""),
            "{}: {html}",
            account.0
        );
        // And may not mark it.
        let reply = accounts::post(
            &app,
            &format!("/dasbor/{CODE}/masukan/{id}/dihubungi"),
            Some(&cookie),
            &[],
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", account.0);
    }
    // Nor the public.
    for page in [format!("/unit/{CODE}"), format!("/publik/{CODE}")] {
        let (_, html) = get(&app, &page).await;
        assert!(!html.contains(KEPT) && !html.contains("3456"), "{page}");
    }

    // Marked contacted, with who and when; audited.
    let reply = accounts::post(
        &app,
        &format!("/dasbor/{CODE}/masukan/{id}/dihubungi"),
        Some(&unit),
        &[("kembali", &inbox())],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let (_, html) = get_as(&app, &unit, &inbox()).await;
    assert!(html.contains("Sudah dihubungi"), "{html}");
    let audit = app
        .store
        .audit_log(
            &app::model::AuditFilter {
                action: Some("contact_marked".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("audit");
    assert!(audit.iter().any(|a| a.target == id), "{audit:#?}");
    // Another unit's answer id is not this unit's to mark.
    let reply = accounts::post(
        &app,
        &format!("/dasbor/{CODE}/masukan/{}/dihubungi", uuid::Uuid::now_v7()),
        Some(&unit),
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // Kept while the comment is open; closed, kept 90 days; then deleted, the answer untouched.
    let tally = |app: &TestApp| {
        let app = app.store.clone();
        async move {
            let id = app.unit(CODE).await.expect("store").expect("unit").id;
            let today = app::time::jakarta_today();
            app.unit_tally(id, today, today, Counted::Valid)
                .await
                .expect("tally")
        }
    };
    let before = tally(&app).await;
    // (The demo's own contacts, on comments its staff closed long ago, may go on any pass.)
    app.store
        .forget_contacts(Utc::now() + Duration::days(400), true)
        .await
        .expect("forget");
    assert!(has_contact(&app, &id).await, "open: kept however long");
    let reply = accounts::post(
        &app,
        &format!("/dasbor/{CODE}/masukan/{id}"),
        Some(&unit),
        &[("status", "selesai"), ("catatan", ""), ("balasan", "")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let now = Utc::now();
    app.store
        .forget_contacts(now + Duration::days(89), true)
        .await
        .expect("forget");
    assert!(has_contact(&app, &id).await, "closed 89 days ago: kept");
    assert_eq!(
        app.store
            .forget_contacts(now + Duration::days(91), true)
            .await
            .expect("forget"),
        1,
        "this one alone"
    );
    assert!(!contacts_of(&app).await.iter().any(|(r, _)| *r == id));
    let (_, html) = get_as(&app, &unit, &inbox()).await;
    assert!(!html.contains(KEPT) && html.contains("mohon dihubungi"));
    assert_eq!(tally(&app).await, before, "the answer still counts");
    let audit = app
        .store
        .audit_log(
            &app::model::AuditFilter {
                action: Some("contacts_forgotten".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("audit");
    assert!(!audit.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_consent_nothing_identifying_is_kept_and_the_form_says_what_to_fix() {
    let app = app().await;
    let stored = app.store.counts().await.expect("counts").responses;

    // A number without the box ticked: the form again, the number as typed, the box to tick.
    let (_, status, html) = answer(&app, &[("comment", "tolong telepon"), ("kontak", TYPED)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Centang persetujuan"), "{html}");
    assert!(html.contains(&format!("value=\"{TYPED}\"")), "{html}");
    assert!(
        html.contains("href=\"#hubungi\""),
        "the summary links the box: {html}"
    );
    // Consent without a readable number or address.
    let (_, status, html) = answer(&app, &[("hubungi", "ya"), ("kontak", "besok saja")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Tulis nomor Indonesia"), "{html}");
    let (_, status, html) = answer(&app, &[("hubungi", "ya")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Isi nomor telepon/WhatsApp atau e-mail"),
        "{html}"
    );
    assert_eq!(
        app.store.counts().await.expect("counts").responses,
        stored,
        "nothing stored while there is something to fix"
    );

    // No consent, no number: stored, nothing kept beside it.
    let (id, status, _) = answer(&app, &[("comment", "biasa saja")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(!contacts_of(&app).await.iter().any(|(r, _)| *r == id));

    // A low answer without a comment, with an e-mail: in the inbox for its contact alone, and it
    // can be closed like a comment.
    let (id, status, body) = answer(
        &app,
        &[("hubungi", "ya"), ("kontak", "Warga.Lampung@Contoh.CO.ID")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let unit = sign_in(&app, UNIT).await;
    let (_, html) = get_as(&app, &unit, &inbox()).await;
    assert!(html.contains("Warga.Lampung@contoh.co.id"), "{html}");
    assert!(html.contains("mailto:Warga.Lampung@contoh.co.id"));
    assert!(html.contains("tanpa komentar"));
    let reply = accounts::post(
        &app,
        &format!("/dasbor/{CODE}/masukan/{id}"),
        Some(&unit),
        &[
            ("status", "selesai"),
            ("catatan", "Sudah ditelepon"),
            ("balasan", ""),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

/// The survey page offers it (without the WASM it is always there) and links the privacy page,
/// which says who sees a contact and for how long, in both languages.
#[tokio::test]
async fn the_survey_offers_consent_and_links_the_privacy_page() {
    let app = app().await;
    let (status, html) = get(&app, &format!("/s/{CODE}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Boleh kami hubungi?"), "{html}");
    assert!(html.contains("name=\"hubungi\"") && html.contains("name=\"kontak\""));
    assert!(html.contains("<label for=\"kontak\""));
    assert!(html.contains("href=\"/privasi\""));
    let (status, html) = get(&app, "/privasi").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("90 hari") && html.contains("petugas unit itu sendiri"),
        "{html}"
    );
    let reply = crate::send(
        &app,
        axum::http::Request::get("/privasi")
            .header(axum::http::header::COOKIE, "ikm_lang=en")
            .body(axum::body::Body::empty())
            .expect("request"),
    )
    .await;
    assert!(reply.body.contains("Survey privacy") && reply.body.contains("90 days"));
}

/// The demo shows it: the unit account's inbox has citizens' consented contacts, one marked
/// contacted by its staff.
#[tokio::test]
async fn the_demo_unit_has_consented_contacts_one_contacted() {
    let app = app().await;
    // As the server's sweep finds them: the demo's contacts are recent, none past its time.
    app.store
        .forget_contacts(Utc::now(), true)
        .await
        .expect("sweep");
    let today = app::time::jakarta_today();
    let from = today - Duration::days(90);
    let filter = CommentFilter {
        from,
        to: today,
        service: None,
        low_only: false,
        status: None,
        search: None,
        theme: None,
        flag: None,
    };
    let rows = app
        .store
        .comments(unit_id(&app).await, &filter, 5_000)
        .await
        .expect("comments");
    let contacts: Vec<_> = rows.iter().filter_map(|r| r.contact.as_ref()).collect();
    assert_eq!(contacts.len(), 3, "{contacts:#?}");
    assert_eq!(
        contacts.iter().filter(|c| c.contacted_at.is_some()).count(),
        1
    );
    let unit = sign_in(&app, UNIT).await;
    let (_, html) = get_as(
        &app,
        &unit,
        &format!("/dasbor/{CODE}/masukan?dari={from}&sampai={today}&rendah=1"),
    )
    .await;
    assert!(html.contains("Warga bersedia dihubungi"), "{html}");
    assert!(html.contains("Sudah dihubungi"));
}
