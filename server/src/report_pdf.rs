//! The SKM report as a PDF, made on the server (no browser): [`app::report::ReportDoc`] laid out
//! on A4 pages in Helvetica, one of the fonts every PDF reader has, so nothing is embedded and the
//! file stays small. `pdf-canvas` writes the file and knows the font's glyph widths; this module
//! only places text: it wraps lines to the column they live in, breaks pages (a table's header is
//! repeated on the next page), starts every chapter on a new page, and prints the running header
//! and the page number on every page.

use app::report::{Block, Chapter, ReportDoc, Table};
use pdf_canvas::{BuiltinFont, FontSource, Pdf};
use std::io;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.7; // 20 mm
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TOP: f32 = PAGE_HEIGHT - MARGIN;
const BOTTOM: f32 = MARGIN;
const BODY: f32 = 10.5;
const SMALL: f32 = 9.0;
const CELL_PAD: f32 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
}

#[derive(Debug, Clone)]
enum Draw {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
    },
}

/// The text as Helvetica can show it: the few signs the report uses that WinAnsi lacks are spelled
/// out; anything else outside WinAnsi prints as "?" (pdf-canvas).
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '≥' => out.push_str(">="),
            '≤' => out.push_str("<="),
            '→' => out.push_str("->"),
            '−' => out.push('-'),
            _ => out.push(ch),
        }
    }
    out
}

fn font(bold: bool) -> BuiltinFont {
    if bold {
        BuiltinFont::Helvetica_Bold
    } else {
        BuiltinFont::Helvetica
    }
}

fn width(text: &str, size: f32, bold: bool) -> f32 {
    font(bold).get_width(size, text)
}

fn leading(size: f32) -> f32 {
    size * 1.35
}

