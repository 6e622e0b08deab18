//! Hostile and ordinary workbooks: random bytes and damaged workbooks never panic; what a
//! spreadsheet holds comes back cell for cell, on the spreadsheet's own row numbers; sheets that
//! would take the server's memory (a zip bomb, a cell in the far corner) are refused with a reason.
//! Cases per property: `PROPTEST_CASES` (64 by default; the dedicated run uses 10 000).

use super::*;
use ikm_domain::response_file::read_all;
use ikm_domain::Unsur;
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;
use std::collections::BTreeMap;
use std::io::Write;

fn cases() -> ProptestConfig {
    ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(64),
    )
}

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Number(f64),
}

impl Value {
    /// What the CSV holds for this cell.
    fn expected(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Number(n) => text_of(Data::Float(*n)),
        }
    }
}

/// A workbook whose first sheet holds these cells (row, column from 0).
fn workbook(cells: &BTreeMap<(u32, u16), Value>) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (&(row, column), value) in cells {
        match value {
            Value::Text(text) => sheet.write_string(row, column, text),
            Value::Number(n) => sheet.write_number(row, column, *n),
        }
        .expect("the cell is written");
    }
    book.save_to_buffer().expect("the workbook is written")
}

fn header_row() -> BTreeMap<(u32, u16), Value> {
    Unsur::ALL
        .iter()
        .enumerate()
        .map(|(column, u)| ((0, column as u16), Value::Text(u.key().to_string())))
        .collect()
}

/// Text a person types into a cell: words, other scripts, formulas, quotes and separators, spaces.
/// (No carriage returns or control characters: XML has no way to keep them.)
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{1,40}",
        "\\PC{1,20}",
        "[=+@\\-][A-Z]{1,8}\\([0-9,\"a-z:/.]{0,20}\\)",
        Just(String::from("=HYPERLINK(\"http://contoh.test\",\"klik\")")),
        "[a-z ,\"\\n\\t]{1,30}",
        "x{500,1000}",
    ]
    .prop_filter(
        "text, and no unsur name (the header is the first row)",
        |t| !t.trim().is_empty() && Unsur::parse(t.trim()).is_none(),
    )
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => text().prop_map(Value::Text),
        1 => (-1_000_000i64..1_000_000).prop_map(|n| Value::Number(n as f64)),
        1 => (-1.0e6f64..1.0e6).prop_map(Value::Number),
    ]
}

/// The CSV's records with text, by their row (a record may span lines).
fn lines(csv: &[u8]) -> BTreeMap<u64, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    let mut lines = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("the CSV written reads back");
        if record.iter().all(str::is_empty) {
            continue; // a row without text
        }
        let line = record.position().expect("position").record() + 1;
        lines.insert(line, record.iter().map(str::to_string).collect());
    }
    lines
}

fn sample() -> &'static [u8] {
    static SAMPLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| {
        let mut cells = header_row();
        for row in 1..6u32 {
            for column in 0..9u16 {
                cells.insert((row, column), Value::Number(f64::from(1 + (row % 4))));
            }
            cells.insert((row, 9), Value::Text("=HYPERLINK(\"x\")".into()));
        }
        workbook(&cells)
    })
}

proptest! {
    #![proptest_config(cases())]

    /// Any bytes at all: a reason or a CSV, never a panic; and the CSV reads without one.
    #[test]
    fn random_bytes_never_panic(
        zip_magic in any::<bool>(),
        bytes in proptest::collection::vec(any::<u8>(), 0..4_000),
    ) {
        let bytes = if zip_magic { [b"PK\x03\x04".as_slice(), &bytes].concat() } else { bytes };
        if let Ok(csv) = xlsx_to_csv(&bytes) {
            let _ = read_all(&csv[..]);
        }
    }

    /// A real workbook damaged anywhere (a bad download, a hostile edit): never a panic.
    #[test]
    fn damaged_workbooks_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1..=255u8), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = sample().to_vec();
        for (at, mask) in flips {
            let at = at.index(bytes.len());
            bytes[at] ^= mask;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        if let Ok(csv) = xlsx_to_csv(&bytes) {
            let _ = read_all(&csv[..]);
        }
    }

    /// Whatever a spreadsheet holds comes back as it was, at its row (the line number) and in its
    /// column counted from the leftmost column used; nothing else is added.
    #[test]
    fn cells_come_back_as_written_on_their_own_rows(
        cells in proptest::collection::btree_map((0..80u32, 0..24u16), value(), 1..60),
    ) {
        let csv = xlsx_to_csv(&workbook(&cells)).expect("a written workbook reads");
        let lines = lines(&csv);
        let first = cells.keys().map(|&(_, column)| column).min().unwrap_or(0);
        let mut expected: BTreeMap<u64, BTreeMap<usize, String>> = BTreeMap::new();
        for (&(row, column), value) in &cells {
            expected
                .entry(u64::from(row) + 1)
                .or_default()
                .insert(usize::from(column - first), value.expected());
        }
        prop_assert_eq!(
            lines.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>()
        );
        for (line, fields) in &lines {
            let wanted = &expected[line];
            for (column, field) in fields.iter().enumerate() {
                let empty = String::new();
                prop_assert_eq!(field, wanted.get(&column).unwrap_or(&empty), "line {} column {}", line, column);
            }
        }
    }
}

