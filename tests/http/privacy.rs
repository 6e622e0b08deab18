//! Personal data in comments (issue #33, `ikm_domain::privacy`): a NIK, a phone number, an e-mail
//! address and a plate written in a comment, or in a staff member's public reply, are masked on the
//! staff's inbox and on every public page that shows comments; the open API shows no comment.

use crate::accounts::{post, sign_in, OWN_UNIT, UNIT};
use crate::dashboard::{day, get_as, response, unit};
use crate::{app, get};
use axum::http::StatusCode;

const NIK: &str = "1871012345670001";
const PHONE: &str = "0812-3456-7821";
const MAIL: &str = "budi.santoso@gmail.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_addresses_and_plates_in_comments_never_show_unmasked() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let (unit_id, _) = unit(&app).await;
    let mut said = response(unit_id, day(2030, 3, 2), [2, 1, 3, 3, 3, 3, 3, 3, 3]);
    said.comment = Some(format!(
        "KTP belum jadi. NIK saya {NIK}, hubungi {PHONE} atau {MAIL}, motor BE 1234 AB. Antri 3 jam, bayar Rp 50.000"
    ));
    app.store
        .record_responses(std::slice::from_ref(&said))
        .await
        .expect("stored");

    let inbox = format!("/dasbor/{OWN_UNIT}/masukan?dari=2030-03-01&sampai=2030-03-31");
    let (status, html) = get_as(&app, &cookie, &inbox).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        "18************01",
        "08**-****-**21",
        "b***********@gmail.com",
        "BE **** **",
        "Antri 3 jam",
        "Rp 50.000",
    ] {
        assert!(html.contains(shown), "{shown}: {html}");
    }
    for hidden in [NIK, PHONE, MAIL, "BE 1234 AB"] {
        assert!(!html.contains(hidden), "{hidden} shown to staff");
    }

    // A public reply that carries a number is masked too, wherever the public reads it.
    let saved = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/masukan/{}", said.id),
        Some(&cookie),
        &[
            ("status", "ditindaklanjuti"),
            (
                "balasan",
                "Mohon maaf, silakan hubungi loket di 0811-7222-3333.",
            ),
            ("kembali", &inbox),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    for page in [format!("/unit/{OWN_UNIT}"), format!("/publik/{OWN_UNIT}")] {
        let (status, public) = get(&app, &page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(public.contains("08**-****-**21"), "{page}: {public}");
        assert!(public.contains("08**-****-**33"), "{page}: the reply");
        for hidden in [NIK, PHONE, MAIL, "BE 1234 AB", "0811-7222-3333"] {
            assert!(!public.contains(hidden), "{page} shows {hidden}");
        }
    }
    // The open API carries no comment at all.
    let (_, api) = get(&app, &format!("/api/v1/units/{OWN_UNIT}/ikm")).await;
    assert!(
        !api.contains("0812") && !api.contains("1871012345"),
        "{api}"
    );

    // The export for publication masks them; the unit's own record keeps the comment as written.
    let export = format!("/dasbor/{OWN_UNIT}/ekspor?dari=2030-03-01&sampai=2030-03-31&format=csv");
    let (status, published) = get_as(&app, &cookie, &format!("{export}&publikasi=1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        published.contains("18************01") && published.contains("Rp 50.000"),
        "{published}"
    );
    for hidden in [NIK, PHONE, MAIL, "BE 1234 AB"] {
        assert!(
            !published.contains(hidden),
            "the publication export shows {hidden}"
        );
    }
    let (_, record) = get_as(&app, &cookie, &export).await;
    assert!(record.contains(NIK), "the unit's record: {record}");
}
