//! The scorecard's evidence pack: one ZIP an evaluator can take away. Inside, `rapor-skm-….xlsx`
//! with a summary sheet and one sheet per indicator (unit, score, reason, evidence links), and
//! `laporan/…pdf`, each unit's SKM report for the periods that back its score. Written to a file
//! (the caller gives a temporary one), never held whole in memory beyond one PDF at a time.

use app::i18n::texts;
use app::scorecard::{indicator_name, indicator_short, Cell};
use ikm_domain::rubric::Indicator;
use ikm_domain::{Hundredths, Lang};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::io::{Seek, Write};

/// One unit as the pack lists it.
#[derive(Debug, Clone)]
pub struct PackUnit {
    pub code: String,
    pub name: String,
    pub region_name: String,
    pub cells: Vec<Cell>,
    pub mean: Hundredths,
    pub due: Vec<String>,
    /// Per indicator (in [`Indicator::ALL`]'s order), the evidence: links and what they show.
    pub evidence: Vec<Vec<String>>,
}

/// Sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(text: &str) -> String {
    text.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// The workbook: a summary sheet, then a sheet per indicator.
pub fn workbook(title: &str, units: &[PackUnit], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let s = &texts(lang).scorecard;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut book = Workbook::new();
    {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(s.pack_summary_sheet))?;
        sheet.write_string_with_format(0, 0, title, &bold)?;
        let header = 2;
        let mut columns: Vec<&str> = vec![s.pack_code, s.col_unit, s.col_region];
        columns.extend(Indicator::ALL.iter().map(|i| indicator_short(*i, lang)));
        columns.extend([s.col_mean, s.col_due]);
        for (c, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(header, c as u16, *name, &bold)?;
        }
        for (r, u) in units.iter().enumerate() {
            let row = header + 1 + r as u32;
            sheet.write_string(row, 0, &u.code)?;
            sheet.write_string(row, 1, &u.name)?;
            sheet.write_string(row, 2, &u.region_name)?;
            for (k, cell) in u.cells.iter().enumerate() {
                sheet.write_number(row, 3 + k as u16, f64::from(cell.score))?;
            }
            let after = 3 + u.cells.len() as u16;
            sheet.write_number(row, after, u.mean.0 as f64 / 100.0)?;
            sheet.write_string_with_format(row, after + 1, u.due.join("\n"), &wrap)?;
        }
        sheet.set_column_width(1, 40)?;
        sheet.set_column_width(2, 28)?;
        sheet.set_freeze_panes(header + 1, 2)?;
    }
    for (k, indicator) in Indicator::ALL.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(indicator_short(*indicator, lang)))?;
        sheet.write_string_with_format(0, 0, indicator_name(*indicator, lang), &bold)?;
        let header = 2;
        let columns = [
            s.pack_code,
            s.col_unit,
            s.col_region,
            s.col_score,
            s.pack_top,
            s.details,
            s.evidence,
        ];
        for (c, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(header, c as u16, *name, &bold)?;
        }
        for (r, u) in units.iter().enumerate() {
            let row = header + 1 + r as u32;
            let Some(cell) = u.cells.get(k) else {
                continue;
            };
            sheet.write_string(row, 0, &u.code)?;
            sheet.write_string(row, 1, &u.name)?;
            sheet.write_string(row, 2, &u.region_name)?;
            sheet.write_number(row, 3, f64::from(cell.score))?;
            sheet.write_number(row, 4, f64::from(cell.top))?;
            sheet.write_string_with_format(row, 5, &cell.reason, &wrap)?;
            let evidence = u.evidence.get(k).map(|e| e.join("\n")).unwrap_or_default();
            sheet.write_string_with_format(row, 6, evidence, &wrap)?;
        }
        sheet.set_column_width(1, 40)?;
        sheet.set_column_width(5, 60)?;
        sheet.set_column_width(6, 60)?;
        sheet.set_freeze_panes(header + 1, 2)?;
    }
    book.save_to_buffer()
}

/// A file of the ZIP.
pub struct Entry {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Writes the ZIP: every entry deflated, in order.
pub fn write_zip<W: Write + Seek>(
    out: W,
    entries: impl IntoIterator<Item = std::io::Result<Entry>>,
) -> std::io::Result<W> {
    let mut zip = zip::ZipWriter::new(out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for entry in entries {
        let entry = entry?;
        zip.start_file(entry.name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&entry.bytes)?;
    }
    zip.finish().map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn unit(code: &str) -> PackUnit {
        PackUnit {
            code: code.into(),
            name: format!("Unit {code}"),
            region_name: "Kota Metro".into(),
            cells: Indicator::ALL
                .iter()
                .map(|i| Cell {
                    indicator: *i,
                    score: 3,
                    top: 5,
                    reason: "alasan".into(),
                })
                .collect(),
            mean: Hundredths(300),
            due: vec!["RTL lewat tenggat".into()],
            evidence: vec![vec!["https://contoh.go.id/a".into()]; 5],
        }
    }

    #[test]
    fn the_zip_holds_a_workbook_with_a_sheet_per_indicator_and_the_reports() {
        let xlsx = workbook("Rapor SKM 2026", &[unit("a"), unit("b")], Lang::Id).expect("xlsx");
        let entries = vec![
            Ok(Entry {
                name: "rapor.xlsx".into(),
                bytes: xlsx,
            }),
            Ok(Entry {
                name: "laporan/a-2026-T1.pdf".into(),
                bytes: b"%PDF-1.7 test".to_vec(),
            }),
        ];
        let out = write_zip(Cursor::new(Vec::new()), entries).expect("zip");
        let mut zip = zip::ZipArchive::new(Cursor::new(out.into_inner())).expect("opens");
        assert_eq!(zip.len(), 2);
        let mut xlsx = Vec::new();
        zip.by_name("rapor.xlsx")
            .expect("workbook")
            .read_to_end(&mut xlsx)
            .expect("read");
        let mut book = zip::ZipArchive::new(Cursor::new(xlsx)).expect("xlsx is a zip");
        let mut names = String::new();
        book.by_name("xl/workbook.xml")
            .expect("workbook.xml")
            .read_to_string(&mut names)
            .expect("read");
        for name in [
            "Ringkasan",
            "SKM",
            "Media",
            "RTL selesai",
            "Kecepatan RTL",
            "Pengaduan",
        ] {
            assert!(
                names.contains(&format!("name=\"{name}\"")),
                "{name} in {names}"
            );
        }
    }

    #[test]
    fn sheet_names_drop_what_excel_refuses() {
        assert_eq!(sheet_name("a/b:c"), "abc");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