/// Splits `text` into lines no wider than `max`; a word wider than a line is cut.
fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in printable(text).split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size, bold) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for ch in word.chars() {
            let mut longer = line.clone();
            longer.push(ch);
            if !line.is_empty() && width(&longer, size, bold) > max {
                lines.push(std::mem::take(&mut line));
                line.push(ch);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut to one line of at most `max` points, ending in "…" when cut.
pub(crate) fn fit(text: &str, size: f32, max: f32) -> String {
    if width(text, size, false) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for ch in text.chars() {
        out.push(ch);
        if width(&format!("{out}…"), size, false) > max {
            out.pop();
            break;
        }
    }
    out + "…"
}

/// Pages of placed text and lines; `y` is the baseline cursor of the last page, from the bottom.
struct Layout {
    pages: Vec<Vec<Draw>>,
    /// (chapter title, page index) for the PDF's outline.
    outline: Vec<(String, usize)>,
    y: f32,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            outline: Vec::new(),
            y: TOP,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Moves to a new page unless `height` more fits on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM && self.y < TOP {
            self.new_page();
        }
    }

    fn draw(&mut self, draw: Draw) {
        if let Some(page) = self.pages.last_mut() {
            page.push(draw);
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: String) {
        self.draw(Draw::Text {
            x,
            y,
            size,
            bold,
            text,
        });
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
        self.draw(Draw::Line { from, to });
    }

    /// Wrapped text across `[left, left + max]`, moving the cursor down.
    fn lines(&mut self, text: &str, size: f32, bold: bool, left: f32, max: f32, align: Align) {
        for line in wrap(text, size, bold, max) {
            self.ensure(leading(size));
            self.y -= leading(size);
            let x = match align {
                Align::Left => left,
                Align::Center => left + (max - width(&line, size, bold)) / 2.0,
            };
            self.text(x, self.y, size, bold, line);
        }
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(text) => {
                // Keep a heading with the first lines after it.
                self.ensure(leading(BODY) * 4.0);
                self.gap(6.0);
                self.lines(text, BODY + 1.0, true, MARGIN, CONTENT_WIDTH, Align::Left);
                self.gap(2.0);
            }
            Block::Paragraph(text) => {
                self.lines(text, BODY, false, MARGIN, CONTENT_WIDTH, Align::Left);
                self.gap(4.0);
            }
            Block::Bullets(items) => {
                for item in items {
                    self.ensure(leading(BODY));
                    self.text(
                        MARGIN + 4.0,
                        self.y - leading(BODY),
                        BODY,
                        false,
                        "•".into(),
                    );
                    self.lines(
                        item,
                        BODY,
                        false,
                        MARGIN + 16.0,
                        CONTENT_WIDTH - 16.0,
                        Align::Left,
                    );
                }
                self.gap(4.0);
            }
            Block::Table(table) => self.table(table),
            Block::Signature(lines) => {
                self.ensure(leading(BODY) * (lines.len() as f32 + 2.0));
                self.gap(leading(BODY));
                let left = MARGIN + CONTENT_WIDTH / 2.0;
                for line in lines {
                    self.lines(line, BODY, false, left, CONTENT_WIDTH / 2.0, Align::Center);
                }
            }
        }
    }

    fn table(&mut self, table: &Table) {
        let total: usize = table.columns.iter().map(|c| c.weight.max(1)).sum();
        let widths: Vec<f32> = table
            .columns
            .iter()
            .map(|c| CONTENT_WIDTH * c.weight.max(1) as f32 / total as f32)
            .collect();
        let header: Vec<String> = table.columns.iter().map(|c| c.label.clone()).collect();
        let cells = |row: &[String], bold: bool| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let text = row.get(i).map_or("", String::as_str);
                    wrap(text, SMALL, bold, w - 2.0 * CELL_PAD)
                })
                .collect()
        };
        let height = |cells: &[Vec<String>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading(SMALL) + 2.0 * CELL_PAD
        };
        let header_cells = cells(&header, true);
        let first_row = table.rows.first().map_or(0.0, |r| height(&cells(r, false)));
        // The caption stays with the header and the first row.
        self.ensure(leading(SMALL) * 2.0 + height(&header_cells) + first_row);
        self.gap(4.0);
        self.lines(
            &table.caption,
            SMALL,
            true,
            MARGIN,
            CONTENT_WIDTH,
            Align::Left,
        );
        self.gap(3.0);
        self.row(&header_cells, &widths, table, true);
        let body = table.rows.iter().map(|r| (r, false));
        let totals = table.totals.iter().map(|r| (r, true));
        let header_height = height(&header_cells);
        for (row, bold) in body.chain(totals) {
            let mut rest = cells(row, bold);
            loop {
                if self.y - height(&rest) >= BOTTOM {
                    self.row(&rest, &widths, table, bold);
                    break;
                }
                // A row taller than a whole page is split across pages; others move whole.
                let room = ((self.y - BOTTOM - 2.0 * CELL_PAD) / leading(SMALL)).floor();
                if height(&rest) > TOP - BOTTOM - header_height && room >= 1.0 {
                    let split = room as usize;
                    let head: Vec<Vec<String>> = rest
                        .iter()
                        .map(|c| c.iter().take(split).cloned().collect())
                        .collect();
                    rest = rest
                        .into_iter()
                        .map(|c| c.into_iter().skip(split).collect())
                        .collect();
                    self.row(&head, &widths, table, bold);
                }
                self.new_page();
                self.row(&header_cells, &widths, table, true);
            }
        }
        self.gap(8.0);
    }

    /// One table row of already wrapped cells, framed.
    fn row(&mut self, cells: &[Vec<String>], widths: &[f32], table: &Table, bold: bool) {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
        let height = lines * leading(SMALL) + 2.0 * CELL_PAD;
        let top = self.y;
        let bottom = top - height;
        let right = MARGIN + widths.iter().sum::<f32>();
        self.line((MARGIN, top), (right, top));
        self.line((MARGIN, bottom), (right, bottom));
        let mut x = MARGIN;
        self.line((x, top), (x, bottom));
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let numeric = table.columns.get(i).is_some_and(|c| c.numeric);
            for (n, text) in cell.iter().enumerate() {
                let baseline = top - CELL_PAD - leading(SMALL) * (n as f32 + 1.0) + 2.0;
                let tx = if numeric {
                    x + w - CELL_PAD - width(text, SMALL, bold)
                } else {
                    x + CELL_PAD
                };
                self.text(tx, baseline, SMALL, bold, text.clone());
            }
            x += w;
            self.line((x, top), (x, bottom));
        }
        self.y = bottom;
    }

    fn chapter(&mut self, chapter: &Chapter) {
        self.new_page();
        let title = format!("{} {}", chapter.number, chapter.title);
        self.outline.push((title, self.pages.len() - 1));
        self.lines(
            &chapter.number,
            14.0,
            true,
            MARGIN,
            CONTENT_WIDTH,
            Align::Center,
        );
        self.lines(
            &chapter.title,
            14.0,
            true,
            MARGIN,
            CONTENT_WIDTH,
            Align::Center,
        );
        self.gap(12.0);
        for block in &chapter.blocks {
            self.block(block);
        }
    }
}

