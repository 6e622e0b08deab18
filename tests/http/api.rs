//! The open API (`/api/v1/`): region figures are the engine's over the published units' raw
//! responses (pooled, and the mean of the units' IKMs); unpublished units never appear; the CSV
//! variants carry the JSON's figures; the OpenAPI document validates, every route it lists answers
//! as it says, and schemathesis finds no server error or answer that breaks the document.

use crate::support::{repo_root, ExtraServer};
use crate::{app, send, TestApp};
use app::accounts::Actor;
use app::store::Counted;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use ikm_domain::ikm::{exact_converted, grade_converted};
use ikm_domain::{Hundredths, IkmResult, Period, Tally, Unsur};
use num_bigint::BigInt;
use num_rational::BigRational;
use serde_json::Value;
use std::process::Command;

/// Kota Bandar Lampung: its units but one publish the quarter; one unit elsewhere publishes too.
const CITY: &str = "18.71";
const QUARTER: &str = "2026-T3";
const UNPUBLISHED: &str = "1871-rsud";
const ELSEWHERE: &str = "1801-disdukcapil";

struct Published {
    /// (code, id) of the city's units that published the quarter.
    city_units: Vec<(String, i64)>,
}

/// Publishing as the command line would (no signed-in user).
fn actor() -> Actor {
    Actor {
        user_id: None,
        name: "test".into(),
        address: String::new(),
    }
}

async fn publish(app: &TestApp) -> Published {
    let actor = actor();
    let mut city_units = Vec::new();
    for unit in app.store.region_units(CITY).await.expect("units") {
        if unit.code == UNPUBLISHED || !unit.active {
            continue;
        }
        app.store
            .set_published(unit.id, QUARTER, true, chrono::Utc::now(), &actor)
            .await
            .expect("publish");
        city_units.push((unit.code, unit.id));
    }
    assert!(city_units.len() >= 3, "the demo city has several units");
    let other = app
        .store
        .unit(ELSEWHERE)
        .await
        .expect("store")
        .expect("unit");
    for key in [QUARTER, "2026-T2"] {
        app.store
            .set_published(other.id, key, true, chrono::Utc::now(), &actor)
            .await
            .expect("publish");
    }
    Published { city_units }
}

async fn get_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let reply = send(
        app,
        Request::get(path).body(Body::empty()).expect("request"),
    )
    .await;
    let value = serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", reply.body));
    (reply.status, value)
}

async fn raw(app: &TestApp, id: i64, period: &Period) -> Tally {
    app.store
        .unit_tally_from_responses(id, period.from, period.to, Counted::Valid)
        .await
        .expect("raw responses")
}

