//! The report as units publish it (issue #35): under its letterhead (the unit's, else its
//! region's), signed with the head's name and NIP, its figures also as charts (the same numbers as
//! the tables, read back from the page's SVG and the PDF's text), in an embedded font that prints
//! every character of a name. Logos are checked: what is not an image is refused beside the field.

use crate::accounts::{request, sign_in, KOTA, OWN_UNIT, PROVINSI, UNIT};
use crate::app;
use crate::report::{as_html, pdf_pages, squeezed};
use crate::scorecard::post_multipart;
use app::accounts::Actor;
use app::letterhead::LetterheadOwner;
use app::report::Block;
use app::report_chart::{Chart, ChartKind, Mark};
use axum::http::{header, StatusCode};
use ikm_domain::Period;

/// A unit of Bandar Lampung without a letterhead of its own in the demo.
const WAY_HALIM: &str = "1871-pkm-way-halim";
const NAME: &str = "Puskesmas Way Halim — Ĳ ŉ ő";

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::ImageBuffer::from_fn(width, height, |x, y| {
        image::Rgb([(x * 3) as u8, (y * 5) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// The form's parts: its fields, then the logo file when given.
fn form<'a>(fields: &[(&'a str, &'a str)], logo: Option<&'a [u8]>) -> Parts<'a> {
    let mut parts: Parts<'a> = fields
        .iter()
        .map(|(k, v)| (*k, None, v.as_bytes()))
        .collect();
    if let Some(logo) = logo {
        parts.push(("logo", Some("logo.png"), logo));
    }
    parts
}

/// A multipart form's parts: (field, file name, content).
type Parts<'a> = Vec<(&'a str, Option<&'a str>, &'a [u8])>;

/// The fonts of a PDF: (name, embedded) for every font that draws glyphs.
fn fonts(bytes: &[u8]) -> Vec<(String, bool)> {
    let pdf = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let mut out = Vec::new();
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let is = |k: &[u8], v: &[u8]| dict.get(k).and_then(|o| o.as_name()).ok() == Some(v);
        if !is(b"Type", b"Font") || is(b"Subtype", b"Type0") || is(b"Subtype", b"Type3") {
            continue;
        }
        let name = dict
            .get(b"BaseFont")
            .and_then(|o| o.as_name())
            .map(|n| String::from_utf8_lossy(n).to_string())
            .unwrap_or_default();
        let descriptor = dict
            .get(b"FontDescriptor")
            .and_then(|o| o.as_reference())
            .and_then(|r| pdf.get_dictionary(r));
        let embedded = descriptor.is_ok_and(|d| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| d.has(k))
        });
        out.push((name, embedded));
    }
    out
}

