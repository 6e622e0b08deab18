//! What citizens write, read (issue #33): each stored comment gets its themes and flags in the
//! answer's own transaction; a comment reporting an illegal levy raises the unit's alert at once,
//! one per comment, audited, which the unit's staff and the region's accounts see on its dashboard;
//! the inbox filters by theme and flag and shows them.

use crate::accounts::{sign_in, KOTA, OWN_UNIT, UNIT};
use crate::app;
use crate::dashboard::{day, get_as, response, unit};
use app::dashboard::{AlertKind, CommentFilter};
use ikm_domain::themes::CommentFlag;
use ikm_domain::Unsur;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_levy_reported_raises_an_alert_at_once_and_the_inbox_filters_by_theme_and_flag() {
    let app = app().await;
    let (unit_id, _) = unit(&app).await;
    let before = app.store.alerts(unit_id, 50).await.expect("alerts").len();
    let said = [
        "Ada calo di parkiran, minta 200rb biar KTP cepat jadi. Hubungi saya 0812-3456-7821",
        "Petugas minta uang rokok setelah berkas selesai",
        "Pelayanan cepat dan petugas ramah, terima kasih",
        "Antri lama bgt, ruang tunggu panas",
    ];
    let responses: Vec<_> = said
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut r = response(
                unit_id,
                day(2030, 4, 2 + i as u32),
                [2, 2, 2, 2, 3, 3, 3, 3, 3],
            );
            r.comment = Some((*text).to_string());
            r
        })
        .collect();
    app.store
        .record_responses(&responses)
        .await
        .expect("stored");

    // Two levy reports: two alerts, at once (no background check), their words masked.
    let alerts = app.store.alerts(unit_id, 50).await.expect("alerts");
    let levies: Vec<_> = alerts
        .iter()
        .filter(|a| a.kind == AlertKind::Pungli)
        .collect();
    assert_eq!(alerts.len(), before + 2, "{alerts:#?}");
    assert_eq!(levies.len(), 2);
    assert!(
        levies.iter().any(|a| a.detail.contains("08**-****-**21")),
        "{levies:#?}"
    );
    assert!(levies.iter().all(|a| !a.detail.contains("0812-3456-7821")));
    let audit = app
        .store
        .audit_log(
            &app::model::AuditFilter {
                action: Some("pungli_alert".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("audit");
    // This unit's two (the demo's levy report has its own line).
    let ids: Vec<String> = responses.iter().map(|r| r.id.to_string()).collect();
    let ours: Vec<_> = audit.iter().filter(|a| ids.contains(&a.target)).collect();
    assert_eq!(ours.len(), 2, "{audit:#?}");
    assert!(ours.iter().any(|a| a.target == ids[0]));

    // The unit's staff and the kota's accounts see it on the unit's dashboard.
    for account in [UNIT, KOTA] {
        let cookie = sign_in(&app, account).await;
        let (_, html) = get_as(
            &app,
            &cookie,
            &format!("/dasbor/{OWN_UNIT}?periode=2030-04"),
        )
        .await;
        assert!(
            html.contains("Laporan pungutan liar"),
            "{}: {html}",
            account.0
        );
    }

    // The inbox: each comment's flags and themes; filtered by flag and by theme.
    let cookie = sign_in(&app, UNIT).await;
    let inbox = format!("/dasbor/{OWN_UNIT}/masukan?dari=2030-04-01&sampai=2030-04-30");
    let (_, all) = get_as(&app, &cookie, &inbox).await;
    assert_eq!(all.matches("data-testid=\"comment\"").count(), 4, "{all}");
    assert!(all.contains("class=\"tag flag-pungli\""), "{all}");
    let (_, levy_only) = get_as(&app, &cookie, &format!("{inbox}&tanda=pungli")).await;
    assert_eq!(levy_only.matches("data-testid=\"comment\"").count(), 2);
    assert!(levy_only.contains("uang rokok") && !levy_only.contains("petugas ramah, terima kasih"));
    let (_, praise) = get_as(&app, &cookie, &format!("{inbox}&tanda=pujian")).await;
    assert_eq!(praise.matches("data-testid=\"comment\"").count(), 1);
    // Facilities: the waiting room, and the parking the broker stands in.
    let (_, facilities) = get_as(&app, &cookie, &format!("{inbox}&tema=sarana")).await;
    assert_eq!(facilities.matches("data-testid=\"comment\"").count(), 2);
    assert!(facilities.contains("ruang tunggu panas") && !facilities.contains("uang rokok"));
    // The same through the store.
    let rows = app
        .store
        .comments(
            unit_id,
            &CommentFilter {
                from: day(2030, 4, 1).date_naive(),
                to: day(2030, 4, 30).date_naive(),
                service: None,
                low_only: false,
                status: None,
                search: None,
                theme: Some(Unsur::Waktu),
                flag: None,
            },
            10,
        )
        .await
        .expect("comments");
    // "cepat" twice, "selesai", "lama": all four speak of time.
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert!(rows.iter().all(|r| r.themes.contains(&Unsur::Waktu)));
    assert!(rows.iter().any(|r| r.flags == vec![CommentFlag::Pujian]));
    // Nothing is left unread.
    assert_eq!(app.store.read_stored_comments(100).await.expect("read"), 0);
}
