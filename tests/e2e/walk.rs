//! Every page of the app, as a new user meets it on a 390×844 phone and a 1280×800 desktop, with the
//! demo data and the WASM: the page never scrolls sideways, no figure or name is cut off by its box
//! in a table or a chart (unless it sits in a scroll container that says so), chart text stays
//! readable (12–20 CSS px) at both widths, and on the citizen's pages everything to tap is at least
//! 44 px high. A screenshot of each page at each width goes to `target/screenshots/walk/`, which the
//! test prints, so a person can look through them in a minute.

use crate::admin::{click, fill, settle, wait_for_path};
use crate::browser::{viewport, with_browser, Js};
use crate::support::Server;
use fantoccini::Client;
use ikm_domain::{Period, PeriodKind};
use serde::Deserialize;
use std::path::PathBuf;

const UNIT: &str = "1871-disdukcapil";

/// A page to look at: its address, who is signed in, and whether citizens use it.
struct Page {
    name: &'static str,
    path: String,
    account: Option<(&'static str, &'static str)>,
    citizen: bool,
}

/// The demo's MPP of Kota Bandar Lampung.
const HALL: &str = "mpp-kota-bandar-lampung";

fn pages(quarter: &Period) -> Vec<Page> {
    let q = quarter.key();
    let citizen = |name, path: &str| Page {
        name,
        path: path.to_string(),
        account: None,
        citizen: true,
    };
    let staff = |name, path: String, account| Page {
        name,
        path,
        account: Some(account),
        citizen: false,
    };
    let unit = ("unit", "demo-unit-ikm");
    let province = ("provinsi", "demo-provinsi-ikm");
    let admin = ("admin", "demo-admin-ikm");
    let mpp = ("mpp", "demo-mpp-ikm");
    let national = ("nasional", "demo-nasional-ikm");
    vec![
        citizen("home", "/"),
        citizen("unit", &format!("/unit/{UNIT}")),
        citizen("survey", &format!("/s/{UNIT}")),
        citizen("kiosk", &format!("/k/{UNIT}")),
        citizen("thanks", &format!("/s/{UNIT}/terima-kasih")),
        citizen("kiosk-thanks", &format!("/k/{UNIT}/terima-kasih")),
        citizen("public", "/publik"),
        citizen("public-province", "/publik?provinsi=18"),
        citizen("public-unit", &format!("/publik/{UNIT}")),
        citizen("mpp-hall", &format!("/m/{HALL}")),
        Page {
            name: "tv",
            path: format!("/tv/{UNIT}"),
            account: None,
            citizen: false,
        },
        Page {
            name: "mpp-tv",
            path: format!("/tv/{HALL}"),
            account: None,
            citizen: false,
        },
        Page {
            name: "mpp-poster",
            path: format!("/m/{HALL}/poster"),
            account: None,
            citizen: false,
        },
        Page {
            name: "poster",
            path: format!("/s/{UNIT}/poster"),
            account: None,
            citizen: false,
        },
        Page {
            name: "sign-in",
            path: "/masuk".into(),
            account: None,
            citizen: false,
        },
        staff("dashboard", format!("/dasbor/{UNIT}?periode={q}"), unit),
        staff("inbox", format!("/dasbor/{UNIT}/masukan?periode={q}"), unit),
        staff("import", format!("/dasbor/{UNIT}/impor"), unit),
        staff(
            "report",
            format!("/dasbor/{UNIT}/laporan?periode={q}"),
            unit,
        ),
        staff("unit-scorecard", format!("/dasbor/{UNIT}/rapor"), unit),
        staff("unit-editor", format!("/admin/unit/{UNIT}"), unit),
        staff("invitations", format!("/dasbor/{UNIT}/undangan"), unit),
        staff("admin-home", "/admin".into(), unit),
        staff("nation", format!("/wilayah?periode={q}"), national),
        staff(
            "national-dashboard",
            format!("/dasbor/{UNIT}?periode={q}"),
            national,
        ),
        staff("province", format!("/wilayah/18?periode={q}"), province),
        staff("regency", format!("/wilayah/18.05?periode={q}"), province),
        staff("city", format!("/wilayah/18.71?periode={q}"), province),
        staff(
            "region-report",
            format!("/wilayah/18.71/laporan?periode={q}"),
            province,
        ),
        staff("province-scorecard", "/wilayah/18/rapor".into(), province),
        staff("city-scorecard", "/wilayah/18.71/rapor".into(), province),
        staff("region-names", "/admin/wilayah".into(), admin),
        staff("rubric", "/admin/rubrik".into(), admin),
        staff("accounts", "/admin/pengguna".into(), admin),
        staff("audit", "/admin/audit".into(), admin),
        staff("mpp-results", format!("/mpp/{HALL}"), mpp),
        staff(
            "mpp-report",
            format!("/mpp/{HALL}/laporan?periode={q}"),
            mpp,
        ),
        staff("mpp-editor", format!("/admin/mpp/{HALL}"), mpp),
        staff("mpps", "/admin/mpp".into(), admin),
    ]
}

