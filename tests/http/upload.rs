//! The web import of paper surveys: upload → check (nothing stored, every bad line named, the file's
//! IKM) → store (all-or-nothing, or the valid rows when asked) → what was stored; storing again adds
//! nothing; an XLSX works like a CSV; a missing or unreadable file is refused beside the field; only
//! the unit's staff may import.

use crate::accounts::{post, sign_in, OWN_UNIT, UNIT};
use crate::{app, send, Reply, TestApp};
use app::store::Counted;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use ikm_domain::{Answers, IkmResult, Period, Score, Tally};

pub(crate) const BOUNDARY: &str = "----ikm-test-boundary";

/// A multipart form: (field, file name, content).
pub(crate) fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, content) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some(file) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(app: &TestApp, unit: &str, cookie: Option<&str>, body: Vec<u8>) -> Reply {
    let mut request = Request::builder()
        .method("POST")
        .uri(format!("/dasbor/{unit}/impor"))
        .header(header::HOST, "ikm.test")
        .header(header::ORIGIN, "http://ikm.test")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        );
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::from(body)).expect("request")).await
}

fn answers(scores: [u8; 9]) -> Answers {
    Answers::complete(scores.map(|v| Score::new(v).expect("1..=4")))
}

/// Three valid rows on 2 and 3 March 2026 and one with a score of 7 (line 5).
const FILE: &str = "submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,comment\n\
2026-03-02,4,4,3,4,3,3,4,2,3,Antre lama\n\
2026-03-02,3,3,3,3,3,3,3,3,3,\n\
2026-03-03,4,4,4,4,4,4,4,4,4,\"=HYPERLINK(\"\"x\"\")\"\n\
2026-03-03,4,4,7,4,4,4,4,4,4,\n";

