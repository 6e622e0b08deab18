//! What citizens write, read (issue #33): each stored comment gets its themes and flags in the
//! answer's own transaction; a comment reporting an illegal levy raises the unit's alert at once,
//! one per comment, audited, which the unit's staff and the region's accounts see on its dashboard;
//! the inbox filters by theme and flag and shows them.

use crate::accounts::{sign_in, KOTA, OWN_UNIT, PROVINSI, UNIT};
use crate::dashboard::{day, get_as, response, unit};
use crate::{app, TestApp};
use app::dashboard::{AlertKind, CommentFilter};
use ikm_domain::themes::summary::ThemeSummary;
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

/// The dashboard's themes of a period, by hand: May has three comments about waiting (their
/// waktu answers 1, 2, 3) and one about staff behaviour of four; April one of each of two.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_counts_themes_with_shares_changes_and_their_writers_scores() {
    let app = app().await;
    let (unit_id, _) = unit(&app).await;
    let said = |d: u32, month: u32, text: &str, waktu: u8, perilaku: u8| {
        let mut values = [3u8; 9];
        values[Unsur::Waktu.index()] = waktu;
        values[Unsur::Perilaku.index()] = perilaku;
        let mut r = response(unit_id, day(2030, month, d), values);
        r.comment = Some(text.to_string());
        r
    };
    let answers = vec![
        said(6, 5, "Antri lama sekali, dari pagi sampai siang", 1, 3),
        said(7, 5, "Menunggu lama bgt", 2, 3),
        said(8, 5, "Antrean panjang sekali", 3, 3),
        said(9, 5, "Petugas tidak ramah dan cuek", 3, 2),
        said(6, 4, "Menunggu lama bgt", 2, 3),
        said(7, 4, "Petugas tidak ramah dan cuek", 3, 1),
        // Flagged (sent too fast): its comment is read but counts nowhere.
        {
            let mut r = said(10, 5, "Antri lama sekali", 1, 1);
            r.flag = Some(ikm_domain::submission::Flag::TooFast);
            r
        },
    ];
    app.store.record_responses(&answers).await.expect("stored");
    let may = app
        .store
        .theme_summary(
            unit_id,
            day(2030, 5, 1).date_naive(),
            day(2030, 5, 31).date_naive(),
        )
        .await
        .expect("themes");
    assert_eq!(may.comments, 4);
    let waktu = may.of(Unsur::Waktu);
    assert_eq!((waktu.comments, waktu.score_sum, waktu.scored), (3, 6, 3));

    let cookie = sign_in(&app, UNIT).await;
    let page = format!("/dasbor/{OWN_UNIT}?periode=2030-05");
    let (_, html) = get_as(&app, &cookie, &page).await;
    let row = |theme: &str| {
        let start = html
            .find(&format!("data-theme=\"{theme}\""))
            .unwrap_or_else(|| panic!("no {theme} row: {html}"));
        let end = html[start..].find("</tr>").expect("row end") + start;
        html[start..end].to_string()
    };
    // Waktu: 3 of 4 comments (75 %), April 1 of 2 (50 %): +25 points; its writers gave 2,00.
    let w = row("waktu");
    for shown in [">3<", "75,00 %", "+25,00", "2,00"] {
        assert!(w.contains(shown), "{shown} in {w}");
    }
    // Perilaku: 1 of 4 (25 %), April 50 %: −25 points; its writer gave 2,00.
    let p = row("perilaku");
    for shown in [">1<", "25,00 %", "−25,00", "2,00"] {
        assert!(p.contains(shown), "{shown} in {p}");
    }
    assert!(html.contains("4 komentar dibaca pada periode ini; 2 pada periode sebelumnya."));
    // Most raised first; the links to its comments and to a plan started from it.
    assert!(html.find("data-theme=\"waktu\"") < html.find("data-theme=\"perilaku\""));
    assert!(
        w.contains("/masukan?periode=2030-05&amp;tema=waktu")
            || w.contains("/masukan?periode=2030-05&tema=waktu"),
        "{w}"
    );

    // The plan started from the theme: its unsur chosen, its count as the action's theme.
    let (_, html) = get_as(&app, &cookie, &format!("{page}&rencana=waktu")).await;
    let form = &html[html.find("id=\"add-action\"").expect("the plan form")..];
    assert!(
        form.contains(&format!("value=\"{}\" selected", Unsur::Waktu.key())),
        "{form}"
    );
    assert!(
        form.contains(&format!(
            "{}: 3 komentar (75,00 %)",
            Unsur::Waktu.name(ikm_domain::Lang::Id)
        )),
        "{form}"
    );

    // The region pages: the unit's row on its kota's, the kota's row on the province's.
    let waktu_words = format!("{} 3 (75,00 %)", Unsur::Waktu.name(ikm_domain::Lang::Id));
    for (account, page, code) in [
        (KOTA, "/wilayah/18.71?periode=2030-05", OWN_UNIT),
        (PROVINSI, "/wilayah/18?periode=2030-05", "18.71"),
    ] {
        let cookie = sign_in(&app, account).await;
        let (status, html) = get_as(&app, &cookie, page).await;
        assert_eq!(status.as_u16(), 200, "{page}");
        let table = &html[html
            .find("data-testid=\"region-themes-table\"")
            .expect("themes table")..];
        let start = table
            .find(&format!("data-code=\"{code}\""))
            .unwrap_or_else(|| panic!("{code} in {table}"));
        let row = &table[start..start + table[start..].find("</tr>").expect("row end")];
        assert!(
            row.contains(">4<") && row.contains(&waktu_words),
            "{page}: {row}"
        );
        assert!(
            html.contains("4 komentar warga dibaca pada periode ini"),
            "{page}"
        );
    }
    // A period cut inside a month reads its days from the readings: 7 May on, 2 of 3 about time.
    let (from, to) = (day(2030, 5, 7).date_naive(), day(2030, 6, 30).date_naive());
    let region = app
        .store
        .region_theme_summaries("18.71", from, to)
        .await
        .expect("themes");
    let ours = &region
        .iter()
        .find(|(id, _)| *id == unit_id)
        .expect("the unit")
        .1;
    assert_eq!(ours.comments, 3);
    assert_eq!(ours.of(Unsur::Waktu).comments, 2);
    assert_eq!(ours.of(Unsur::Perilaku).comments, 1);
    // Read again under another lexicon and back: the monthly counts come out the same, not twice.
    let (april, may) = (day(2030, 4, 1).date_naive(), day(2030, 5, 31).date_naive());
    let before = app
        .store
        .region_theme_summaries("18.71", april, may)
        .await
        .expect("themes");
    let before_year = year_of_themes(&app, unit_id).await;
    for lexicon in ["another:0123", app::store::themes::BUILT_IN_LEXICON] {
        assert!(app.store.use_lexicon(lexicon).await.expect("lexicon"));
        while app.store.read_stored_comments(5_000).await.expect("read") > 0 {}
    }
    let after = app
        .store
        .region_theme_summaries("18.71", april, may)
        .await
        .expect("themes");
    assert_eq!(after, before);
    assert_eq!(year_of_themes(&app, unit_id).await, before_year);
}

