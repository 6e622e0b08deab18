//! The response-file reader: quoting, header variants, and every kind of invalid row.

use ikm_domain::profile::Gender;
use ikm_domain::response_file::{read_all, FileError, ResponseReader, RowProblem};
use ikm_domain::Unsur;

fn score(row: &ikm_domain::response_file::ResponseRecord, unsur: Unsur) -> Option<u8> {
    row.answers.get(unsur).map(|s| s.value())
}

#[test]
fn quoted_multi_line_comments_keep_commas_quotes_and_row_numbers() {
    let csv =
        "persyaratan,prosedur,waktu,biaya,produk,kompetensi,perilaku,pengaduan,sarana,comment\n\
               4,4,4,4,4,4,4,4,4,\"Antre lama, tapi \"\"ramah\"\".\nTolong tambah kursi.\"\n\
               3,3,3,3,3,3,3,3,3,biasa\n";
    let file = read_all(csv.as_bytes()).expect("valid header");
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    assert_eq!(file.records.len(), 2);
    assert_eq!(
        file.records[0].comment.as_deref(),
        Some("Antre lama, tapi \"ramah\".\nTolong tambah kursi.")
    );
    assert_eq!(file.records[0].line, 2);
    assert_eq!(
        file.records[1].line, 3,
        "a spreadsheet shows the second answer on row 3, the two-line comment being one cell"
    );
}

#[test]
fn empty_rows_are_skipped_and_still_counted_above_and_below_the_header() {
    let csv = ",,\n\
               persyaratan,prosedur,waktu,biaya,produk,kompetensi,perilaku,pengaduan,sarana\n\
               ,,,,, ,,,\n\
               4,4,4,4,4,4,4,4,4\n\
               4,4,4,4,9,4,4,4,4\n";
    let file = read_all(csv.as_bytes()).expect("the header on row 2");
    assert_eq!(file.records.len(), 1, "{file:?}");
    assert_eq!(file.records[0].line, 4);
    assert_eq!(file.errors.len(), 1, "{file:?}");
    assert_eq!(file.errors[0].line, 5);
}

#[test]
fn shuffled_columns_in_any_case_with_unknown_ones_ignored() {
    let csv = "Comment,SARANA,respondent,Pengaduan,Persyaratan\nbagus,4,17,1,2\n";
    let file = read_all(csv.as_bytes()).expect("valid header");
    let row = &file.records[0];
    assert_eq!(score(row, Unsur::Sarana), Some(4));
    assert_eq!(score(row, Unsur::Pengaduan), Some(1));
    assert_eq!(score(row, Unsur::Persyaratan), Some(2));
    assert_eq!(score(row, Unsur::Waktu), None);
    assert_eq!(row.comment.as_deref(), Some("bagus"));
}

#[test]
fn u_numbers_follow_the_regulation_u8_pengaduan_u9_sarana() {
    let csv = "u1,u2,u3,u4,u5,u6,u7,u8,u9\n1,2,3,4,1,2,3,1,4\n";
    let file = read_all(csv.as_bytes()).expect("valid header");
    let row = &file.records[0];
    assert_eq!(score(row, Unsur::Pengaduan), Some(1));
    assert_eq!(score(row, Unsur::Sarana), Some(4));
    assert_eq!(score(row, Unsur::Biaya), Some(4));
}

#[test]
fn a_utf8_bom_is_not_part_of_the_first_header() {
    let csv = "\u{FEFF}persyaratan,waktu\n4,3\n";
    let file = read_all(csv.as_bytes()).expect("valid header");
    assert!(file.errors.is_empty());
    assert_eq!(score(&file.records[0], Unsur::Persyaratan), Some(4));
}

