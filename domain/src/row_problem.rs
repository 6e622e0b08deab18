//! Why one row of a response file cannot be stored, in words for the person who typed it, in
//! Bahasa Indonesia or English. The reader (`response_file`) finds the problems of the row itself;
//! the importer adds those that need the unit (its services, the date, ids already stored).
//!
//! A problem is kept as data (an upload's check is stored for a day and may be read in the other
//! language) and worded only when shown.

use crate::lang::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    /// The row has another number of cells than the header.
    ColumnCount {
        found: usize,
        expected: usize,
    },
    /// A cell is not UTF-8 text.
    NotText {
        column: String,
    },
    ScoreOutOfRange {
        column: String,
        value: i64,
    },
    ScoreNotANumber {
        column: String,
        value: String,
    },
    /// No unsur answered at all.
    NoAnswers,
    NotADate {
        value: String,
    },
    NotAGender {
        value: String,
    },
    NotAnAge {
        value: String,
        min: u8,
        max: u8,
    },
    NotAnId {
        value: String,
    },
    TooLong {
        column: String,
        chars: usize,
        max: usize,
    },
    /// The CSV itself cannot be read here (bad quoting, a read error).
    Unreadable {
        detail: String,
    },
    /// `service` names none of the unit's services (`known`, sorted).
    UnknownService {
        name: String,
        known: Vec<String>,
    },
    MissingDate,
    FutureDate {
        day: NaiveDate,
    },
    /// The file names more than one unit.
    SeveralUnits {
        first: String,
        other: String,
    },
    /// The row's id is stored with other answers.
    Conflict,
    /// A reason worded before problems were kept as data (an upload checked by an older version).
    #[serde(untagged)]
    Worded(String),
}

impl RowProblem {
    /// The problem in `lang`, as a sentence fragment after "row N:".
    pub fn describe(&self, lang: Lang) -> String {
        let id = lang == Lang::Id;
        match self {
            RowProblem::ColumnCount { found, expected } if id => {
                format!("jumlah kolom {found} tidak sama dengan judul ({expected} kolom)")
            }
            RowProblem::ColumnCount { found, expected } => {
                format!("{found} cells, but the header has {expected} columns")
            }
            RowProblem::NotText { column } if id => format!("kolom {column}: bukan teks UTF-8"),
            RowProblem::NotText { column } => format!("column {column}: not UTF-8 text"),
            RowProblem::ScoreOutOfRange { column, value } if id => {
                format!("kolom {column}: nilai {value} di luar 1–4")
            }
            RowProblem::ScoreOutOfRange { column, value } => {
                format!("column {column}: the score {value} is outside 1–4")
            }
            RowProblem::ScoreNotANumber { column, value } if id => {
                format!("kolom {column}: \"{value}\" bukan angka 1–4")
            }
            RowProblem::ScoreNotANumber { column, value } => {
                format!("column {column}: \"{value}\" is not a number 1–4")
            }
            RowProblem::NoAnswers if id => "tidak ada satu pun unsur yang dijawab".into(),
            RowProblem::NoAnswers => "no unsur is answered at all".into(),
            RowProblem::NotADate { value } if id => format!(
                "kolom submitted_at: \"{value}\" bukan tanggal ISO 8601 (mis. 2024-03-05 atau \
                 2024-03-05T09:30:00+07:00)"
            ),
            RowProblem::NotADate { value } => format!(
                "column submitted_at: \"{value}\" is not an ISO 8601 date (e.g. 2024-03-05 or \
                 2024-03-05T09:30:00+07:00)"
            ),
            RowProblem::NotAGender { value } if id => {
                format!("kolom gender: \"{value}\" bukan Laki-laki/L atau Perempuan/P")
            }
            RowProblem::NotAGender { value } => {
                format!("column gender: \"{value}\" is not Laki-laki/L or Perempuan/P")
            }
            RowProblem::NotAnAge { value, min, max } if id => {
                format!("kolom age: \"{value}\" bukan usia {min}–{max} tahun")
            }
            RowProblem::NotAnAge { value, min, max } => {
                format!("column age: \"{value}\" is not an age of {min}–{max} years")
            }
            RowProblem::NotAnId { value } if id => format!("kolom id: \"{value}\" bukan UUID"),
            RowProblem::NotAnId { value } => format!("column id: \"{value}\" is not a UUID"),
            RowProblem::TooLong { column, chars, max } if id => {
                format!("kolom {column}: {chars} karakter, paling banyak {max}")
            }
            RowProblem::TooLong { column, chars, max } => {
                format!("column {column}: {chars} characters, at most {max}")
            }
            RowProblem::Unreadable { detail } if id => format!("tidak dapat dibaca: {detail}"),
            RowProblem::Unreadable { detail } => format!("cannot be read: {detail}"),
            RowProblem::UnknownService { name, known } if id => format!(
                "kolom service: \"{name}\" bukan layanan unit ini (pilihan: {})",
                known.join("; ")
            ),
            RowProblem::UnknownService { name, known } => format!(
                "column service: \"{name}\" is not one of this unit's services (choices: {})",
                known.join("; ")
            ),
            RowProblem::MissingDate if id => {
                "kolom submitted_at: wajib diisi (tanggal survei, mis. 2026-03-05)".into()
            }
            RowProblem::MissingDate => {
                "column submitted_at: required (the survey's date, e.g. 2026-03-05)".into()
            }
            RowProblem::FutureDate { day } if id => {
                format!("kolom submitted_at: {day} belum terjadi")
            }
            RowProblem::FutureDate { day } => {
                format!("column submitted_at: {day} has not happened yet")
            }
            RowProblem::SeveralUnits { first, other } if id => format!(
                "kolom unit: berkas memuat lebih dari satu unit ({first} dan {other}); impor \
                 berkas per unit"
            ),
            RowProblem::SeveralUnits { first, other } => format!(
                "column unit: the file holds more than one unit ({first} and {other}); import \
                 one file per unit"
            ),
            RowProblem::Conflict if id => {
                "id sudah tersimpan dengan jawaban lain; baris ini tidak disimpan".into()
            }
            RowProblem::Conflict => {
                "the id is already stored with other answers; this row is not stored".into()
            }
            RowProblem::Worded(text) => text.clone(),
        }
    }
}