fn has_image(bytes: &[u8]) -> bool {
    let pdf = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    pdf.objects.values().any(|o| {
        o.as_stream()
            .ok()
            .and_then(|s| s.dict.get(b"Subtype").and_then(|o| o.as_name()).ok())
            == Some(b"Image".as_slice())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pdf_prints_the_letterhead_and_every_character_in_an_embedded_font() {
    let app = app().await;
    let mut record = app
        .store
        .unit_record(WAY_HALIM)
        .await
        .expect("store")
        .expect("the demo unit");
    record.fields.name = NAME.to_string();
    app.store
        .update_unit(WAY_HALIM, &record.fields, &Actor::command_line())
        .await
        .expect("renamed");
    let kota = sign_in(&app, KOTA).await;
    let logo = png(300, 150);
    let saved = post_multipart(
        &app,
        &format!("/admin/unit/{WAY_HALIM}/kop"),
        &kota,
        &form(
            &[
                (
                    "lines",
                    "PEMERINTAH KOTA BANDAR LAMPUNG\r\nUPTD PUSKESMAS WAY HALIM — Ĳ",
                ),
                (
                    "address",
                    "Jl. Sultan Agung No. 1, Way Halim, Bandar Lampung",
                ),
                ("contact", "Telp. (0721) 700000 · pkm-wayhalim@demo.go.id"),
                ("head_name", "dr. Ŋina Őrsi"),
                ("head_nip", "19780512 200501 1 003"),
            ],
            Some(&logo),
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location(),
        format!("/admin/unit/{WAY_HALIM}?disimpan=1")
    );
    let stored = app
        .store
        .letterhead(&LetterheadOwner::Unit(WAY_HALIM.into()))
        .await
        .expect("store")
        .expect("saved");
    assert_eq!(stored.fields.head_nip, "19780512 200501 1 003");
    let token = stored.logo.clone().expect("a logo");

    let pdf = request(
        &app,
        "GET",
        &format!("/dasbor/{WAY_HALIM}/laporan.pdf?periode=2026-T3"),
        Some(&kota),
        "",
        None,
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    let pages = pdf_pages(&pdf.bytes);
    let all = pages.concat();
    for text in [
        "PEMERINTAH KOTA BANDAR LAMPUNG",
        "UPTD PUSKESMAS WAY HALIM — Ĳ",
        "Jl. Sultan Agung No. 1, Way Halim, Bandar Lampung",
        "Telp. (0721) 700000 · pkm-wayhalim@demo.go.id",
    ] {
        assert!(
            squeezed(&pages[0]).contains(&squeezed(text)),
            "the cover's letterhead lacks {text:?}: {}",
            pages[0]
        );
    }
    assert!(
        squeezed(&all).contains(&squeezed(NAME)),
        "the name as written"
    );
    assert!(squeezed(&all).contains(&squeezed("Kepala Puskesmas Way Halim — Ĳ ŉ ő")));
    assert!(squeezed(&all).contains("dr.ŊinaŐrsiNIP.197805122005011003"));
    assert!(!all.contains('?'), "no character printed as \"?\"");
    let fonts = fonts(&pdf.bytes);
    assert!(!fonts.is_empty());
    assert!(
        fonts.iter().all(|(_, embedded)| *embedded),
        "every font is embedded: {fonts:?}"
    );
    for face in ["DejaVuSans", "DejaVuSans-Bold"] {
        assert!(
            fonts
                .iter()
                .any(|(name, _)| name.ends_with(&format!("+{face}")) || name == face),
            "{face} in {fonts:?}"
        );
    }
    assert!(has_image(&pdf.bytes), "the logo is drawn");

    // The print page shows the same letterhead, its logo served as the image it is.
    let page = request(
        &app,
        "GET",
        &format!("/dasbor/{WAY_HALIM}/laporan?periode=2026-T3"),
        Some(&kota),
        "",
        None,
    )
    .await;
    assert!(page.body.contains("data-testid=\"letterhead\""));
    assert!(page.body.contains(&as_html("UPTD PUSKESMAS WAY HALIM — Ĳ")));
    assert!(page.body.contains(&format!("/kop/{token}")));
    let image = request(&app, "GET", &format!("/kop/{token}"), None, "", None).await;
    assert_eq!(image.status, StatusCode::OK);
    assert_eq!(image.headers[header::CONTENT_TYPE], "image/png");
    assert!(image.bytes.starts_with(b"\x89PNG"));
    let unknown = request(
        &app,
        "GET",
        &format!("/kop/{}", "0".repeat(32)),
        None,
        "",
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // The admin page shows it for editing.
    let admin = request(
        &app,
        "GET",
        &format!("/admin/unit/{WAY_HALIM}"),
        Some(&kota),
        "",
        None,
    )
    .await;
    assert!(admin.body.contains("data-testid=\"letterhead-form\""));
    assert!(admin.body.contains("19780512 200501 1 003"));
}

/// The texts of a chart's SVG, in order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| {
            let body = t.split_once('>')?.1;
            Some(body.split_once("</text>")?.0.to_string())
        })
        .collect()
}

/// The cells of a column of the table whose caption contains `caption`.
fn column(doc: &app::report::ReportDoc, caption: &str, index: usize) -> Vec<(String, String)> {
    let table = doc
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .find_map(|b| match b {
            Block::Table(t) if t.caption.contains(caption) => Some(t),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a table {caption}"));
    table
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[index].clone()))
        .collect()
}

fn chart_items(chart: &Chart) -> Vec<(String, String)> {
    chart
        .items
        .iter()
        .map(|i| (i.label.clone(), i.shown.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_charts_show_the_tables_figures_in_the_page_and_the_pdf() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let quarter = Period::parse("2026-T3").expect("period");
    let facts = app::report::load(
        app.store.as_ref(),
        OWN_UNIT,
        quarter,
        app::time::jakarta_today(),
    )
    .await
    .expect("store")
    .expect("unit");
    let doc = app::report::build(&facts);
    let charts: Vec<&Chart> = doc
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
        .collect();
    // Five profile charts, the unsur, the trend.
    assert_eq!(
        charts.len(),
        7,
        "{:?}",
        charts.iter().map(|c| &c.caption).collect::<Vec<_>>()
    );

    // Each chart holds its table's figures.
    let unsur = charts
        .iter()
        .find(|c| c.kind == ChartKind::GradedBars)
        .expect("the unsur chart");
    assert_eq!(chart_items(unsur), column(&doc, "Nilai per unsur", 5));
    assert_eq!(unsur.items.len(), 9);
    let trend = charts
        .iter()
        .find(|c| c.kind == ChartKind::Trend)
        .expect("the trend chart");
    assert_eq!(chart_items(trend), column(&doc, "Tabel 4.3", 2));
    assert!(trend
        .items
        .iter()
        .all(|i| i.value.is_none() || i.interval.is_some()));
    let gender = charts
        .iter()
        .find(|c| c.caption.contains("jenis kelamin"))
        .expect("the gender chart");
    let table: Vec<(String, String)> = {
        let counts = column(&doc, "menurut jenis kelamin", 1);
        let shares = column(&doc, "menurut jenis kelamin", 2);
        counts
            .into_iter()
            .zip(shares)
            .map(|((label, n), (_, p))| (label, format!("{n} ({p})")))
            .collect()
    };
    assert_eq!(chart_items(gender), table);

    // The print page draws them as SVG, each value written beside its bar or point.
    let html = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN_UNIT}/laporan?periode=2026-T3"),
        Some(&cookie),
        "",
        None,
    )
    .await;
    let svgs: Vec<&str> = html
        .body
        .split("<svg class=\"report-chart\"")
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap_or_default())
        .collect();
    assert_eq!(svgs.len(), charts.len());
    for (svg, chart) in svgs.iter().zip(&charts) {
        let texts = svg_texts(svg);
        let mut at = 0;
        for item in &chart.items {
            let found = texts[at..]
                .iter()
                .position(|t| *t == as_html(&item.shown))
                .unwrap_or_else(|| panic!("{} lacks {} in {texts:?}", chart.caption, item.shown));
            at += found + 1;
        }
        let bars = svg.matches("fill=\"#5a5a5a\"").count();
        if chart.kind != ChartKind::Trend {
            assert_eq!(
                bars,
                chart.items.iter().filter(|i| i.value.is_some()).count()
            );
        }
    }

    // The PDF prints each chart's words in the order it draws them.
    let pdf = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN_UNIT}/laporan.pdf?periode=2026-T3"),
        Some(&cookie),
        "",
        None,
    )
    .await;
    let all = squeezed(&pdf_pages(&pdf.bytes).concat());
    for chart in &charts {
        let layout = app::report_chart::lay_out(chart, 481.9, &ikm::pdf_fonts::width);
        let words: String = layout
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(squeezed(text)),
                _ => None,
            })
            .collect();
        assert!(
            all.contains(&format!("{}{words}", squeezed(&chart.caption))),
            "the PDF draws {} with {words}",
            chart.caption
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logo_that_is_not_an_image_is_refused_beside_the_field() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let owner = LetterheadOwner::Unit(OWN_UNIT.into());
    let before = app.store.letterhead(&owner).await.expect("store");
    assert!(before.is_some(), "the demo unit has a letterhead");
    let path = format!("/admin/unit/{OWN_UNIT}/kop");
    let fields = [
        ("lines", "PEMERINTAH KOTA BANDAR LAMPUNG"),
        ("head_nip", "123"),
    ];
    let refused = post_multipart(
        &app,
        &path,
        &cookie,
        &form(&fields, Some(b"%PDF-1.7\n1 0 obj << >> endobj")),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .body
        .contains("Logo harus gambar PNG, JPEG atau SVG."));
    assert!(refused.body.contains("NIP terdiri dari 18 angka"));
    assert_eq!(
        app.store.letterhead(&owner).await.expect("store"),
        before,
        "nothing saved"
    );
    let large = vec![b'x'; app::letterhead::MAX_LOGO_BYTES + 1];
    let too_large = post_multipart(&app, &path, &cookie, &form(&fields[..1], Some(&large))).await;
    assert_eq!(too_large.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_large.body.contains("Logo terlalu besar"));
    let no_lines = post_multipart(&app, &path, &cookie, &form(&[("lines", " ")], None)).await;
    assert_eq!(no_lines.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_lines.body.contains("Isi 1 sampai 4 baris nama"));

    // An SVG is kept without what could run.
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="alert(1)"><script>alert(2)</script><rect width="40" height="40" fill="#123456"/></svg>"##;
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("lines", None, b"DINAS UJI")];
    parts.push(("logo", Some("logo.svg"), svg));
    let saved = post_multipart(&app, &path, &cookie, &parts).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let token = app
        .store
        .letterhead(&owner)
        .await
        .expect("store")
        .and_then(|l| l.logo)
        .expect("the svg logo");
    let served = request(&app, "GET", &format!("/kop/{token}"), None, "", None).await;
    assert_eq!(served.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(served.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii")
        .contains("sandbox"));
    assert!(served.body.contains("<rect") || served.body.contains("<path"));
    assert!(!served.body.contains("alert"), "{}", served.body);
    // The PDF draws it.
    let pdf = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN_UNIT}/laporan.pdf?periode=2026-T3"),
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(squeezed(&pdf_pages(&pdf.bytes)[0]).contains("DINASUJI"));

    // Ticking "remove" drops the logo.
    let removed = post_multipart(
        &app,
        &path,
        &cookie,
        &form(&[("lines", "DINAS UJI"), ("remove_logo", "1")], None),
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let after = app
        .store
        .letterhead(&owner)
        .await
        .expect("store")
        .expect("kept");
    assert_eq!(after.logo, None);
    let gone = request(&app, "GET", &format!("/kop/{token}"), None, "", None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regions_letterhead_serves_its_units_without_one_and_its_own_report() {
    let app = app().await;
    let kota = sign_in(&app, KOTA).await;
    // The kota's staff find their region's letterhead from the admin home.
    let home = request(&app, "GET", "/admin", Some(&kota), "", None).await;
    assert!(home.body.contains("href=\"/admin/wilayah/18.71/kop\""));
    let line = "PEMERINTAH KOTA BANDAR LAMPUNG — KOP UJI";
    let saved = post_multipart(
        &app,
        "/admin/wilayah/18.71/kop",
        &kota,
        &form(&[("lines", line), ("head_name", "Ir. Wali Uji")], None),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), "/admin/wilayah/18.71/kop?disimpan=1");
    let page = request(
        &app,
        "GET",
        "/admin/wilayah/18.71/kop",
        Some(&kota),
        "",
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&as_html(line)));

    for path in [
        format!("/dasbor/{WAY_HALIM}/laporan.pdf?periode=2026-T3"),
        "/wilayah/18.71/laporan.pdf?periode=2026-T3".to_string(),
    ] {
        let pdf = request(&app, "GET", &path, Some(&kota), "", None).await;
        assert_eq!(pdf.status, StatusCode::OK, "{path}");
        let pages = pdf_pages(&pdf.bytes);
        assert!(
            squeezed(&pages[0]).contains(&squeezed(line)),
            "{path} prints the region's letterhead"
        );
    }
    // The unit with its own keeps its own.
    let own = request(
        &app,
        "GET",
        &format!("/dasbor/{OWN_UNIT}/laporan.pdf?periode=2026-T3"),
        Some(&kota),
        "",
        None,
    )
    .await;
    let cover = squeezed(&pdf_pages(&own.bytes)[0]);
    assert!(cover.contains("DINASKEPENDUDUKANDANPENCATATANSIPIL"));
    assert!(!cover.contains("KOPUJI"));
    // The region's report is signed by its head.
    let region = request(
        &app,
        "GET",
        "/wilayah/18.71/laporan.pdf?periode=2026-T3",
        Some(&kota),
        "",
        None,
    )
    .await;
    assert!(squeezed(&pdf_pages(&region.bytes).concat()).contains("Ir.WaliUji"));
    // The province's letterhead (from the demo) heads the province's report.
    let provinsi = sign_in(&app, PROVINSI).await;
    let province = request(
        &app,
        "GET",
        "/wilayah/18/laporan.pdf?periode=2026-T3",
        Some(&provinsi),
        "",
        None,
    )
    .await;
    assert!(squeezed(&pdf_pages(&province.bytes)[0]).contains("PEMERINTAHPROVINSILAMPUNG"));

    // A unit's staff may not set the region's (nor see a link to it); another kabupaten's region
    // is not the kota's either.
    let unit = sign_in(&app, UNIT).await;
    let home = request(&app, "GET", "/admin", Some(&unit), "", None).await;
    assert!(
        !home.body.contains("/kop\""),
        "no letterhead link for a unit's staff"
    );
    let refused = post_multipart(
        &app,
        "/admin/wilayah/18.71/kop",
        &unit,
        &form(&[("lines", "X")], None),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let elsewhere = post_multipart(
        &app,
        "/admin/wilayah/18.01/kop",
        &kota,
        &form(&[("lines", "X")], None),
    )
    .await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .letterhead(&LetterheadOwner::Region("18.01".into()))
            .await
            .expect("store")
            .map(|l| l.fields.lines),
        Some(vec!["PEMERINTAH KABUPATEN LAMPUNG SELATAN".to_string()])
    );
}