#[test]
fn profile_timestamp_and_id_columns_are_read() {
    let csv = "id,submitted_at,unit,service,gender,age,education,occupation,waktu\n\
               6f0c1d1e-8a51-4c57-9f0e-2b2f6f1f0a11,2024-03-05 09:30,1871-disdukcapil,KTP-el,P,34,SMA,Swasta,4\n\
               ,2024-03-05T02:30:00Z,,,Laki-laki,,,,3\n\
               ,2024-03-06,,,,,,,2\n";
    let file = read_all(csv.as_bytes()).expect("valid header");
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    let first = &file.records[0];
    assert_eq!(first.gender, Some(Gender::Perempuan));
    assert_eq!(first.age, Some(34));
    assert_eq!(first.unit.as_deref(), Some("1871-disdukcapil"));
    assert!(first.id.is_some());
    // 09:30 without an offset is Jakarta time: the same instant as 02:30 UTC.
    assert_eq!(first.submitted_at, file.records[1].submitted_at);
    assert_eq!(
        file.records[2].submitted_at.map(|t| t.to_rfc3339()),
        Some("2024-03-06T00:00:00+07:00".to_string())
    );
}

#[test]
fn every_invalid_row_is_reported_with_its_line_and_reason() {
    let csv = "persyaratan,waktu,age,gender,id,submitted_at,comment\n\
               4,3,,,,,ok\n\
               5,3,,,,,score out of range\n\
               x,3,,,,,not a number\n\
               ,,,,,,no score at all\n\
               4,3,200,,,,age\n\
               4,3,,?,,,gender\n\
               4,3,,,not-a-uuid,,id\n\
               4,3,,,,kemarin,date\n\
               4,3\n\
               3.5,2,,,,,decimal\n";
    let file = read_all(csv.as_bytes()).expect("valid header");
    assert_eq!(file.records.len(), 1);
    let lines: Vec<u64> = file.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8, 9, 10, 11]);
    let reasons: Vec<String> = file.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        reasons[0].contains("persyaratan") && reasons[0].contains("1–4"),
        "{}",
        reasons[0]
    );
    assert!(reasons[1].contains("bukan angka"), "{}", reasons[1]);
    assert!(
        reasons[2].contains("tidak ada satu pun unsur"),
        "{}",
        reasons[2]
    );
    assert!(reasons[3].contains("usia"), "{}", reasons[3]);
    assert!(reasons[4].contains("Perempuan"), "{}", reasons[4]);
    assert!(reasons[5].contains("UUID"), "{}", reasons[5]);
    assert!(reasons[6].contains("ISO 8601"), "{}", reasons[6]);
    assert!(reasons[7].contains("jumlah kolom"), "{}", reasons[7]);
    assert!(reasons[8].starts_with("baris 11:"), "{}", reasons[8]);
}

#[test]
fn oversized_comments_and_bad_encoding_are_refused() {
    let long = "a".repeat(2001);
    let mut csv = format!("waktu,comment\n4,{long}\n").into_bytes();
    csv.extend_from_slice(b"4,caf\xe9\n");
    let file = read_all(csv.as_slice()).expect("valid header");
    assert_eq!(file.records.len(), 0);
    assert_eq!(
        file.errors[0].problem,
        RowProblem::TooLong {
            column: "comment".into(),
            chars: 2001,
            max: 2000
        }
    );
    assert!(file.errors[0].to_string().contains("2001 karakter"));
    assert_eq!(
        file.errors[1].problem,
        RowProblem::NotText {
            column: "comment".into()
        }
    );
    assert!(file.errors[1].to_string().contains("UTF-8"));
}

#[test]
fn headers_without_scores_duplicates_or_content_are_file_errors() {
    assert_eq!(
        read_all("nama,comment\nx,y\n".as_bytes()).err(),
        Some(FileError::NoScoreColumns)
    );
    assert_eq!(
        read_all("waktu,u3\n4,4\n".as_bytes()).err(),
        Some(FileError::DuplicateColumn("waktu".into()))
    );
    assert_eq!(read_all("".as_bytes()).err(), Some(FileError::Empty));
}

