//! `ikm export` and `ikm import` as a person runs them: an export imports into an empty unit with
//! identical figures, importing it again adds nothing, one bad line among 10 000 stores nothing and
//! is named, and the XLSX's IKM cell is the engine's value (read back with calamine).

use crate::support::{ikm, TempDb};
use crate::{stderr, stdout};
use app::model::UnitKind;
use app::store::{Counted, NewUnit, SharedStore};
use calamine::{Data, DataType, Reader};
use chrono::NaiveDate;
use ikm_domain::{IkmResult, Tally};

const SOURCE: &str = "1871-disdukcapil";
const COPY: &str = "1871-disdukcapil-kertas";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// An empty unit with the source's services (paper answers name their service).
async fn empty_copy(store: &SharedStore) {
    let source = store.unit(SOURCE).await.expect("store").expect("unit");
    store
        .ensure_unit(&NewUnit {
            code: COPY.into(),
            name: "Disdukcapil Bandar Lampung (kertas)".into(),
            kind: UnitKind::Disdukcapil,
            region_code: "18.71".into(),
            mpp_name: None,
            agency: None,
            complaint_contact: None,
            population_per_year: None,
        })
        .await
        .expect("unit");
    for service in &source.services {
        store
            .ensure_service(COPY, &service.name)
            .await
            .expect("service");
    }
}

async fn tally(store: &SharedStore, code: &str, counted: Counted) -> Tally {
    let unit = store.unit(code).await.expect("store").expect("unit");
    let tally = store
        .unit_tally(unit.id, day("2000-01-01"), day("2100-12-31"), counted)
        .await
        .expect("tally");
    let raw = store
        .unit_tally_from_responses(unit.id, day("2000-01-01"), day("2100-12-31"), counted)
        .await
        .expect("raw");
    assert_eq!(tally, raw, "{code}: tallies equal the raw rows");
    tally
}