/// Where the test run leaves the demo unit's report to look at (`scripts/test.sh` prints it).
fn review_folder() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("report-review")
}

/// Writes `pdf` into the review folder as `{name}.pdf` and its pages as `{name}-N.png`; checks
/// there is a PNG of A4 per page.
fn leave_for_review(folder: &std::path::Path, name: &str, pdf: &[u8]) {
    let pages = pdf_pages(pdf).len();
    let file = folder.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).expect("the PDF written");
    // Debian's poppler-utils (scripts/setup.sh --test): a missing pdftoppm fails here, loudly.
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80"])
        .arg(&file)
        .arg(folder.join(name))
        .status()
        .expect("pdftoppm runs (Debian package poppler-utils)");
    assert!(status.success(), "pdftoppm reads the PDF");
    let pngs: Vec<_> = std::fs::read_dir(folder)
        .expect("the folder")
        .filter_map(Result::ok)
        .filter(|e| {
            let file = e.file_name().to_string_lossy().to_string();
            file.starts_with(&format!("{name}-")) && file.ends_with(".png")
        })
        .collect();
    assert_eq!(pngs.len(), pages, "a PNG per page of {name}");
    for png in &pngs {
        let image = image::open(png.path()).expect("a PNG");
        // A4 at 80 dpi.
        assert_eq!((image.width(), image.height()), (662, 936));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_reports_are_left_as_pdfs_and_their_pages_as_pngs() {
    let app = app().await;
    let unit = sign_in(&app, UNIT).await;
    let provinsi = sign_in(&app, PROVINSI).await;
    let folder = review_folder();
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("the review folder");
    for (path, cookie, name) in [
        (
            format!("/dasbor/{OWN_UNIT}/laporan.pdf?periode=2026"),
            &unit,
            format!("laporan-skm-{OWN_UNIT}-2026"),
        ),
        (
            "/wilayah/18/laporan.pdf?periode=2026".to_string(),
            &provinsi,
            "laporan-skm-provinsi-lampung-2026".to_string(),
        ),
    ] {
        let pdf = request(&app, "GET", &path, Some(cookie), "", None).await;
        assert_eq!(pdf.status, StatusCode::OK, "{path}");
        leave_for_review(&folder, &name, &pdf.bytes);
    }
    println!("The demo reports and their pages: {}", folder.display());
}
