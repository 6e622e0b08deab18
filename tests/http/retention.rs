//! Personal data past its time (issue #33): after the retention period an answer's comment, its
//! staff's note and public reply are masked in the database, its profile emptied and its contact
//! deleted, while its tallies and breakdowns stay the same; a dry run counts the same changes and
//! makes none; a second purge finds nothing; newer answers are untouched. Both engines.

use crate::accounts::{post, sign_in, OWN_UNIT, UNIT};
use crate::app;
use crate::dashboard::{day, response, unit};
use app::store::{ContactConsent, Counted, Profile, PurgeReport};
use chrono::{Duration, NaiveDate, Utc};
use ikm_domain::privacy::{kept_from, DEFAULT_RETENTION_DAYS};
use ikm_domain::profile::Gender;

const SAID: &str = "KTP belum jadi, NIK saya 1871012345670001, telepon 0812-3456-7821";
const MASKED: &str = "KTP belum jadi, NIK saya 18************01, telepon 08**-****-**21";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_answers_lose_their_personal_data_and_keep_their_figures() {
    let app = app().await;
    let (unit_id, _) = unit(&app).await;
    let profile = Profile {
        gender: Some(Gender::Perempuan),
        age: Some(34),
        education: Some("SMA".into()),
        occupation: Some("Wiraswasta".into()),
    };
    let contact = |typed: &str| ContactConsent {
        contact: ikm_domain::contact::parse_contact(typed).expect("a number"),
        statement: "Saya setuju".into(),
    };
    // Three years ago, with everything; and yesterday, with the same.
    let mut old = response(unit_id, day(2023, 3, 14), [2, 2, 3, 3, 3, 3, 3, 3, 3]);
    old.comment = Some(SAID.into());
    old.profile = profile.clone();
    old.device_hash = Some("hash-of-a-device".into());
    old.contact = Some(contact("0812-3456-7821"));
    let mut recent = response(
        unit_id,
        Utc::now() - Duration::days(1),
        [2, 2, 3, 3, 3, 3, 3, 3, 3],
    );
    recent.comment = Some(SAID.into());
    recent.profile = profile.clone();
    recent.contact = Some(contact("0812-9999-0000"));
    app.store
        .record_responses(&[old.clone(), recent.clone()])
        .await
        .expect("stored");
    // Staff answered the old one quoting the number.
    let cookie = sign_in(&app, UNIT).await;
    let reply = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/masukan/{}", old.id),
        Some(&cookie),
        &[
            ("status", "selesai"),
            ("catatan", "Sudah ditelepon ke 0812-3456-7821"),
            ("balasan", "Terima kasih, KTP sudah dapat diambil."),
        ],
    )
    .await;
    assert_eq!(reply.status.as_u16(), 303, "{}", reply.body);

    let march = (
        NaiveDate::from_ymd_opt(2023, 3, 1).expect("date"),
        NaiveDate::from_ymd_opt(2023, 3, 31).expect("date"),
    );
    let figures = || async {
        (
            app.store
                .unit_tally(unit_id, march.0, march.1, Counted::Valid)
                .await
                .expect("tally"),
            app.store
                .breakdowns(unit_id, march.0, march.1)
                .await
                .expect("breakdowns"),
        )
    };
    let before_figures = figures().await;
    let today = app::time::jakarta_today();
    let cutoff = kept_from(today, DEFAULT_RETENTION_DAYS);

    // A dry run: the changes counted, none made.
    let dry = app
        .store
        .purge_personal_data(cutoff, false)
        .await
        .expect("dry run");
    let expected = PurgeReport {
        from: None,
        before: dry.before,
        comments_masked: 1,
        replies_masked: 1,
        profiles_emptied: 1,
        contacts_deleted: 1,
    };
    assert_eq!(dry, expected);
    assert!(dry.before <= cutoff && dry.before > day(2023, 3, 14).date_naive());
    let kept = app
        .store
        .response(old.id)
        .await
        .expect("store")
        .expect("old");
    assert_eq!(kept.response.comment.as_deref(), Some(SAID), "unchanged");
    assert_eq!(kept.response.profile, profile);

    let done = app
        .store
        .purge_personal_data(cutoff, true)
        .await
        .expect("purge");
    assert_eq!(done, dry, "the same changes as counted");
    let purged = app
        .store
        .response(old.id)
        .await
        .expect("store")
        .expect("old");
    assert_eq!(purged.response.comment.as_deref(), Some(MASKED));
    assert_eq!(purged.response.profile, Profile::default());
    assert_eq!(purged.response.device_hash, None);
    assert_eq!(purged.response.answers, old.answers, "the answers stay");
    assert_eq!(
        figures().await,
        before_figures,
        "tallies and breakdowns stay"
    );
    // The staff's note is masked; the reply held nothing personal.
    let inbox = format!("/dasbor/{OWN_UNIT}/masukan?dari=2023-03-01&sampai=2023-03-31");
    let (_, html) = crate::dashboard::get_as(&app, &cookie, &inbox).await;
    assert!(html.contains("Sudah ditelepon ke 08**-****-**21"), "{html}");
    assert!(
        !html.contains("Warga bersedia dihubungi"),
        "the contact is gone"
    );

    // Yesterday's answer keeps everything.
    let fresh = app
        .store
        .response(recent.id)
        .await
        .expect("store")
        .expect("recent");
    assert_eq!(fresh.response.comment.as_deref(), Some(SAID));
    assert_eq!(fresh.response.profile, profile);

    // Once done, the next pass starts where this one ended and finds nothing.
    let again = app
        .store
        .purge_personal_data(cutoff, true)
        .await
        .expect("again");
    assert_eq!(again.from, Some(done.before));
    assert_eq!(again.changes(), 0);
    let audit = app
        .store
        .audit_log(
            &app::model::AuditFilter {
                action: Some("personal_data_purged".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1, "{audit:#?}");
}
