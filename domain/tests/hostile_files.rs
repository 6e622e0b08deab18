//! Hostile input to the response-file reader (what the web import and `ikm import` read): random
//! bytes, wrong encodings, huge fields and broken quoting never panic; every line is either a
//! record or an error with its line number, and every accepted record holds only valid scores.
//! Cases per property: `PROPTEST_CASES` (256 by default; the dedicated run uses 10 000).

use ikm_domain::response_file::read_all;
use ikm_domain::Unsur;
use proptest::prelude::*;

const HEADER: &str = "submitted_at,persyaratan,prosedur,waktu,biaya,produk,kompetensi,perilaku,pengaduan,sarana,comment\n";

fn cases() -> ProptestConfig {
    ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
    )
}

/// A cell: digits, text, quotes, separators, formulas, control characters, other scripts.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,3}",
        "[=+@\\-a-zA-Z ,\"'\\n\\r\\t;]{0,30}",
        "\\PC{0,20}",
        Just(String::from("\u{feff}")),
        Just(String::from("2026-13-45T99:99:99")),
        Just("x".repeat(100_000)),
    ]
}

proptest! {
    #![proptest_config(cases())]

    /// Any bytes at all: an error or a file, never a panic; an accepted record's scores are 1..=4.
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        if let Ok(file) = read_all(&bytes[..]) {
            for record in &file.records {
                for unsur in Unsur::ALL {
                    prop_assert!(record.answers.get(unsur).is_none_or(|s| (1..=4).contains(&s.value())));
                }
            }
        }
    }

    /// A valid header over rows of random cells (Latin-1 bytes mixed in): each line that is not blank
    /// ends up a record or an error, none is lost, and nothing panics.
    #[test]
    fn rows_of_hostile_cells_are_each_a_record_or_an_error(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..14), 1..12),
        latin1 in any::<bool>(),
    ) {
        let mut text = String::from(HEADER);
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        let mut bytes = text.into_bytes();
        if latin1 {
            bytes.extend_from_slice(b"4,4,4,4,4,4,4,4,4,4,caf\xe9\n");
        }
        if let Ok(file) = read_all(&bytes[..]) {
            // Blank lines are skipped; every other line is accounted for.
            let lines = rows.len() + usize::from(latin1);
            let blank = rows
                .iter()
                .filter(|row| row.iter().all(|c| c.trim().is_empty()))
                .count();
            let seen = file.records.len() + file.errors.len();
            prop_assert!(lines - blank <= seen && seen <= lines, "{} of {} lines", seen, lines);
            for record in &file.records {
                for unsur in Unsur::ALL {
                    prop_assert!(record.answers.get(unsur).is_none_or(|s| (1..=4).contains(&s.value())));
                }
            }
        }
    }
}