/// Lays the report out on pages.
fn lay_out(doc: &ReportDoc) -> Layout {
    let mut layout = Layout::new();
    layout.gap(PAGE_HEIGHT / 5.0);
    layout.lines(&doc.title, 16.0, true, MARGIN, CONTENT_WIDTH, Align::Center);
    layout.gap(24.0);
    for (i, block) in doc.cover.iter().enumerate() {
        let (size, bold) = if i == 0 {
            (14.0, true)
        } else {
            (BODY + 1.0, false)
        };
        let text = match block {
            Block::Heading(t) | Block::Paragraph(t) => t.as_str(),
            _ => continue,
        };
        layout.lines(text, size, bold, MARGIN, CONTENT_WIDTH, Align::Center);
        layout.gap(8.0);
    }
    for chapter in &doc.chapters {
        layout.chapter(chapter);
    }
    layout
}

/// Writes the report as a PDF to `file`; returns the number of pages.
pub fn write(doc: &ReportDoc, file: std::fs::File) -> io::Result<usize> {
    let layout = lay_out(doc);
    let mut pdf = Pdf::new(file)?;
    pdf.set_title(&printable(&format!("{} — {}", doc.title, doc.header)));
    pdf.set_creator("IKM Survey");
    let pages = layout.pages.len();
    for (index, draws) in layout.pages.iter().enumerate() {
        let outline: Vec<&String> = layout
            .outline
            .iter()
            .filter(|(_, page)| *page == index)
            .map(|(title, _)| title)
            .collect();
        pdf.render_page(PAGE_WIDTH, PAGE_HEIGHT, |canvas| {
            for title in outline {
                canvas.add_outline(title);
            }
            let regular = canvas.get_font(BuiltinFont::Helvetica);
            let bold = canvas.get_font(BuiltinFont::Helvetica_Bold);
            if index > 0 {
                let number = format!("Halaman {} dari {pages}", index + 1);
                let y = PAGE_HEIGHT - MARGIN / 2.0;
                let room = CONTENT_WIDTH - width(&number, 8.0, false) - 12.0;
                let header = fit(&printable(&doc.header), 8.0, room);
                canvas.left_text(MARGIN, y, BuiltinFont::Helvetica, 8.0, &header)?;
                canvas.right_text(PAGE_WIDTH - MARGIN, y, BuiltinFont::Helvetica, 8.0, &number)?;
                canvas.set_line_width(0.5)?;
                canvas.line(MARGIN, y - 4.0, PAGE_WIDTH - MARGIN, y - 4.0)?;
                canvas.stroke()?;
            }
            canvas.set_line_width(0.5)?;
            for draw in draws {
                if let Draw::Line { from, to } = draw {
                    canvas.line(from.0, from.1, to.0, to.1)?;
                }
            }
            canvas.stroke()?;
            canvas.text(|t| {
                // `Td` moves relative to the previous line's start.
                let mut at = (0.0, 0.0);
                for draw in draws {
                    if let Draw::Text {
                        x,
                        y,
                        size,
                        bold: is_bold,
                        text,
                    } = draw
                    {
                        t.set_font(if *is_bold { &bold } else { &regular }, *size)?;
                        t.pos(x - at.0, y - at.1)?;
                        at = (*x, *y);
                        t.show(text)?;
                    }
                }
                Ok(())
            })
        })?;
    }
    pdf.finish()?;
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_their_width_and_keep_every_word() {
        let text =
            "Unsur dengan nilai terendah adalah U3 Waktu Penyelesaian; unsur inilah yang paling \
                    perlu diperbaiki. Supercalifragilisticexpialidocious-dan-seterusnya";
        let lines = wrap(text, BODY, false, 120.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(width(line, BODY, false) <= 120.0, "{line:?} is too wide");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    fn long_report() -> ReportDoc {
        use app::report::{Column, Table};
        let long = "Penanganan pengaduan, saran dan masukan yang sangat panjang ".repeat(6);
        let table = Table {
            caption: "Tabel uji".into(),
            columns: vec![
                Column {
                    label: "Unsur".into(),
                    weight: 5,
                    numeric: false,
                },
                Column {
                    label: "NRR".into(),
                    weight: 1,
                    numeric: true,
                },
            ],
            rows: (0..120)
                .map(|i| vec![format!("{i} {long}"), "3,125".into()])
                .collect(),
            totals: vec![vec!["IKM".into(), "3,22".into()]],
        };
        ReportDoc {
            title: "LAPORAN".into(),
            header: format!("Laporan SKM · {} · Triwulan III 2026", "Unit ".repeat(40)),
            cover: vec![Block::Heading("Unit".into())],
            chapters: vec![Chapter {
                number: "BAB I".into(),
                title: "UJI".into(),
                blocks: vec![
                    Block::Paragraph(long.repeat(10)),
                    Block::Table(table),
                    Block::Bullets(vec![long.clone(); 5]),
                    Block::Signature(vec!["Kota, 1 Januari 2026".into(), long]),
                ],
            }],
        }
    }

    #[test]
    fn every_line_stays_inside_the_a4_margins_and_long_tables_repeat_their_header() {
        let layout = lay_out(&long_report());
        assert!(layout.pages.len() >= 4, "{} pages", layout.pages.len());
        let eps = 0.01;
        for (n, page) in layout.pages.iter().enumerate() {
            assert!(!page.is_empty(), "page {n} is empty");
            for draw in page {
                match draw {
                    Draw::Text {
                        x,
                        y,
                        size,
                        bold,
                        text,
                    } => {
                        assert!(*x >= MARGIN - eps, "{text:?} starts left of the margin");
                        let right = x + width(text, *size, *bold);
                        assert!(
                            right <= PAGE_WIDTH - MARGIN + eps,
                            "{text:?} ends at {right}"
                        );
                        assert!(*y >= BOTTOM - eps && *y <= TOP + eps, "{text:?} at y {y}");
                    }
                    Draw::Line { from, to } => {
                        for (x, y) in [from, to] {
                            assert!(*x >= MARGIN - eps && *x <= PAGE_WIDTH - MARGIN + eps);
                            assert!(*y >= BOTTOM - eps && *y <= TOP + eps);
                        }
                    }
                }
            }
        }
        let headers = layout
            .pages
            .iter()
            .filter(|page| {
                page.iter()
                    .any(|d| matches!(d, Draw::Text { text, bold: true, .. } if text == "NRR"))
            })
            .count();
        assert!(
            headers >= 3,
            "the table's header starts each of its pages ({headers})"
        );
        assert_eq!(layout.outline, vec![("BAB I UJI".to_string(), 1)]);
    }

    #[test]
    fn a_long_running_header_is_cut_to_one_line() {
        let header = fit(&"Unit ".repeat(60), 8.0, 200.0);
        assert!(header.ends_with('…'));
        assert!(width(&header, 8.0, false) <= 200.0);
        assert_eq!(fit("Laporan", 8.0, 200.0), "Laporan");
    }

    #[test]
    fn signs_outside_winansi_are_spelled_out() {
        assert_eq!(printable("≥60 → 75,00"), ">=60 -> 75,00");
    }

    #[test]
    fn an_empty_text_is_one_empty_line() {
        assert_eq!(wrap("", BODY, false, 100.0), vec![String::new()]);
    }
}
