//! The province and kabupaten/kota comparison through the router: pooled region IKMs equal the
//! engine over the union of the region's responses, the mean of units equals the mean of the units'
//! IKMs, and rows short of respondents are listed apart instead of ranked.

use crate::accounts::{request, sign_in};
use crate::{app, TestApp};
use app::pages::region::RegionView;
use app::store::Counted;
use axum::http::StatusCode;
use ikm_domain::region::RegionIkm;
use ikm_domain::{IkmResult, Period, Tally};

const PROVINSI: (&str, &str) = ("provinsi", "demo-provinsi-ikm");

/// A region's comparison (the nation's with the empty code) as its loader answers it.
pub(crate) async fn region(app: &TestApp, cookie: &str, code: &str, query: &str) -> RegionView {
    let reply = request(
        app,
        "POST",
        "/api/wilayah",
        Some(cookie),
        &format!("code={code}&{query}"),
        Some("http://ikm.test"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let view: Option<RegionView> = serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("region JSON ({e}): {}", reply.body));
    view.expect("the region")
}

/// The raw tally (from responses, not tallies) of every unit of a region.
async fn raw_units(app: &TestApp, code: &str, period: &Period) -> Vec<Tally> {
    let units = app.store.region_units(code).await.expect("units");
    let mut tallies = Vec::new();
    for u in units {
        tallies.push(
            app.store
                .unit_tally_from_responses(u.id, period.from, period.to, Counted::Valid)
                .await
                .expect("raw"),
        );
    }
    tallies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pooled_and_mean_of_units_equal_the_engine_over_the_raw_responses() {
    let app = app().await;
    let cookie = sign_in(&app, PROVINSI).await;
    let province = region(&app, &cookie, "18", "periode=2026").await;
    assert_eq!(province.rows.len(), 15, "Lampung's 15 kabupaten/kota");
    assert_eq!(province.tiles.len(), 15);
    let period = province.period;
    let all = raw_units(&app, "18", &period).await;
    let expected = RegionIkm::of(&all);
    assert_eq!(province.total.pooled, expected.pooled, "province pooled");
    let mean = expected.mean_of_units.expect("units with answers");
    assert_eq!(
        province.total.mean_of_units,
        Some((mean.converted, mean.mutu, mean.units)),
        "province mean of units"
    );
    for row in &province.rows {
        let tallies = raw_units(&app, &row.code, &period).await;
        let expected = RegionIkm::of(&tallies);
        assert_eq!(row.pooled, expected.pooled, "{} pooled", row.code);
        assert_eq!(
            row.mean_of_units,
            expected
                .mean_of_units
                .map(|m| (m.converted, m.mutu, m.units)),
            "{} mean of units",
            row.code
        );
        let respondents: u64 = tallies.iter().map(Tally::respondents).sum();
        assert_eq!(row.respondents, respondents);
    }
    // Inside a kabupaten/kota the rows are its units, each the engine over its own responses.
    let city = region(&app, &cookie, "18.71", "periode=2026").await;
    assert!(city.unit_rows);
    let units = app.store.region_units("18.71").await.expect("units");
    for row in &city.rows {
        let unit = units
            .iter()
            .find(|u| u.code == row.code)
            .expect("a unit of the city");
        let raw = app
            .store
            .unit_tally_from_responses(unit.id, period.from, period.to, Counted::Valid)
            .await
            .expect("raw");
        assert_eq!(row.pooled, IkmResult::of(&raw), "{}", row.code);
        assert_eq!(row.link, format!("/dasbor/{}?periode=2026", row.code));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_short_of_respondents_are_listed_apart_and_ranked_rows_are_in_order() {
    let app = app().await;
    let cookie = sign_in(&app, PROVINSI).await;
    // The demo's year: about one unit in seven is short of its Krejcie–Morgan minimum.
    let city = region(&app, &cookie, "18.71", "periode=2026").await;
    let first_unranked = city
        .rows
        .iter()
        .position(|r| !r.rankable())
        .expect("a unit short of respondents");
    assert!(first_unranked > 0, "and some with enough");
    assert!(
        city.rows[first_unranked..].iter().all(|r| !r.rankable()),
        "every short row comes after every ranked one"
    );
    let ranked: Vec<i64> = city.rows[..first_unranked]
        .iter()
        .map(|r| r.converted().expect("ranked rows have an IKM").0)
        .collect();
    assert!(
        ranked.windows(2).all(|w| w[0] >= w[1]),
        "best first: {ranked:?}"
    );
    let reply = request(
        &app,
        "GET",
        "/wilayah/18.71?periode=2026",
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply
        .body
        .contains("Tanpa nomor peringkat: responden belum cukup"));
    let short = &city.rows[first_unranked];
    let row = reply
        .body
        .split(&format!("data-code=\"{}\"", short.code))
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the short unit's row");
    assert!(row.contains("<td>–</td>"), "no rank number");
    // Sorted by name on request, ranked rows still first.
    let by_name = region(&app, &cookie, "18.71", "periode=2026&urut=nama").await;
    let names: Vec<&str> = by_name
        .rows
        .iter()
        .filter(|r| r.rankable())
        .map(|r| r.name.as_str())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

/// A region page whose figures cannot be read says so and answers 503 (not a 200 that monitoring
/// would count as served): here the yearly roll-up it reads is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_page_whose_store_fails_answers_503_with_the_message() {
    let app = app().await;
    let cookie = sign_in(&app, PROVINSI).await;
    let rename = "ALTER TABLE year_tallies RENAME TO year_tallies_gone";
    app.db.execute(rename).await;
    let reply = request(
        &app,
        "GET",
        "/wilayah/18?periode=2026",
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("Data tidak dapat dimuat"),
        "the page says the data could not be loaded: {}",
        reply.body
    );
}