/// In Bahasa Indonesia, the language of the files and of the command line's row reports.
impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Lang::Id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<RowProblem> {
        let column = || "u1".to_string();
        let value = || "x".to_string();
        vec![
            RowProblem::ColumnCount {
                found: 2,
                expected: 10,
            },
            RowProblem::NotText { column: column() },
            RowProblem::ScoreOutOfRange {
                column: column(),
                value: 5,
            },
            RowProblem::ScoreNotANumber {
                column: column(),
                value: value(),
            },
            RowProblem::NoAnswers,
            RowProblem::NotADate { value: value() },
            RowProblem::NotAGender { value: value() },
            RowProblem::NotAnAge {
                value: value(),
                min: 10,
                max: 100,
            },
            RowProblem::NotAnId { value: value() },
            RowProblem::TooLong {
                column: "comment".into(),
                chars: 2001,
                max: 2000,
            },
            RowProblem::Unreadable { detail: value() },
            RowProblem::UnknownService {
                name: value(),
                known: vec!["KTP".into(), "KK".into()],
            },
            RowProblem::MissingDate,
            RowProblem::FutureDate {
                day: NaiveDate::from_ymd_opt(2030, 1, 2).expect("a date"),
            },
            RowProblem::SeveralUnits {
                first: "a".into(),
                other: "b".into(),
            },
            RowProblem::Conflict,
        ]
    }

    #[test]
    fn each_problem_has_its_own_words_in_both_languages() {
        for problem in every_kind() {
            let (id, en) = (problem.describe(Lang::Id), problem.describe(Lang::En));
            assert_ne!(id, en, "{problem:?} is worded the same in both languages");
            assert_eq!(problem.to_string(), id, "Display is Bahasa Indonesia");
        }
        let worded: Vec<String> = every_kind().iter().map(|p| p.describe(Lang::En)).collect();
        let mut distinct = worded.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), worded.len(), "two problems read the same");
    }

    #[test]
    fn problems_round_trip_as_json_and_older_worded_reasons_still_read() {
        for problem in every_kind() {
            let json = serde_json::to_string(&problem).expect("serialises");
            let back: RowProblem = serde_json::from_str(&json).expect("reads back");
            assert_eq!(back, problem, "{json}");
        }
        let old: RowProblem =
            serde_json::from_str("\"kolom u1: nilai 5 di luar 1–4\"").expect("an older reason");
        assert_eq!(
            old,
            RowProblem::Worded("kolom u1: nilai 5 di luar 1–4".into())
        );
        assert_eq!(old.describe(Lang::En), "kolom u1: nilai 5 di luar 1–4");
    }
}
