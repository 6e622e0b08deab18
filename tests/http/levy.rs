//! A levy report followed through (issue #33): a citizen's comment reporting an illegal levy is
//! e-mailed at once to the unit's staff and to its kabupaten/kota's and province's accounts (no
//! one else), listed on the region's page, acknowledged, forwarded to SP4N-LAPOR! under its
//! reference number and closed; one not forwarded closes only with a note of what was done. Each
//! step is audited.

use crate::accounts::{post, sign_in, KOTA, OWN_UNIT, UNIT};
use crate::dashboard::{fake_smtp, get_as, unit};
use crate::survey::{answers_fields, fresh_form, post as survey_post, with};
use crate::TestApp;
use app::access::Role;
use app::accounts::{Actor, NewUser};
use app::dashboard::{AlertKind, AlertStage};
use axum::http::StatusCode;
use std::collections::BTreeSet;
use std::time::Duration;

async fn add_account(app: &TestApp, username: &str, role: Role, scope: Option<&str>) {
    let user = NewUser {
        username: username.into(),
        email: Some(format!("{username}@lampungprov.test")),
        display_name: username.into(),
        password_hash: "not-used".into(),
        role,
        scopes: scope.map(|s| vec![s.to_string()]).unwrap_or_default(),
    };
    let actor = Actor {
        user_id: None,
        name: "test".into(),
        address: String::new(),
    };
    app.store.create_user(&user, &actor).await.expect("account");
}