async fn march_tally(app: &TestApp) -> Tally {
    let unit = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit");
    let march = Period::month(2026, 3).expect("march");
    app.store
        .unit_tally(unit.id, march.from, march.to, Counted::Valid)
        .await
        .expect("tally")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_checks_then_stores_a_paper_survey_file() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let before = march_tally(&app).await;

    let checked = upload(
        &app,
        OWN_UNIT,
        Some(&cookie),
        multipart(&[("berkas", Some("kertas-maret.csv"), FILE.as_bytes())]),
    )
    .await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let page = checked.location().to_string();
    assert!(
        page.starts_with(&format!("/dasbor/{OWN_UNIT}/impor?unggahan=")),
        "{page}"
    );
    let id = page.rsplit('=').next().expect("id").to_string();
    assert_eq!(march_tally(&app).await, before, "the check stores nothing");

    // The preview: counts, the bad line, the file's IKM from the engine.
    let preview = crate::accounts::request(&app, "GET", &page, Some(&cookie), "", None).await;
    assert_eq!(preview.status, StatusCode::OK);
    let valid = [
        answers([4, 4, 3, 4, 3, 3, 4, 2, 3]),
        answers([3; 9]),
        answers([4; 9]),
    ];
    let engine = IkmResult::of(&Tally::of(&valid)).expect("result");
    for (testid, value) in [
        ("upload-rows", "4".to_string()),
        ("upload-valid", "3".to_string()),
        ("upload-invalid", "1".to_string()),
        (
            "upload-ikm",
            format!(
                "{} ({})",
                engine.converted.to_id_string(),
                engine.mutu.letter()
            ),
        ),
    ] {
        assert!(
            preview
                .body
                .contains(&format!("data-testid=\"{testid}\">{value}<")),
            "{testid} = {value}"
        );
    }
    assert!(preview.body.contains("baris 5:"), "the bad line is named");
    assert!(preview.body.contains("kertas-maret.csv"));

    // All-or-nothing: refused, nothing stored.
    let store_path = format!("/dasbor/{OWN_UNIT}/impor/{id}");
    let refused = post(&app, &store_path, Some(&cookie), &[]).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(
        refused.location().ends_with("&belum=1"),
        "{}",
        refused.location()
    );
    assert_eq!(
        march_tally(&app).await,
        before,
        "one bad line stores nothing"
    );
    let told =
        crate::accounts::request(&app, "GET", refused.location(), Some(&cookie), "", None).await;
    assert!(told.body.contains("data-testid=\"upload-refused\""));

    // Skipping the bad line stores the three valid rows, once.
    let stored = post(&app, &store_path, Some(&cookie), &[("lewati", "1")]).await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER);
    let mut expected = before.clone();
    expected.merge(&Tally::of(&valid));
    assert_eq!(march_tally(&app).await, expected);
    let done =
        crate::accounts::request(&app, "GET", stored.location(), Some(&cookie), "", None).await;
    assert!(
        done.body.contains("data-testid=\"upload-stored\">3<"),
        "three stored"
    );

    let again = post(&app, &store_path, Some(&cookie), &[("lewati", "1")]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        march_tally(&app).await,
        expected,
        "storing again adds nothing"
    );

    // The same file uploaded and stored again: its rows are already stored.
    let second = upload(
        &app,
        OWN_UNIT,
        Some(&cookie),
        multipart(&[
            ("berkas", Some("kertas-maret.csv"), FILE.as_bytes()),
            ("lewati", None, b"1"),
        ]),
    )
    .await;
    let second_id = second
        .location()
        .rsplit('=')
        .next()
        .expect("id")
        .to_string();
    let resent = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/impor/{second_id}"),
        Some(&cookie),
        &[("lewati", "1")],
    )
    .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER);
    assert_eq!(march_tally(&app).await, expected, "a file imports once");
    let page =
        crate::accounts::request(&app, "GET", resent.location(), Some(&cookie), "", None).await;
    assert!(page.body.contains("data-testid=\"upload-stored\">0<"));

    let audit = app
        .store
        .audit_log(&Default::default(), 50)
        .await
        .expect("audit");
    assert!(
        audit.iter().any(|e| e.action == "responses_import"),
        "the import is in the audit log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_xlsx_is_checked_like_a_csv_and_bad_files_are_refused_beside_the_field() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: [[&str; 10]; 2] = [
        [
            "submitted_at",
            "u1",
            "u2",
            "u3",
            "u4",
            "u5",
            "u6",
            "u7",
            "u8",
            "u9",
        ],
        ["2026-03-04", "4", "3", "3", "4", "4", "3", "4", "3", "2"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, c as u16, n),
                Err(_) => sheet.write_string(r as u32, c as u16, *cell),
            }
            .expect("cell");
        }
    }
    let xlsx = book.save_to_buffer().expect("xlsx");
    let checked = upload(
        &app,
        OWN_UNIT,
        Some(&cookie),
        multipart(&[("berkas", Some("kertas.xlsx"), &xlsx)]),
    )
    .await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let preview =
        crate::accounts::request(&app, "GET", checked.location(), Some(&cookie), "", None).await;
    assert!(preview.body.contains("data-testid=\"upload-valid\">1<"));

    let empty = upload(
        &app,
        OWN_UNIT,
        Some(&cookie),
        multipart(&[("berkas", Some("x.csv"), b"")]),
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Pilih berkas CSV atau XLSX."));

    let garbage = upload(
        &app,
        OWN_UNIT,
        Some(&cookie),
        multipart(&[("berkas", Some("foto.csv"), b"nama,alamat\nBudi,Metro\n")]),
    )
    .await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(garbage
        .body
        .contains("Berkas tidak dapat dibaca sebagai jawaban survei:"));
    assert!(
        garbage.body.contains("tidak ada kolom nilai"),
        "the reason is named"
    );

    let broken = upload(
        &app,
        OWN_UNIT,
        Some(&cookie),
        multipart(&[("berkas", Some("rusak.xlsx"), b"PK\x03\x04 not a zip")]),
    )
    .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        broken
            .body
            .contains("berkas ini bukan buku kerja XLSX yang dapat dibaca"),
        "the workbook's problem in Bahasa Indonesia: {}",
        broken.body
    );

    let other = upload(
        &app,
        "1801-disdukcapil",
        Some(&cookie),
        multipart(&[("berkas", Some("kertas-maret.csv"), FILE.as_bytes())]),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "another unit");
    let anonymous = upload(
        &app,
        OWN_UNIT,
        None,
        multipart(&[("berkas", Some("kertas-maret.csv"), FILE.as_bytes())]),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().starts_with("/masuk"));

    let unknown = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/impor/00000000-0000-0000-0000-000000000000"),
        Some(&cookie),
        &[],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // Larger than the 64 KiB every other form gets, well under the upload limit.
    let mut big = String::from("submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9\n");
    for day in 0..3000 {
        big.push_str(&format!("2026-02-{:02},4,4,4,4,4,4,4,4,4\n", day % 28 + 1));
    }
    assert!(big.len() > 64 * 1024);
    let large = upload(
        &app,
        OWN_UNIT,
        Some(&cookie),
        multipart(&[("berkas", Some("besar.csv"), big.as_bytes())]),
    )
    .await;
    assert_eq!(large.status, StatusCode::SEE_OTHER, "{}", large.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_file_downloads_again_page_after_page() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    // More rows than one page of the streamed download (2 000).
    let mut file = String::from("submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,comment\n");
    let mut answers_in = Vec::new();
    for i in 0..4_500u32 {
        let scores: [u8; 9] = std::array::from_fn(|u| ((i as usize + u) % 4 + 1) as u8);
        answers_in.push(answers(scores));
        let cells: Vec<String> = scores.iter().map(u8::to_string).collect();
        file.push_str(&format!(
            "2025-01-{:02},{},\"baris {i}, dengan koma\"\n",
            i % 31 + 1,
            cells.join(",")
        ));
    }
    let checked = upload(
        &app,
        OWN_UNIT,
        Some(&cookie),
        multipart(&[("berkas", Some("januari.csv"), file.as_bytes())]),
    )
    .await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let id = checked
        .location()
        .rsplit('=')
        .next()
        .expect("id")
        .to_string();
    let stored = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/impor/{id}"),
        Some(&cookie),
        &[],
    )
    .await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER);

    let csv = crate::accounts::request(
        &app,
        "GET",
        &format!("/dasbor/{OWN_UNIT}/ekspor?dari=2025-01-01&sampai=2025-01-31&format=csv"),
        Some(&cookie),
        "",
        None,
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    let read = ikm_domain::response_file::read_all(csv.bytes.as_slice()).expect("a response file");
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(read.records.len(), 4_500, "every row, across three pages");
    assert_eq!(
        Tally::of(read.records.iter().map(|r| &r.answers)),
        Tally::of(&answers_in)
    );
    let mut ids: Vec<_> = read.records.iter().filter_map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4_500, "no row twice at a page boundary");
    assert!(read
        .records
        .iter()
        .any(|r| r.comment.as_deref() == Some("baris 17, dengan koma")));
}