fn hundredths(value: &Value) -> Hundredths {
    let f = value
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {value}"));
    Hundredths((f * 100.0).round() as i64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn region_figures_are_the_engines_over_the_published_units_responses() {
    let app = app().await;
    crate::withdraw_demo_publications(&app).await;
    let published = publish(&app).await;
    let quarter = Period::parse(QUARTER).expect("period");

    // The engine over the raw responses of the units that published.
    let mut union = Tally::default();
    let mut sum = BigRational::from_integer(BigInt::from(0));
    let mut with_answers = 0i64;
    for (_, id) in &published.city_units {
        let tally = raw(&app, *id, &quarter).await;
        if let Some(c) = exact_converted(&tally) {
            sum += c;
            with_answers += 1;
        }
        union.merge(&tally);
    }
    let pooled = IkmResult::of(&union).expect("the quarter has answers");
    let (mean, mean_grade) =
        grade_converted(&(sum / BigRational::from_integer(with_answers.into())));

    let (status, city) = get_json(
        &app,
        &format!("/api/v1/regions/{CITY}/ikm?period={QUARTER}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{city}");
    let total = &city["total"];
    assert_eq!(total["respondents"], pooled.respondents);
    assert_eq!(hundredths(&total["converted"]), pooled.converted);
    assert_eq!(total["grade"], pooled.mutu.letter());
    assert_eq!(hundredths(&total["mean_of_units"]), mean);
    assert_eq!(total["mean_of_units_grade"], mean_grade.letter());
    assert_eq!(total["units_published"], published.city_units.len());
    assert!(total["units_total"].as_u64().expect("count") > published.city_units.len() as u64);
    let low = hundredths(&total["interval_low"]);
    let high = hundredths(&total["interval_high"]);
    assert!(
        low <= pooled.converted && pooled.converted <= high,
        "{total}"
    );
    assert_eq!(city["period"]["key"], QUARTER);
    assert_eq!(city["period"]["from"], "2026-07-01");

    // One row per published unit, each the engine's figure; the unpublished unit is absent.
    let rows = city["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), published.city_units.len());
    for (code, id) in &published.city_units {
        let row = rows
            .iter()
            .find(|r| r["code"] == code.as_str())
            .unwrap_or_else(|| panic!("{code} has a row"));
        let own = IkmResult::of(&raw(&app, *id, &quarter).await).expect("answers");
        assert_eq!(hundredths(&row["converted"]), own.converted, "{code}");
        assert_eq!(row["respondents"], own.respondents);
        assert_eq!(row["kind"], "unit");
    }
    assert!(!city.to_string().contains(UNPUBLISHED));

    // The province: the city's row is the city's total; the province pools the city and the other
    // unit that published the quarter.
    let (status, province) =
        get_json(&app, &format!("/api/v1/regions/18/ikm?period={QUARTER}")).await;
    assert_eq!(status, StatusCode::OK, "{province}");
    let city_row = province["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == CITY)
        .expect("the city's row");
    assert_eq!(city_row["converted"], total["converted"]);
    assert_eq!(city_row["respondents"], total["respondents"]);
    let other = app
        .store
        .unit(ELSEWHERE)
        .await
        .expect("store")
        .expect("unit");
    union.merge(&raw(&app, other.id, &quarter).await);
    let whole = IkmResult::of(&union).expect("answers");
    assert_eq!(province["total"]["respondents"], whole.respondents);
    assert_eq!(hundredths(&province["total"]["converted"]), whole.converted);

    // The CSV carries the same figures, the region's row first.
    let reply = send(
        &app,
        Request::get(format!("/api/v1/regions/{CITY}/ikm.csv?period={QUARTER}"))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.headers[header::CONTENT_TYPE]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    let mut csv = csv::Reader::from_reader(reply.body.as_bytes());
    let heads = csv.headers().expect("header").clone();
    let col = |name: &str| heads.iter().position(|h| h == name).expect(name);
    let records: Vec<csv::StringRecord> = csv.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 1 + published.city_units.len());
    assert_eq!(&records[0][col("code")], CITY);
    assert_eq!(
        records[0][col("converted")].parse::<f64>().expect("number"),
        total["converted"].as_f64().expect("number")
    );
    assert_eq!(
        &records[0][col("respondents")],
        pooled.respondents.to_string()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_is_public_only_for_what_it_published() {
    let app = app().await;
    // The demo's own publications: the list holds exactly the units that published something.
    let (status, units) = get_json(&app, "/api/v1/units").await;
    assert_eq!(status, StatusCode::OK);
    let mut listed: Vec<i64> = Vec::new();
    for unit in units.as_array().expect("list") {
        let code = unit["code"].as_str().expect("code");
        listed.push(app.store.unit(code).await.expect("store").expect("unit").id);
    }
    let mut published: Vec<i64> = app
        .store
        .all_published()
        .await
        .expect("published")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    published.dedup();
    listed.sort_unstable();
    published.sort_unstable();
    published.dedup();
    assert!(!listed.is_empty(), "the demo publishes");
    assert_eq!(listed, published);

    crate::withdraw_demo_publications(&app).await;
    let (status, units) = get_json(&app, "/api/v1/units").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(units, serde_json::json!([]), "nothing published is listed");
    let (status, error) = get_json(&app, &format!("/api/v1/units/{ELSEWHERE}/ikm")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error["error"]
        .as_str()
        .expect("message")
        .contains(ELSEWHERE));

    publish(&app).await;
    let (_, units) = get_json(&app, "/api/v1/units").await;
    let codes: Vec<&str> = units
        .as_array()
        .expect("list")
        .iter()
        .map(|u| u["code"].as_str().expect("code"))
        .collect();
    assert!(
        codes.contains(&ELSEWHERE) && !codes.contains(&UNPUBLISHED),
        "{codes:?}"
    );
    let listed = units
        .as_array()
        .expect("list")
        .iter()
        .find(|u| u["code"] == ELSEWHERE)
        .expect("listed");
    assert_eq!(listed["latest_period"], QUARTER);
    assert_eq!(listed["published_periods"], "2026-T3 2026-T2");

    for path in [
        format!("/api/v1/units/{UNPUBLISHED}/ikm"),
        format!("/api/v1/units/{UNPUBLISHED}/ikm.csv"),
        format!("/api/v1/services?unit={UNPUBLISHED}"),
    ] {
        let (status, body) = get_json(&app, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert!(body["error"]
            .as_str()
            .expect("message")
            .contains("/api/v1/units"));
    }
    let (_, services) = get_json(&app, "/api/v1/services").await;
    assert!(!services.to_string().contains(UNPUBLISHED));

    // The latest published period by default, an older one on request, a period it did not publish
    // refused with the ones it did, a malformed one refused as such.
    let other = app
        .store
        .unit(ELSEWHERE)
        .await
        .expect("store")
        .expect("unit");
    for (query, key) in [("", QUARTER), ("?period=2026-T2", "2026-T2")] {
        let (status, unit) = get_json(&app, &format!("/api/v1/units/{ELSEWHERE}/ikm{query}")).await;
        assert_eq!(status, StatusCode::OK, "{unit}");
        assert_eq!(unit["period"]["key"], key);
        let period = Period::parse(key).expect("period");
        let engine = IkmResult::of(&raw(&app, other.id, &period).await).expect("answers");
        assert_eq!(hundredths(&unit["converted"]), engine.converted);
        assert_eq!(hundredths(&unit["ikm"]), engine.ikm);
        assert_eq!(unit["respondents"], engine.respondents);
        assert_eq!(unit["grade"], engine.mutu.letter());
        let unsur = unit["unsur"].as_array().expect("nine");
        assert_eq!(unsur.len(), 9);
        for (figure, u) in unsur.iter().zip(Unsur::ALL) {
            let own = engine.get(u);
            assert_eq!(figure["code"], format!("U{}", u.number()));
            assert_eq!(figure["answered"], own.answered);
            assert_eq!(figure["score_sum"], own.score_sum);
            let graded = own.graded.expect("answered");
            assert_eq!(hundredths(&figure["nrr"]), graded.nrr);
        }
    }
    let (status, body) = get_json(
        &app,
        &format!("/api/v1/units/{ELSEWHERE}/ikm?period=2026-T1"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body["error"]
            .as_str()
            .expect("message")
            .contains("2026-T3, 2026-T2"),
        "{body}"
    );
    let (status, body) = get_json(
        &app,
        &format!("/api/v1/units/{ELSEWHERE}/ikm?period=kemarin"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().expect("message").contains("2026-T3"));
    let (status, _) = get_json(&app, "/api/v1/units?region=99").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Withdrawn, gone again.
    let actor = actor();
    for key in [QUARTER, "2026-T2"] {
        app.store
            .set_published(other.id, key, false, chrono::Utc::now(), &actor)
            .await
            .expect("withdraw");
    }
    let (status, _) = get_json(&app, &format!("/api/v1/units/{ELSEWHERE}/ikm")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The validator and schemathesis that `scripts/setup.sh --test` installs into `tools/venv`.
fn python_tool(name: &str) -> std::path::PathBuf {
    let path = repo_root().join("tools/venv/bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run scripts/setup.sh --test (it installs it from PyPI)",
        path.display()
    );
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_validates_and_every_route_answers_as_it_says() {
    let app = app().await;
    publish(&app).await;
    let (status, doc) = get_json(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, doc.to_string()).expect("write");
    let out = Command::new(python_tool("openapi-spec-validator"))
        .arg(&file)
        .output()
        .expect("the validator runs");
    assert!(
        out.status.success(),
        "the OpenAPI document is invalid:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Every listed route, with real codes, answers 200 with the documented type, and a JSON body
    // has every field its schema requires.
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 11, "{:?}", paths.keys());
    for (path, item) in paths {
        // A state-changing route (the invitations API) has its own test.
        if item.get("get").is_none() {
            continue;
        }
        let concrete = if path.starts_with("/api/v1/units/") {
            path.replace("{code}", ELSEWHERE)
        } else if path.starts_with("/api/v1/mpp/") {
            path.replace("{code}", "mpp-kota-bandar-lampung")
        } else {
            path.replace("{code}", CITY)
        };
        let ok = &item["get"]["responses"]["200"]["content"];
        let (documented, schema) = ok
            .as_object()
            .and_then(|c| c.iter().next())
            .unwrap_or_else(|| panic!("{path} documents its 200 answer"));
        let reply = send(
            &app,
            Request::get(&concrete)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{concrete}: {}", reply.body);
        let actual = reply.headers[header::CONTENT_TYPE].to_str().expect("type");
        assert!(
            actual.starts_with(documented.as_str()),
            "{concrete}: {actual} but documented {documented}"
        );
        assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        if documented == "application/json" {
            let body: Value = serde_json::from_str(&reply.body).expect("JSON");
            let mut schema = &schema["schema"];
            let mut item = &body;
            if schema["type"] == "array" {
                schema = &schema["items"];
                item = body
                    .get(0)
                    .unwrap_or_else(|| panic!("{concrete} lists something"));
            }
            if let Some(name) = schema["$ref"].as_str() {
                let name = name.rsplit('/').next().expect("name");
                for field in doc["components"]["schemas"][name]["required"]
                    .as_array()
                    .expect("required fields")
                {
                    let field = field.as_str().expect("name");
                    assert!(item.get(field).is_some(), "{concrete}: no {field}");
                }
            }
        } else {
            assert!(
                reply.body.lines().count() >= 2,
                "{concrete}: a header and rows"
            );
        }
    }

    // schemathesis against a real server on the same database, with every check it has:
    // generated requests (valid and not) never get a server error, every answer matches the
    // document (status, type, schema), what the document allows is accepted and what it refuses
    // is refused.
    // A key of the documented example unit, so the invitations API is exercised signed in too.
    let (key, prefix) = ikm::invitations::new_api_key();
    let example = app
        .store
        .unit("1871-disdukcapil")
        .await
        .expect("store")
        .expect("unit");
    app.store
        .create_api_key(
            example.id,
            "1871-disdukcapil",
            "schemathesis",
            &prefix,
            &ikm::invitations::key_hash(&key),
            &app::accounts::Actor::command_line(),
        )
        .await
        .expect("a key");
    let server = ExtraServer::start(&app.db.url);
    let out = Command::new(python_tool("schemathesis"))
        .args(["run", &format!("{}/api/v1/openapi.json", server.base)])
        .args(["--url", &server.base])
        .args(["-H", &format!("Authorization: Bearer {key}")])
        .args(["--checks", "all"])
        .args(["--max-examples", "25", "--seed", "1", "--no-color"])
        .env("SCHEMATHESIS_HOOKS", "")
        // Its cache folder goes to the temporary folder, not the source tree.
        .current_dir(dir.path())
        .output()
        .expect("schemathesis runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found problems:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains("Tested: 13") && report.contains(" passed") && !report.contains("failed"),
        "{report}"
    );
}

/// The services listing reads every unit's services at once: it must list, for each published unit
/// in the units' order, exactly the services that unit's own page lists, in the same order, and
/// neither an inactive service nor an unpublished unit's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_services_listing_is_each_published_units_own_services_in_order() {
    let app = app().await;
    let published = publish(&app).await;
    let (code, _) = &published.city_units[0];
    let before = app.store.unit(code).await.expect("store").expect("unit");
    assert!(before.services.len() >= 2, "the demo unit has services");
    let closed = &before.services[0];
    app.store
        .set_service_active(code, closed.id, false, &actor())
        .await
        .expect("deactivate a service");

    let (status, units) = get_json(&app, "/api/v1/units").await;
    assert_eq!(status, StatusCode::OK);
    let mut expected = Vec::new();
    for unit in units.as_array().expect("list") {
        let code = unit["code"].as_str().expect("code");
        let detail = app.store.unit(code).await.expect("store").expect("unit");
        expected.extend(
            detail
                .services
                .iter()
                .map(|s| serde_json::json!({"unit_code": code, "id": s.id, "name": s.name})),
        );
    }
    let (status, services) = get_json(&app, "/api/v1/services").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(services, Value::Array(expected));
    let listed = services.to_string();
    assert!(!listed.contains(UNPUBLISHED), "{listed}");
    assert!(
        !services
            .as_array()
            .expect("list")
            .iter()
            .any(|s| s["id"] == closed.id),
        "the inactive service is left out"
    );

    let (status, one) = get_json(&app, &format!("/api/v1/services?unit={code}")).await;
    assert_eq!(status, StatusCode::OK);
    let own = app.store.unit(code).await.expect("store").expect("unit");
    assert_eq!(one.as_array().expect("list").len(), own.services.len());
    assert!(one
        .as_array()
        .expect("list")
        .iter()
        .zip(&own.services)
        .all(|(listed, s)| listed["unit_code"] == code.as_str() && listed["id"] == s.id));
}

/// The units listed by `path`, in order, with the reply's `X-Total-Count` and `Link`.
async fn unit_page(app: &TestApp, path: &str) -> (StatusCode, Vec<String>, Option<String>, String) {
    let reply = send(
        app,
        Request::get(path).body(Body::empty()).expect("request"),
    )
    .await;
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let total = header("x-total-count");
    let link = header("link").unwrap_or_default();
    let codes = serde_json::from_str::<Value>(&reply.body)
        .ok()
        .and_then(|v| {
            v.as_array().map(|a| {
                a.iter()
                    .filter_map(|u| u["code"].as_str().map(str::to_string))
                    .collect()
            })
        })
        .unwrap_or_default();
    (reply.status, codes, total, link)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unit_list_is_paged_and_filtered_by_province() {
    let app = app().await;
    publish(&app).await;
    // A second province with a unit that published.
    for (code, name, level, parent) in [
        ("11", "Aceh", app::model::RegionLevel::Province, None),
        (
            "11.71",
            "Kota Banda Aceh",
            app::model::RegionLevel::City,
            Some("11".to_string()),
        ),
    ] {
        app.store
            .ensure_region(&app::store::NewRegion {
                code: code.into(),
                name: name.into(),
                level,
                parent_code: parent,
            })
            .await
            .expect("region");
    }
    app.store
        .ensure_unit(&app::store::NewUnit {
            code: "1171-disdukcapil".into(),
            name: "Disdukcapil Kota Banda Aceh".into(),
            kind: app::model::UnitKind::Disdukcapil,
            region_code: "11.71".into(),
            mpp_name: None,
            agency: None,
            complaint_contact: None,
            population_per_year: None,
        })
        .await
        .expect("unit");
    let aceh = app
        .store
        .unit("1171-disdukcapil")
        .await
        .expect("store")
        .expect("unit");
    app.store
        .set_published(aceh.id, QUARTER, true, chrono::Utc::now(), &actor())
        .await
        .expect("publish");

    let (status, all, total, link) = unit_page(&app, "/api/v1/units").await;
    assert_eq!(status, StatusCode::OK);
    let n = all.len();
    assert!(n > 4, "{all:?}");
    assert_eq!(total, Some(n.to_string()));
    assert_eq!(link, "", "one page holds them all");
    assert!(all.contains(&"1171-disdukcapil".to_string()));

    // Pages of two, in the same order, each with the total and its neighbours.
    let mut paged = Vec::new();
    for page in 1..=n.div_ceil(2) {
        let path = format!("/api/v1/units?per_page=2&page={page}");
        let (status, codes, total, link) = unit_page(&app, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(total, Some(n.to_string()));
        assert_eq!(
            link.contains(&format!(
                "</api/v1/units?page={}&per_page=2>; rel=\"next\"",
                page + 1
            )),
            page * 2 < n,
            "{path}: {link}"
        );
        assert_eq!(link.contains("rel=\"prev\""), page > 1, "{path}: {link}");
        paged.extend(codes);
    }
    assert_eq!(paged, all, "the pages are the list");
    let (status, past, _, _) = unit_page(&app, "/api/v1/units?per_page=2&page=999").await;
    assert_eq!((status, past.len()), (StatusCode::OK, 0));

    // One province; a province's kota within it; a kota is not a province; unknown codes.
    let (_, lampung, total, _) = unit_page(&app, "/api/v1/units?province=18").await;
    let elsewhere = all.iter().filter(|c| !c.starts_with("18")).count();
    assert!(
        all.iter().any(|c| c.starts_with("32")) && elsewhere > 2,
        "the demo's units of other provinces, and Aceh's"
    );
    assert_eq!(lampung.len(), n - elsewhere);
    assert_eq!(total, Some((n - elsewhere).to_string()));
    assert!(lampung.iter().all(|c| c.starts_with("18")));
    let (_, aceh_units, _, _) = unit_page(&app, "/api/v1/units?province=11").await;
    assert_eq!(aceh_units, vec!["1171-disdukcapil".to_string()]);
    let (_, none, _, _) = unit_page(&app, "/api/v1/units?province=11&region=18.71").await;
    assert!(none.is_empty(), "both filters hold");
    let (_, city, _, link) =
        unit_page(&app, "/api/v1/units?province=18&region=18.71&per_page=1").await;
    assert_eq!(city.len(), 1);
    assert!(
        link.contains("region=18.71") && link.contains("province=18"),
        "{link}"
    );
    for (path, status, words) in [
        (
            "/api/v1/units?province=18.71",
            StatusCode::BAD_REQUEST,
            "not a province",
        ),
        (
            "/api/v1/units?province=99",
            StatusCode::NOT_FOUND,
            "no region with code \"99\"",
        ),
        (
            "/api/v1/units?page=0",
            StatusCode::BAD_REQUEST,
            "page counts from 1",
        ),
        (
            "/api/v1/units?per_page=1001",
            StatusCode::BAD_REQUEST,
            "per_page is 1 to 1000",
        ),
        (
            "/api/v1/units?per_page=abc",
            StatusCode::BAD_REQUEST,
            "the query cannot be read",
        ),
    ] {
        let (got, value) = get_json(&app, path).await;
        assert_eq!(got, status, "{path}");
        assert!(
            value["error"].as_str().unwrap_or_default().contains(words),
            "{path}: {value}"
        );
    }
    // The OpenAPI document says the limits.
    let (_, doc) = get_json(&app, "/api/v1/openapi.json").await;
    let params = doc["paths"]["/api/v1/units"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .clone();
    let per_page = params
        .iter()
        .find(|p| p["name"] == "per_page")
        .expect("per_page");
    assert_eq!(per_page["schema"]["maximum"], 1000);
    assert!(params.iter().any(|p| p["name"] == "province"));
    // The CSV is the whole list, filtered the same way.
    let csv = send(
        &app,
        Request::get("/api/v1/units.csv?province=11")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);
}