async fn report(app: &TestApp, said: &str, device: &str) {
    let (id, token) = fresh_form(app).await;
    let fields = with(
        answers_fields([2, 2, 2, 1, 3, 3, 2, 3, 3]),
        &[("id", &id), ("token", &token), ("comment", said)],
    );
    let reply = survey_post(app, &format!("/s/{OWN_UNIT}"), &fields, device).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

async fn levy_alert(app: &TestApp, words: &str) -> app::dashboard::Alert {
    let (unit_id, _) = unit(app).await;
    app.store
        .alerts(unit_id, 100)
        .await
        .expect("alerts")
        .into_iter()
        .find(|a| a.kind == AlertKind::Pungli && a.detail.contains(words))
        .unwrap_or_else(|| panic!("no levy alert with {words}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_levy_report_is_mailed_listed_forwarded_and_closed() {
    let (smtp, mut inbox) = fake_smtp().await;
    let app = crate::app_with_smtp(Some(smtp)).await;
    add_account(&app, "kepala", Role::Unit, Some(OWN_UNIT)).await;
    add_account(&app, "bagian-organisasi", Role::Region, Some("18.71")).await;
    add_account(&app, "biro-organisasi", Role::Province, Some("18")).await;
    add_account(&app, "kabupaten-lain", Role::Region, Some("18.01")).await;
    add_account(&app, "admin-pusat", Role::Admin, None).await;

    report(
        &app,
        "Petugas minta uang rokok 50rb biar KTP cepat",
        "ikm_device=levy-1",
    )
    .await;
    let mut to = BTreeSet::new();
    while to.len() < 3 {
        let message = tokio::time::timeout(Duration::from_secs(20), inbox.recv())
            .await
            .expect("three e-mails within 20 s")
            .expect("a message");
        assert!(
            message.contains("Subject: [IKM] Laporan pungutan liar"),
            "{message}"
        );
        assert!(message.contains("uang rokok"), "{message}");
        for line in message.lines().filter(|l| l.starts_with("RCPT TO:")) {
            to.insert(line.to_string());
        }
    }
    let expected: BTreeSet<String> = ["kepala", "bagian-organisasi", "biro-organisasi"]
        .iter()
        .map(|u| format!("RCPT TO:<{u}@lampungprov.test>"))
        .collect();
    assert_eq!(to, expected);
    assert!(
        tokio::time::timeout(Duration::from_secs(2), inbox.recv())
            .await
            .is_err(),
        "no one else: not another kabupaten, not an administrator"
    );

    // Listed on the kota's page; raised on the unit's dashboard.
    let kota = sign_in(&app, KOTA).await;
    let (_, region) = get_as(&app, &kota, "/wilayah/18.71").await;
    let table = &region[region
        .find("data-testid=\"region-levy-table\"")
        .expect("levy table")..];
    assert!(
        table.contains("uang rokok") && table.contains("data-stage=\"baru\""),
        "{table}"
    );
    let alert = levy_alert(&app, "uang rokok").await;
    assert_eq!(alert.stage(), AlertStage::Raised);
    let dashboard = format!("/dasbor/{OWN_UNIT}");
    let step = |id: i64, what: &str| format!("{dashboard}/peringatan/{id}/{what}");

    // Not forwarded before it is received.
    let early = post(
        &app,
        &step(alert.id, "teruskan"),
        Some(&kota),
        &[("ke", "lapor"), ("nomor", "LAPOR-1")],
    )
    .await;
    assert_eq!(early.status, StatusCode::NOT_FOUND);
    let ack = post(&app, &step(alert.id, "tangani"), Some(&kota), &[]).await;
    assert_eq!(ack.status, StatusCode::SEE_OTHER);
    // A bad forwarding is shown again with what to fix.
    let bad = post(
        &app,
        &step(alert.id, "teruskan"),
        Some(&kota),
        &[("ke", "polisi"), ("nomor", "")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.matches("class=\"field-error\"").count() >= 2,
        "{}",
        bad.body
    );
    let unit_staff = sign_in(&app, UNIT).await;
    let done = post(
        &app,
        &step(alert.id, "teruskan"),
        Some(&unit_staff),
        &[("ke", "lapor"), ("nomor", "LAPOR-2026-0012345")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let (_, html) = get_as(&app, &unit_staff, &dashboard).await;
    assert!(
        html.contains("Diteruskan ke SP4N-LAPOR!, nomor LAPOR-2026-0012345"),
        "{html}"
    );
    // Forwarded: closed without a note.
    let closed = post(
        &app,
        &step(alert.id, "tutup"),
        Some(&unit_staff),
        &[("catatan", "")],
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    assert_eq!(
        levy_alert(&app, "uang rokok").await.stage(),
        AlertStage::Closed
    );
    let (_, region) = get_as(&app, &kota, "/wilayah/18.71").await;
    assert!(region.contains("data-stage=\"ditutup\""));

    // One not forwarded closes only with what was done.
    report(
        &app,
        "Ada calo di depan loket, minta 300rb",
        "ikm_device=levy-2",
    )
    .await;
    let other = levy_alert(&app, "calo").await;
    let ack = post(&app, &step(other.id, "tangani"), Some(&unit_staff), &[]).await;
    assert_eq!(ack.status, StatusCode::SEE_OTHER);
    let short = post(
        &app,
        &step(other.id, "tutup"),
        Some(&unit_staff),
        &[("catatan", "ok")],
    )
    .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains("hanya dapat ditutup dengan catatan"),
        "{}",
        short.body
    );
    let note = "Calo ditertibkan, petugas keamanan berjaga di loket";
    let closed = post(
        &app,
        &step(other.id, "tutup"),
        Some(&unit_staff),
        &[("catatan", note)],
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let other = levy_alert(&app, "calo").await;
    assert_eq!(other.closed.and_then(|c| c.note).as_deref(), Some(note));
    // Closed is closed.
    let again = post(
        &app,
        &step(other.id, "tutup"),
        Some(&unit_staff),
        &[("catatan", note)],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    for action in ["alert_forward", "alert_close"] {
        let audit = app
            .store
            .audit_log(
                &app::model::AuditFilter {
                    action: Some(action.into()),
                    ..Default::default()
                },
                10,
            )
            .await
            .expect("audit");
        assert!(!audit.is_empty(), "{action}");
    }
}