/// The unit's themes of the year 2030 as the yearly counts give them (the whole year), checked
/// against the same year read without them (January to 30 December: eleven months and the
/// days of December, then 31 December alone).
async fn year_of_themes(app: &TestApp, unit_id: i64) -> ThemeSummary {
    let of_unit = |all: Vec<(i64, ThemeSummary)>| {
        all.into_iter()
            .find(|(id, _)| *id == unit_id)
            .map(|(_, t)| t)
            .unwrap_or_default()
    };
    let read = |from: (u32, u32), to: (u32, u32)| {
        let (from, to) = (
            day(2030, from.0, from.1).date_naive(),
            day(2030, to.0, to.1).date_naive(),
        );
        async move {
            app.store
                .region_theme_summaries("18", from, to)
                .await
                .expect("themes")
        }
    };
    let year = of_unit(read((1, 1), (12, 31)).await);
    let mut by_parts = of_unit(read((1, 1), (12, 30)).await);
    by_parts.merge(&of_unit(read((12, 31), (12, 31)).await));
    assert_eq!(year, by_parts);
    assert_eq!(year.comments, 6, "April's two comments and May's four");
    year
}

/// A province's and the nation's rows read their comments' themes summed per place: those sums
/// are the per-unit counts added up by the region each unit is placed in, over a whole year,
/// whole months and cut months alike (the demo's year of comments).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn themes_summed_per_place_are_the_units_counts_added_by_where_they_are_placed() {
    let app = app().await;
    let today = app::time::jakarta_today();
    let year = chrono::Datelike::year(&today);
    let first = |y: i32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a day");
    let periods = [
        (first(year, 1, 1), first(year, 12, 31)),
        (
            today - chrono::Duration::days(200),
            today - chrono::Duration::days(3),
        ),
        (today - chrono::Duration::days(40), today),
    ];
    let mut compared = 0;
    for code in ["18", app::access::NATION, "18.71"] {
        let units = app.store.region_units(code).await.expect("units");
        let placed_in: std::collections::HashMap<i64, String> = units
            .iter()
            .map(|u| (u.id, u.region_code.clone()))
            .collect();
        for (from, to) in periods {
            let mut expected: std::collections::BTreeMap<String, ThemeSummary> =
                std::collections::BTreeMap::new();
            for (unit_id, themes) in app
                .store
                .region_theme_summaries(code, from, to)
                .await
                .expect("per unit")
            {
                let place = placed_in
                    .get(&unit_id)
                    .expect("a unit of the region")
                    .clone();
                expected.entry(place).or_default().merge(&themes);
            }
            let placed: std::collections::BTreeMap<String, ThemeSummary> = app
                .store
                .placed_theme_summaries(code, from, to)
                .await
                .expect("per place")
                .into_iter()
                .collect();
            assert_eq!(placed, expected, "{code:?} {from}..={to}");
            compared += placed.values().map(|t| t.comments).sum::<u64>();
        }
    }
    assert!(
        compared > 100,
        "the demo's comments were compared: {compared}"
    );
}

/// Every answer's comment is read in its own transaction, so once a scan for unread comments
/// finds none the database is marked and the scan (every stored response: seconds at national
/// size, on each server's start) is not run again; the mark gone, it finds what is unread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_read_through_is_not_scanned_for_unread_comments_again() {
    let app = app().await;
    assert_eq!(app.store.read_stored_comments(100).await.expect("read"), 0);
    // One comment's reading lost behind the store's back: the mark says all were read.
    app.db
        .execute(
            "DELETE FROM comment_readings WHERE response_id = \
             (SELECT response_id FROM comment_readings ORDER BY response_id LIMIT 1)",
        )
        .await;
    assert_eq!(app.store.read_stored_comments(100).await.expect("read"), 0);
    app.db
        .execute("DELETE FROM settings WHERE key = 'comments_read'")
        .await;
    assert_eq!(app.store.read_stored_comments(100).await.expect("read"), 1);
    assert_eq!(app.store.read_stored_comments(100).await.expect("read"), 0);
    let marked: i64 = app
        .db
        .value("SELECT COUNT(*) FROM settings WHERE key = 'comments_read'")
        .await;
    assert_eq!(marked, 1);
}