/// What the page's own script measured.
#[derive(Debug, Deserialize)]
struct Measured {
    #[serde(rename = "pageWidth")]
    page_width: f64,
    #[serde(rename = "innerWidth")]
    inner_width: f64,
    clipped: Vec<String>,
    #[serde(rename = "chartText")]
    chart_text: Vec<String>,
    #[serde(rename = "smallTargets")]
    small_targets: Vec<String>,
    #[serde(rename = "chartTexts")]
    chart_texts: usize,
}

/// Measures the page as it is drawn (run in the page; `arguments[0]`: a citizen's page).
const MEASURE: &str = r#"
const citizen = arguments[0];
const describe = el => {
  const text = (el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
  return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''} "${text.slice(0, 60)}"`;
};
const shown = el => {
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
};
const scrolls = el => el.closest('.table-scroll');
const out = {
  pageWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  clipped: [], chartText: [], smallTargets: [], chartTexts: 0,
};
for (const cell of document.querySelectorAll('td, th, .chart-label, .chart-value')) {
  if (!shown(cell) || scrolls(cell)) continue;
  if (cell.scrollWidth > cell.clientWidth + 1) out.clipped.push(describe(cell));
}
// A box that scrolls sideways hides part of what it holds: only a table scroll container, which
// says so (a labelled region), may.
for (const box of document.querySelectorAll('main *')) {
  if (!shown(box) || box.classList.contains('table-scroll')) continue;
  // A text field scrolls its own text; hidden helpers (the honeypot, screen-reader text) are not seen.
  if (box.matches('input, textarea, select') || box.closest('.hp, .visually-hidden')) continue;
  const overflow = getComputedStyle(box).overflowX;
  if (!['auto', 'scroll', 'hidden', 'clip'].includes(overflow)) continue;
  if (box.scrollWidth > box.clientWidth + 1) out.clipped.push(`${describe(box)} hides ${box.scrollWidth - box.clientWidth} px sideways`);
}
for (const box of document.querySelectorAll('.table-scroll')) {
  if (box.getAttribute('role') !== 'region' || !box.getAttribute('aria-label') || box.tabIndex !== 0) {
    out.clipped.push(`${describe(box)} scrolls without saying so`);
  }
}
for (const t of document.querySelectorAll('svg text, .chart-label, .chart-value, .chart-axis')) {
  if (!shown(t)) continue;
  out.chartTexts += 1;
  let size = parseFloat(getComputedStyle(t).fontSize);
  if (t instanceof SVGElement) {
    const m = t.getScreenCTM();
    if (m) size = size * Math.hypot(m.a, m.b);
  }
  if (size < 12 || size > 20) out.chartText.push(`${describe(t)} at ${size.toFixed(1)} px`);
}
if (citizen) {
  const targets = 'a[href], button, select, textarea, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), label.choice';
  for (const el of document.querySelectorAll(targets)) {
    if (!shown(el) || el.closest('.hp') || el.closest('.choice')) {
      if (!(el.matches('label.choice') && shown(el))) continue;
    }
    const r = el.getBoundingClientRect();
    if (r.bottom <= 0 || r.right <= 0) continue; // the skip link waits off screen
    if (r.height < 43.5) out.smallTargets.push(`${describe(el)} is ${r.height.toFixed(1)} px high`);
  }
}
return out;
"#;

async fn measure(client: &Client, citizen: bool) -> Measured {
    let value = client
        .execute(MEASURE, vec![serde_json::json!(citizen)])
        .await
        .expect("the measuring script runs");
    serde_json::from_value(value).expect("measurements")
}

/// The whole page as a PNG, not only what the window shows.
async fn full_page(client: &Client) -> Vec<u8> {
    use base64::Engine as _;
    let metrics = crate::browser::cdp(client, "Page.getLayoutMetrics", serde_json::json!({})).await;
    let size = &metrics["cssContentSize"];
    let (width, height) = (
        size["width"].as_f64().unwrap_or(1280.0),
        size["height"].as_f64().unwrap_or(800.0).min(16_000.0),
    );
    let shot = crate::browser::cdp(
        client,
        "Page.captureScreenshot",
        serde_json::json!({
            "format": "png",
            "captureBeyondViewport": true,
            "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
        }),
    )
    .await;
    let data = shot["data"].as_str().expect("the screenshot's data");
    let png = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("a base64 PNG");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    png
}

async fn sign_in(client: &Client, base: &str, (login, password): (&str, &str)) {
    client.delete_all_cookies().await.expect("sign out");
    client
        .goto(&format!("{base}/masuk?next=/admin"))
        .await
        .expect("open");
    settle(client, Js::On).await;
    fill(client, "#f-login", login).await;
    fill(client, "#f-password", password).await;
    click(client, "form[action='/masuk'] button[type=submit]").await;
    // The administration, or where a read-only evaluator starts instead (the nation).
    let home = if login == "nasional" {
        "/wilayah"
    } else {
        "/admin"
    };
    wait_for_path(client, home).await;
}

fn folder() -> PathBuf {
    super::support::repo_root()
        .join("target")
        .join("screenshots")
        .join("walk")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone_and_a_desktop_and_stays_readable() {
    let server = Server::start();
    // The unit publishes last quarter, so its public page has figures.
    let quarter = Period::containing(PeriodKind::Quarter, app::time::jakarta_today()).previous();
    let store = ikm::storage::open(&server.db.url).await.expect("store");
    let unit = store.unit(UNIT).await.expect("store").expect("unit");
    let actor = app::accounts::Actor::command_line();
    store
        .set_published(unit.id, &quarter.key(), true, chrono::Utc::now(), &actor)
        .await
        .expect("publish");
    drop(store);
    let dir = folder();
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    // Straight to stderr: the test harness keeps `println!` of a passing test to itself.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("screenshots of every page: {}\n", dir.display()).as_bytes(),
    );
    let base = server.base.clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<Vec<String>>();
    with_browser(Js::On, move |client| async move {
        let mut problems = Vec::new();
        for (width, height, mobile, size) in
            [(390, 844, true, "phone"), (1280, 800, false, "desktop")]
        {
            client.delete_all_cookies().await.expect("sign out");
            let mut signed_in: Option<(&str, &str)> = None;
            for page in pages(&quarter) {
                if page.account != signed_in {
                    match page.account {
                        Some(account) => sign_in(&client, &base, account).await,
                        None => client.delete_all_cookies().await.expect("sign out"),
                    }
                    signed_in = page.account;
                }
                viewport(&client, width, height, mobile).await;
                client
                    .goto(&format!("{base}{}", page.path))
                    .await
                    .expect("open");
                settle(&client, Js::On).await;
                let m = measure(&client, page.citizen).await;
                let png = full_page(&client).await;
                std::fs::write(dir.join(format!("{size}-{}.png", page.name)), png)
                    .expect("screenshot written");
                let at = format!("{} at {size} width", page.path);
                if m.page_width > m.inner_width + 0.5 {
                    problems.push(format!(
                        "{at}: the page is {} px wide in a {} px window",
                        m.page_width, m.inner_width
                    ));
                }
                problems.extend(m.clipped.iter().map(|c| format!("{at}: cut off: {c}")));
                problems.extend(m.chart_text.iter().map(|c| format!("{at}: chart text {c}")));
                problems.extend(m.small_targets.iter().map(|c| format!("{at}: {c}")));
                if ["dashboard", "province", "regency"].contains(&page.name) {
                    assert!(m.chart_texts > 0, "{at}: its charts were measured");
                }
            }
        }
        let _ = tx.send(problems);
    })
    .await;
    let problems = rx.await.expect("the walk ran");
    assert!(
        problems.is_empty(),
        "{} problems (screenshots in {}):\n{}",
        problems.len(),
        folder().display(),
        problems.join("\n")
    );
}