/// Every reason a file is refused comes from the translation table, in the reader's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_file_is_explained_in_the_readers_language() {
    let app = app().await;
    let english = format!("{}; ikm_lang=en", sign_in(&app, UNIT).await);
    let refused = |name: &'static str, bytes: Vec<u8>| {
        let (app, english) = (&app, &english);
        async move {
            let reply = upload(
                app,
                OWN_UNIT,
                Some(english),
                multipart(&[("berkas", Some(name), &bytes)]),
            )
            .await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
            assert!(reply.body.contains("<html lang=\"en\""), "{name}");
            assert!(
                reply
                    .body
                    .contains("The file cannot be read as survey answers:"),
                "{name}: {}",
                reply.body
            );
            reply.body
        }
    };
    let no_scores = refused("foto.csv", b"nama,alamat\nBudi,Metro\n".to_vec()).await;
    assert!(
        no_scores.contains("there is no score column"),
        "{no_scores}"
    );
    let twice = refused("dua.csv", b"u1,pengaduan,u8\n4,4,4\n".to_vec()).await;
    assert!(
        twice.contains("the column &quot;pengaduan") || twice.contains("the column \"pengaduan"),
        "{twice}"
    );
    let broken = refused("rusak.xlsx", b"PK\x03\x04 not a zip".to_vec()).await;
    assert!(
        broken.contains("this file is not a readable XLSX workbook ("),
        "{broken}"
    );
    assert!(
        !broken.contains("bukan"),
        "no Bahasa Indonesia left in: {broken}"
    );

    // A row's problem is kept as data with the check and worded when the page is read: the same
    // upload reads in English, then in Bahasa Indonesia.
    let rows = b"submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9\n\
                 2026-03-04,4,3,3,4,4,3,4,3,2\n\
                 2026-03-04,5,3,3,4,4,3,4,3,2\n";
    let checked = upload(
        &app,
        OWN_UNIT,
        Some(&english),
        multipart(&[("berkas", Some("satu-salah.csv"), rows)]),
    )
    .await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let read = |cookie: String| {
        let (app, at) = (&app, checked.location().to_string());
        async move { crate::accounts::request(app, "GET", &at, Some(&cookie), "", None).await }
    };
    let preview = read(english.clone()).await;
    assert!(
        preview
            .body
            .contains("line 3: column persyaratan: the score 5 is outside 1–4"),
        "{}",
        preview.body
    );
    let bahasa = english.replace("ikm_lang=en", "ikm_lang=id");
    let preview = read(bahasa).await;
    assert!(
        preview
            .body
            .contains("baris 3: kolom persyaratan: nilai 5 di luar 1–4"),
        "{}",
        preview.body
    );

    // A cell far right of any response file's columns: row and column named, as the sheet shows them.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "u1").expect("cell");
    sheet.write_string(1, 0, "4").expect("cell");
    sheet.write_string(2, 1499, "catatan").expect("cell");
    let wide = refused("lebar.xlsx", book.save_to_buffer().expect("xlsx")).await;
    assert!(
        wide.contains("row 3 has text in column 1.500; a response file has at most 100 columns"),
        "{wide}"
    );
}