#[test]
fn the_header_is_found_below_a_title_and_errors_name_the_spreadsheet_row() {
    let mut cells: BTreeMap<(u32, u16), Value> = header_row()
        .into_iter()
        .map(|((_, column), value)| ((2, column), value))
        .collect();
    cells.insert((0, 0), Value::Text("SKM Disdukcapil 2026".into()));
    for column in 0..9u16 {
        cells.insert((3, column), Value::Number(4.0));
        cells.insert(
            (5, column),
            Value::Number(if column == 4 { 7.0 } else { 3.0 }),
        );
    }
    let csv = xlsx_to_csv(&workbook(&cells)).expect("reads");
    let file = read_all(&csv[..]).expect("a header");
    assert_eq!(file.records.len(), 1, "{file:?}");
    assert_eq!(file.records[0].line, 4, "row 4 of the spreadsheet");
    assert_eq!(file.errors.len(), 1, "{file:?}");
    assert_eq!(file.errors[0].line, 6, "row 6 of the spreadsheet");
}

#[test]
fn a_cell_in_the_far_corner_is_refused_without_building_the_sheet() {
    // As a dense sheet this is 17 billion cells; the server must say no, not run out of memory.
    let mut cells = header_row();
    cells.insert((1_048_575, 16_383), Value::Text("x".into()));
    let error = xlsx_to_csv(&workbook(&cells)).expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("column 16384"), "{message}");
    assert!(message.contains("at most 100 columns"), "{message}");
}

#[test]
fn a_cell_in_the_last_row_is_read_with_its_row_number() {
    let mut cells = header_row();
    cells.insert((1_048_575, 0), Value::Number(9.0));
    let csv = xlsx_to_csv(&workbook(&cells)).expect("reads");
    assert!(csv.len() < 4_000_000, "three bytes per empty row");
    let file = read_all(&csv[..]).expect("a header");
    assert_eq!(file.errors.len(), 1);
    assert_eq!(file.errors[0].line, 1_048_576);
}

/// A zip with one part of `size` zeros (deflated to almost nothing).
fn zip_of_zeros(size: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options)
        .expect("part");
    let chunk = vec![0u8; 64 * 1024];
    for _ in 0..size / chunk.len() {
        zip.write_all(&chunk).expect("written");
    }
    zip.finish().expect("zip").into_inner()
}

#[test]
fn a_workbook_unpacking_past_the_limit_is_refused() {
    let bomb = zip_of_zeros(4 * 1024 * 1024);
    assert!(bomb.len() < 64 * 1024, "{} bytes", bomb.len());
    let error = check_unpacked_size(&bomb, 1024 * 1024).expect_err("refused");
    assert!(
        error.to_string().contains("unpacks to more than 1 MB"),
        "{error}"
    );
    check_unpacked_size(&bomb, 4 * 1024 * 1024).expect("exactly the limit is allowed");
    check_unpacked_size(sample(), MAX_UNPACKED_BYTES).expect("a real workbook is small");
}

#[test]
fn a_workbook_with_too_many_parts_is_refused() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for part in 0..=MAX_PARTS {
        zip.start_file(format!("part{part}.xml"), options)
            .expect("part");
    }
    let many = zip.finish().expect("zip").into_inner();
    let error = xlsx_to_csv(&many).expect_err("refused");
    assert!(error.to_string().contains("parts"), "{error}");
}
