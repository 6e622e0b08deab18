//! Publishing: a unit's figures are public (`/publik`, `/publik/{code}`) only for the periods it has
//! published, and they are the engine's result for that period; withdrawing hides them again.

use crate::accounts::{post, sign_in, OWN_UNIT, UNIT};
use crate::{app, get};
use app::pages::public::PublicResults;
use app::store::Counted;
use axum::http::StatusCode;
use ikm_domain::{IkmResult, Lang, Period, PeriodKind};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_published_periods_are_public_and_they_show_the_engines_figures() {
    let app = app().await;
    crate::withdraw_demo_publications(&app).await;
    let (status, page) = get(&app, "/publik?provinsi=18").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !page.contains(&format!("data-unit=\"{OWN_UNIT}\"")),
        "nothing published yet"
    );
    assert!(page.contains("Belum ada unit yang menerbitkan hasil."));
    let (status, _) = get(&app, &format!("/publik/{OWN_UNIT}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an unpublished unit has no public page"
    );

    let cookie = sign_in(&app, UNIT).await;
    let published = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/terbitkan?periode=2026-T3"),
        Some(&cookie),
        &[("periode", "2026-T3"), ("terbit", "1")],
    )
    .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );

    let unit = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit");
    let engine = engine_result(&app, unit.id, "2026-T3").await;
    let (status, page) = get(&app, "/publik?provinsi=18").await;
    assert_eq!(status, StatusCode::OK);
    let row = page
        .split(&format!("data-unit=\"{OWN_UNIT}\""))
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the unit is listed");
    assert!(row.contains("Triwulan III 2026"), "{row}");
    assert!(row.contains(&engine.converted.to_id_string()), "{row}");
    assert_eq!(
        page.matches("data-unit=").count(),
        1,
        "no other unit published anything"
    );
    let (status, unit_page) = get(&app, &format!("/publik/{OWN_UNIT}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(unit_page.contains(&engine.converted.to_id_string()));
    for u in ikm_domain::Unsur::ALL {
        let g = engine.get(u).graded.expect("answered");
        assert!(
            unit_page.contains(&g.nrr.to_id_string()),
            "{u}'s NRR is shown"
        );
    }
    // The server function the page calls says the same, and lists no unpublished unit.
    let results = public_results(&app, "18").await;
    assert_eq!(results.shown.as_deref(), Some("18"));
    let regions = results.regions;
    let listed: Vec<&str> = regions
        .iter()
        .flat_map(|r| r.units.iter().map(|u| u.code.as_str()))
        .collect();
    assert_eq!(listed, [OWN_UNIT]);
    // The kabupaten/kota's public figure is pooled over the units that published: here one.
    let city = regions
        .iter()
        .find(|r| r.code == "18.71")
        .expect("Kota Bandar Lampung");
    let figures = city.figures.as_ref().expect("a region figure");
    assert_eq!(
        (figures.converted, figures.mutu),
        (engine.converted, engine.mutu)
    );
    assert_eq!(figures.respondents, engine.respondents);
    assert_eq!(figures.units_published, 1);
    assert_eq!(
        figures.units_total, 12,
        "7 of the region and 5 national booths of its MPP"
    );
    assert!(
        regions
            .iter()
            .filter(|r| r.code != "18.71" && r.code != "18")
            .all(|r| r.figures.is_none()),
        "no other region has published figures"
    );
    // The province comes first with the same figure: one unit of all its units published.
    assert_eq!(regions[0].code, "18");
    let province = regions[0].figures.as_ref().expect("the province's figure");
    assert_eq!(province.converted, engine.converted);
    assert_eq!(province.units_published, 1);
    assert!(province.units_total > 100, "{}", province.units_total);
    assert!(
        regions[0].units.is_empty(),
        "units are listed under their kabupaten/kota"
    );

    // Withdrawn: gone again.
    let withdrawn = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/terbitkan?periode=2026-T3"),
        Some(&cookie),
        &[("periode", "2026-T3"), ("terbit", "0")],
    )
    .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    let (status, _) = get(&app, &format!("/publik/{OWN_UNIT}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A custom range cannot be published.
    let custom = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/terbitkan"),
        Some(&cookie),
        &[("periode", "2026-01-01..2026-02-01"), ("terbit", "1")],
    )
    .await;
    assert_eq!(custom.status, StatusCode::UNPROCESSABLE_ENTITY);
    let audit = app
        .store
        .audit_log(
            &app::model::AuditFilter {
                target: Some("2026-T3".into()),
                ..Default::default()
            },
            1000,
        )
        .await
        .expect("audit");
    // The demo's own publications (and the test's withdrawing them first) are the command line's.
    let audit: Vec<_> = audit
        .into_iter()
        .filter(|a| a.actor != app::accounts::Actor::command_line().name)
        .collect();
    assert_eq!(audit.len(), 2, "published and withdrawn, both audited");
}

/// Units of one province published different periods: each unit's row is its own latest period, a
/// region's figure is its latest period any of its units published, over the units that published
/// that one — each figure the engine's result for those units' answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_unit_shows_its_own_latest_period_and_a_region_its_latest_one() {
    let app = app().await;
    crate::withdraw_demo_publications(&app).await;
    let actor = app::accounts::Actor::command_line();
    let city = app.store.region_units("18.71").await.expect("units");
    let other = city
        .iter()
        .find(|u| u.active && u.code != OWN_UNIT && u.region_code == "18.71")
        .expect("a second unit in the city");
    let own = city
        .iter()
        .find(|u| u.code == OWN_UNIT)
        .expect("the own unit");
    let regency = app
        .store
        .unit("1801-disdukcapil")
        .await
        .expect("store")
        .expect("a unit of Lampung Selatan");
    // The last two whole quarters (the demo's answers cover the past year).
    let current = Period::containing(PeriodKind::Quarter, app::time::jakarta_today());
    let (later, earlier) = (current.previous(), current.previous().previous());
    let (later_key, earlier_key) = (later.key(), earlier.key());
    let publish = [
        (own.id, &earlier_key),
        (own.id, &later_key),
        (other.id, &earlier_key),
        (regency.id, &earlier_key),
    ];
    for (id, key) in publish {
        app.store
            .set_published(id, key, true, chrono::Utc::now(), &actor)
            .await
            .expect("publish");
    }
    let (own_later, other_earlier, regency_earlier) = (
        engine_result(&app, own.id, &later_key).await,
        engine_result(&app, other.id, &earlier_key).await,
        engine_result(&app, regency.id, &earlier_key).await,
    );
    let (later_label, earlier_label) = (later.label(Lang::Id), earlier.label(Lang::Id));

    let results = public_results(&app, "18").await;
    let region = |code: &str| {
        results
            .regions
            .iter()
            .find(|r| r.code == code)
            .unwrap_or_else(|| panic!("{code} is listed"))
    };
    let row = |code: &str| {
        results
            .regions
            .iter()
            .flat_map(|r| r.units.iter())
            .find(|u| u.code == code)
            .unwrap_or_else(|| panic!("{code} has a row"))
    };
    assert_eq!(
        results.regions.iter().map(|r| r.units.len()).sum::<usize>(),
        3,
        "the three units that published, once each"
    );
    for (unit, period, result) in [
        (own.code.as_str(), &later_label, &own_later),
        (other.code.as_str(), &earlier_label, &other_earlier),
        ("1801-disdukcapil", &earlier_label, &regency_earlier),
    ] {
        let r = row(unit);
        assert_eq!(&r.period_label, period, "{unit}: its own latest period");
        assert_eq!(
            (r.converted, r.mutu, r.respondents),
            (result.converted, result.mutu, result.respondents),
            "{unit}"
        );
    }
    // The city's latest period is the later quarter, which one of its units published; the
    // regency's the earlier, over its one unit; the province's the later, over the one unit.
    for (code, period, result) in [
        ("18.71", &later_label, &own_later),
        ("18.01", &earlier_label, &regency_earlier),
        ("18", &later_label, &own_later),
    ] {
        let figures = region(code).figures.as_ref().expect("a figure");
        assert_eq!(&figures.period_label, period, "{code}");
        assert_eq!(figures.units_published, 1, "{code}");
        assert_eq!(
            (figures.converted, figures.mutu, figures.respondents),
            (result.converted, result.mutu, result.respondents),
            "{code}"
        );
    }
}

/// The engine's result for a unit's valid answers of the period `key`, from the responses
/// themselves (not the roll-ups the pages read).
async fn engine_result(app: &crate::TestApp, unit_id: i64, key: &str) -> IkmResult {
    let period = Period::parse(key).expect("period");
    let raw = app
        .store
        .unit_tally_from_responses(unit_id, period.from, period.to, Counted::Valid)
        .await
        .expect("raw");
    IkmResult::of(&raw).expect("the demo period has answers")
}

/// What `/publik?provinsi=…` shows, as its server function answers.
async fn public_results(app: &crate::TestApp, province: &str) -> PublicResults {
    let reply = crate::accounts::request(
        app,
        "POST",
        "/api/publik",
        None,
        &format!("provinsi={province}"),
        Some("http://ikm.test"),
    )
    .await;
    serde_json::from_str(&reply.body).expect("JSON")
}
