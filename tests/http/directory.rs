//! The home page, unit pages, 404 and health, through the router.

use crate::{app, get};
use axum::http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_when_the_database_does() {
    let app = app().await;
    let (status, body) = get(&app, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.trim(), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_lists_the_fifteen_regions_with_their_units_in_indonesian() {
    let app = app().await;
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"id\""), "Indonesian document");
    // Lampung's fifteen, and the demo's two kabupaten/kota each of Sumatera Selatan and Jawa Barat.
    assert_eq!(html.matches("class=\"region\"").count(), 19, "{html}");
    assert!(html.contains("Kota Palembang") && !html.contains("Kota Banda Aceh"));
    assert!(html.contains("Kota Bandar Lampung"));
    assert!(html.contains("Kabupaten Pesisir Barat"));
    assert!(html.contains("Puskesmas Way Halim"));
    assert!(html.contains("href=\"/unit/1871-disdukcapil\""));
    assert!(html.contains("193 unit ditemukan"), "count of units");
    // The demo's three provinces, each opening its own units.
    for province in ["16", "18", "32"] {
        assert!(
            html.contains(&format!("data-province=\"{province}\"")),
            "{province}"
        );
    }
    assert!(
        html.contains("data-province=\"18\">Lampung<"),
        "named as Indonesia's tree names provinces"
    );
    let (_, west_java) = get(&app, "/?provinsi=32").await;
    assert_eq!(west_java.matches("class=\"region\"").count(), 2);
    assert!(west_java.contains("<title>Unit pelayanan di Provinsi Jawa Barat"));
    assert!(west_java.contains("aria-current=\"page\" data-province=\"32\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_without_javascript_is_rendered_by_the_server() {
    let app = app().await;
    let (status, html) = get(&app, "/?q=metro").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html.matches("class=\"region\"").count(),
        1,
        "only Kota Metro"
    );
    assert!(html.contains("Kota Metro"));
    assert!(html.contains("12 unit ditemukan"));
    let (_, none) = get(&app, "/?q=zzzz").await;
    assert!(none.contains("Tidak ada unit yang cocok"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_page_shows_its_region_mpp_and_services() {
    let app = app().await;
    let (status, html) = get(&app, "/unit/1871-disdukcapil").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Dinas Kependudukan dan Pencatatan Sipil Kota Bandar Lampung"));
    assert!(html.contains("Mal Pelayanan Publik Kota Bandar Lampung"));
    assert!(html.contains("Akta Kelahiran"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_and_units_are_a_friendly_404() {
    let app = app().await;
    for path in ["/tidak-ada", "/unit/9999-tidak-ada"] {
        let (status, html) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("Halaman tidak ditemukan"), "{path}: {html}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_twice_duplicates_nothing() {
    let app = app().await;
    let before = app.store.counts().await.expect("counts");
    let today = app::time::jakarta_today();
    let report = ikm::seed::demo::seed(app.store.as_ref(), today)
        .await
        .expect("seeds again");
    assert_eq!(report.units_created, 0);
    assert_eq!(report.responses_created, 0);
    assert_eq!(app.store.counts().await.expect("counts"), before);
    // Indonesia's 38 provinces and 514 kabupaten/kota; Lampung's 165 units and 28 elsewhere.
    assert_eq!(before.regions, 552);
    assert_eq!(before.units, 193);
    assert_eq!(before.mpps, 12);
    assert!(before.services > 400);
}

/// A national directory (more active units than `WHOLE_DIRECTORY`) is not handed to a phone whole:
/// the home page offers the provinces, a province opens its own kabupaten/kota and units, and a
/// search lists its matches up to `SEARCH_LIMIT`, saying how many matched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_national_directory_is_opened_a_province_at_a_time_or_searched() {
    use app::pages::home::SEARCH_LIMIT;
    let app = app().await;
    let added = beyond_whole_directory(&app).await;

    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"province-choice\""), "{html}");
    for (province, units) in [("11", added), ("18", 165)] {
        let link = html
            .split(&format!("data-province=\"{province}\""))
            .nth(1)
            .and_then(|rest| rest.split("</a>").next())
            .unwrap_or_else(|| panic!("{province} is offered"));
        assert!(
            link.contains(&format!("{units} unit")),
            "{province}: {link}"
        );
    }
    assert!(
        !html.contains("data-province=\"12\""),
        "Sumatera Utara has no unit"
    );
    assert!(
        !html.contains("class=\"region\""),
        "no units before a choice"
    );
    assert!(
        !html.contains("href=\"/unit/"),
        "no unit links before a choice"
    );
    assert!(
        html.contains("<title>Unit pelayanan publik"),
        "the nation's title"
    );
    assert!(
        html.len() < 100_000,
        "the choice is small: {} bytes",
        html.len()
    );

    let (status, html) = get(&app, "/?provinsi=18").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html.matches("class=\"region\"").count(),
        15,
        "Lampung's own"
    );
    assert!(
        html.contains("<title>Unit pelayanan di Provinsi Lampung"),
        "{}",
        html.split("<title>")
            .nth(1)
            .unwrap_or_default()
            .split("</title>")
            .next()
            .unwrap_or_default()
    );
    assert!(html.contains("href=\"/unit/1871-disdukcapil\""));
    assert!(!html.contains("href=\"/unit/1171-uji-"), "not Aceh's");
    assert!(
        html.contains("type=\"hidden\" name=\"provinsi\" value=\"18\""),
        "a search stays in the province"
    );
    assert!(html.contains("165 unit ditemukan"));

    // Searched on the server: the first matches, and how many matched.
    let (status, html) = get(&app, "/?q=loket%20uji").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("href=\"/unit/1171-uji-").count(), SEARCH_LIMIT);
    assert!(
        html.contains(&format!(
            "Menampilkan {SEARCH_LIMIT} dari {added} unit yang cocok"
        )),
        "{html}"
    );
    let (_, html) = get(&app, "/?q=kedaton").await;
    assert_eq!(html.matches("class=\"region\"").count(), 1);
    assert!(html.contains("href=\"/unit/1871-pkm-kedaton\""));
    assert!(!html.contains("Menampilkan"), "every match listed");
    let (_, html) = get(&app, "/?provinsi=99").await;
    assert!(
        html.contains("data-testid=\"province-choice\"") && !html.contains("class=\"region\""),
        "an unknown province is the choice again"
    );
}

/// An administrator of more units than one page lists whole chooses a province first on `/admin`;
/// one of a province's units is listed whole as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_national_administrators_units_open_a_province_at_a_time() {
    let app = app().await;
    beyond_whole_directory(&app).await;
    let admin = crate::accounts::sign_in(&app, crate::accounts::ADMIN).await;
    let page = |path: &'static str| {
        let cookie = admin.clone();
        let app = &app;
        async move {
            let reply = crate::accounts::request(app, "GET", path, Some(&cookie), "", None).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            reply.body
        }
    };
    let html = page("/admin").await;
    assert!(html.contains("data-testid=\"province-choice\""), "{html}");
    for province in ["11", "16", "18", "32"] {
        assert!(
            html.contains(&format!("data-province=\"{province}\"")),
            "{province}"
        );
    }
    assert!(
        !html.contains("class=\"region\"") && !html.contains("href=\"/admin/unit/1871-"),
        "no unit before a choice"
    );
    let lampung = page("/admin?provinsi=18").await;
    assert_eq!(
        lampung.matches("class=\"region\"").count(),
        15,
        "Lampung's own"
    );
    assert!(lampung.contains("href=\"/admin/unit/1871-disdukcapil\""));
    assert!(!lampung.contains("href=\"/admin/unit/1171-uji-"));

    // A province's administrator sees their units whole, no choice.
    let province = crate::accounts::sign_in(&app, crate::accounts::PROVINSI).await;
    let reply = crate::accounts::request(&app, "GET", "/admin", Some(&province), "", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.body.contains("data-testid=\"province-choice\""));
    assert!(reply.body.contains("href=\"/admin/unit/1871-disdukcapil\""));
}

/// Adds units in Kota Banda Aceh ("Loket Uji 0000 Banda Aceh", …) until the active units are one
/// more than the home page hands over whole; how many were added.
async fn beyond_whole_directory(app: &crate::TestApp) -> usize {
    let demo = app.store.active_units().await.expect("units").len();
    let added = app::pages::home::WHOLE_DIRECTORY + 1 - demo;
    for n in 0..added {
        let unit = app::store::NewUnit {
            code: format!("1171-uji-{n:04}"),
            name: format!("Loket Uji {n:04} Banda Aceh"),
            kind: app::model::UnitKind::Lainnya,
            region_code: "11.71".into(),
            mpp_name: None,
            agency: None,
            complaint_contact: None,
            population_per_year: None,
        };
        app.store.ensure_unit(&unit).await.expect("a unit");
    }
    added
}