#[test]
fn an_export_imports_into_an_empty_unit_with_identical_figures_and_only_once() {
    let db = TempDb::seeded();
    let rt = runtime();
    let store = rt.block_on(ikm::storage::open(&db.url)).expect("open");
    rt.block_on(empty_copy(&store));
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("export.csv");
    let file_arg = file.to_str().expect("path");

    let out = ikm(
        &db.url,
        &[
            "export", "--unit", SOURCE, "--format", "csv", "--output", file_arg,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let source = rt.block_on(tally(&store, SOURCE, Counted::Valid));
    assert!(
        stdout(&out).contains(&format!("{} jawaban", source.respondents())),
        "{}",
        stdout(&out)
    );

    let preview = ikm(&db.url, &["import", "--unit", COPY, "--preview", file_arg]);
    assert!(preview.status.success(), "{}", stderr(&preview));
    let engine = IkmResult::of(&source).expect("answers");
    assert!(
        stdout(&preview).contains(&format!(
            "IKM berkas ini: {}",
            engine.converted.to_id_string()
        )),
        "the preview shows the file's IKM: {}",
        stdout(&preview)
    );
    assert!(
        rt.block_on(tally(&store, COPY, Counted::Valid)).is_empty(),
        "a preview stores nothing"
    );

    let imported = ikm(&db.url, &["import", "--unit", COPY, file_arg]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let copy = rt.block_on(tally(&store, COPY, Counted::Valid));
    assert_eq!(copy, source, "counts and every unsur's sums are identical");
    assert_eq!(
        IkmResult::of(&copy),
        IkmResult::of(&source),
        "IKM and NRRs identical"
    );

    let again = ikm(&db.url, &["import", "--unit", COPY, file_arg]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains(": 0 baru"), "{}", stdout(&again));
    assert_eq!(
        rt.block_on(tally(&store, COPY, Counted::Valid)),
        source,
        "nothing added"
    );
    // Into the unit it came from: every row is already there.
    let home = ikm(&db.url, &["import", "--unit", SOURCE, file_arg]);
    assert!(stdout(&home).contains(": 0 baru"), "{}", stdout(&home));
    assert_eq!(rt.block_on(tally(&store, SOURCE, Counted::Valid)), source);

    // The copy's own export reads back the same, comments and profile included.
    let copy_file = dir.path().join("copy.csv");
    let out = ikm(
        &db.url,
        &[
            "export",
            "--unit",
            COPY,
            "--format",
            "csv",
            "--output",
            copy_file.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let strip = |text: String| -> Vec<String> {
        let mut rows: Vec<String> = text
            .lines()
            .skip(1)
            .map(|l| l.splitn(3, ',').nth(2).unwrap_or_default().to_string())
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(
        strip(std::fs::read_to_string(&copy_file).expect("read")),
        strip(std::fs::read_to_string(&file).expect("read")),
        "every column but id and unit survives the round trip"
    );
    rt.block_on(store.close());
}

#[test]
fn one_bad_line_among_ten_thousand_stores_nothing_and_is_named() {
    let db = TempDb::seeded();
    let rt = runtime();
    let store = rt.block_on(ikm::storage::open(&db.url)).expect("open");
    let before = rt.block_on(store.counts()).expect("counts").responses;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("kertas.csv");
    let mut text = String::from("submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,comment\n");
    for i in 0..10_000u32 {
        let s = 1 + i % 4;
        if i == 6_789 {
            // Line 6 791 (the header is line 1): a score of 5.
            text.push_str("2026-03-02,3,3,5,3,3,3,3,3,3,\n");
        } else {
            text.push_str(&format!(
                "2026-03-{:02},{s},3,4,3,{s},4,3,3,4,baris {i}\n",
                1 + i % 28
            ));
        }
    }
    std::fs::write(&file, &text).expect("write");
    let file_arg = file.to_str().expect("path");

    let out = ikm(&db.url, &["import", "--unit", SOURCE, file_arg]);
    assert!(!out.status.success(), "refused: {}", stdout(&out));
    assert!(stderr(&out).contains("baris 6791"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was stored"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        rt.block_on(store.counts()).expect("counts").responses,
        before,
        "nothing stored"
    );

    // Asked to skip invalid rows, the other 9 999 are stored, once.
    let out = ikm(
        &db.url,
        &["import", "--unit", SOURCE, "--skip-invalid", file_arg],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("9.999 baru"), "{}", stdout(&out));
    let out = ikm(
        &db.url,
        &["import", "--unit", SOURCE, "--skip-invalid", file_arg],
    );
    assert!(stdout(&out).contains(": 0 baru"), "{}", stdout(&out));
    assert_eq!(
        rt.block_on(store.counts()).expect("counts").responses,
        before + 9_999
    );
    rt.block_on(store.close());
}

#[test]
fn the_workbooks_ikm_cell_is_the_engines_value() {
    let db = TempDb::seeded();
    let rt = runtime();
    let store = rt.block_on(ikm::storage::open(&db.url)).expect("open");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("olah-data.xlsx");
    let out = ikm(
        &db.url,
        &[
            "export",
            "--unit",
            SOURCE,
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            "--format",
            "xlsx",
            "--output",
            file.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let unit = rt
        .block_on(store.unit(SOURCE))
        .expect("store")
        .expect("unit");
    let raw = rt
        .block_on(store.unit_tally_from_responses(
            unit.id,
            day("2026-07-01"),
            day("2026-09-30"),
            Counted::Valid,
        ))
        .expect("raw");
    let engine = IkmResult::of(&raw).expect("answers");

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).expect("opens");
    assert_eq!(book.sheet_names(), ["Olah Data", "Profil", "Masukan"]);
    let data = book.worksheet_range("Olah Data").expect("sheet");
    let find = |label: &str| {
        data.rows()
            .find(|r| r.first().is_some_and(|c| c.get_string() == Some(label)))
            .unwrap_or_else(|| panic!("a row labelled {label}"))
    };
    let number = |c: &Data| match c {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("a number, not {other:?}"),
    };
    assert_eq!(
        number(&find("IKM (konversi 25–100)")[3]),
        engine.converted.as_f64()
    );
    assert_eq!(number(&find("IKM (1–4)")[3]), engine.ikm.as_f64());
    assert_eq!(number(&find("Responden")[3]), engine.respondents as f64);
    assert_eq!(find("Mutu pelayanan")[3].to_string(), engine.mutu.letter());
    let sums = find("Jumlah nilai per unsur");
    for u in ikm_domain::Unsur::ALL {
        let col = 2 + usize::from(u.number());
        assert_eq!(number(&sums[col]), engine.get(u).score_sum as f64, "{u:?}");
    }
    // One data row per respondent, U1–U9 in columns D–L.
    let rows = data
        .rows()
        .filter(|r| matches!(r.first(), Some(Data::Float(_)) | Some(Data::Int(_))))
        .count();
    assert_eq!(rows as u64, engine.respondents);
    rt.block_on(store.close());
}