#[test]
fn the_reader_streams_row_by_row() {
    let mut csv = String::from("sarana\n");
    for i in 0..10_000 {
        csv.push_str(if i % 2 == 0 { "4\n" } else { "3\n" });
    }
    let reader = ResponseReader::new(csv.as_bytes()).expect("valid header");
    assert_eq!(reader.filter(|r| r.is_ok()).count(), 10_000);
}

mod export {
    use ikm_domain::profile::Gender;
    use ikm_domain::response_file::{
        escape_cell, read_all, unescape_cell, ExportRecord, EXPORT_HEADER, JAKARTA,
    };
    use ikm_domain::score::{Answers, Score};
    use proptest::prelude::*;

    fn write(records: &[ExportRecord]) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(EXPORT_HEADER).expect("header");
        for r in records {
            w.write_record(r.cells()).expect("row");
        }
        w.into_inner().expect("flush")
    }

    #[test]
    fn formulas_are_escaped_on_export_and_restored_on_import() {
        assert_eq!(escape_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_cell("+62 812"), "'+62 812");
        assert_eq!(escape_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_cell("Bagus"), "Bagus");
        assert_eq!(unescape_cell("'=1+1"), "=1+1");
        assert_eq!(unescape_cell("'biasa"), "'biasa");
        // A text that starts with ' is escaped too, so it comes back as it was (issue 28).
        assert_eq!(escape_cell("'=1+1"), "''=1+1");
        assert_eq!(unescape_cell(&escape_cell("'=1+1")), "'=1+1");
        assert_eq!(unescape_cell(&escape_cell("'biasa")), "'biasa");
    }

    proptest! {
        /// Any text survives the export's escaping and the import's unescaping unchanged.
        #[test]
        fn any_text_round_trips_through_the_cell_escape(text in "\\PC{0,40}") {
            let escaped = escape_cell(&text);
            prop_assert_eq!(unescape_cell(&escaped), text.as_str());
        }

        /// Whatever a response holds, its exported row reads back as the same response.
        #[test]
        fn an_exported_row_reads_back_unchanged(
            scores in proptest::array::uniform9(proptest::option::of(1u8..=4)),
            comment in proptest::option::of("['=+@a-zA-Z ,\"\\n-]{1,60}"),
            age in proptest::option::of(10u8..=120),
            woman in any::<bool>(),
            secs in 0i64..400_000_000,
        ) {
            prop_assume!(scores.iter().any(Option::is_some));
            let comment = comment.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
            let answers = Answers::new(scores.map(|s| s.map(|v| Score::new(v).expect("1-4"))))
                .expect("answered");
            let at = chrono::DateTime::from_timestamp(1_600_000_000 + secs, 0)
                .expect("time")
                .with_timezone(&JAKARTA);
            let id = uuid::Uuid::from_u128(secs as u128 * 7919);
            let record = ExportRecord {
                id,
                unit: "1871-disdukcapil",
                service: Some("Kartu Keluarga"),
                submitted_at: at,
                answers: &answers,
                gender: Some(if woman { Gender::Perempuan } else { Gender::LakiLaki }),
                age,
                education: None,
                occupation: Some("PNS"),
                comment: comment.as_deref(),
            };
            let file = read_all(&write(&[record])[..]).expect("a response file");
            prop_assert!(file.errors.is_empty(), "{:?}", file.errors);
            let back = &file.records[0];
            prop_assert_eq!(&back.answers, &answers);
            prop_assert_eq!(back.submitted_at, Some(at));
            prop_assert_eq!(back.id, Some(id));
            prop_assert_eq!(back.comment.as_deref(), comment.as_deref());
            prop_assert_eq!(back.age, age);
            prop_assert_eq!(back.service.as_deref(), Some("Kartu Keluarga"));
            prop_assert_eq!(back.unit.as_deref(), Some("1871-disdukcapil"));
        }
    }
}
