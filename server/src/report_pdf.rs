//! The SKM report as a PDF, made on the server (no browser): [`app::report::ReportDoc`] laid out
//! on A4 pages in DejaVu Sans, embedded and subset (`pdf_fonts`), so every character prints as
//! itself. `krilla` writes the file; this module places things: it wraps lines to the column they
//! live in, breaks pages (a table's header is repeated on the next page), starts every chapter on a
//! new page, prints the letterhead (kop surat) over the cover, draws the charts from the layout the
//! print page draws too (`app::report_chart`), and the running header and page number on every
//! page.

use crate::pdf_fonts::width;
use app::report::{Block, Chapter, ReportDoc, Table};
use app::report_chart::{self, Anchor, Grey, Mark};
use app::store::letterheads::Logo;
use krilla::color::luma;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::outline::{Outline, OutlineNode};
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
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

/// What is placed on a page, in points from the page's bottom left (PDF's own way up).
#[derive(Debug, Clone)]
enum Draw {
    /// Text on its baseline from `x`; black, or grey (a chart's muted words).
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        grey: Grey,
        text: String,
    },
    Stroke {
        points: Vec<(f32, f32)>,
        width: f32,
        grey: Grey,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Grey,
    },
    /// The letterhead's logo in the box whose bottom left is (x, y).
    Logo { x: f32, y: f32, side: f32 },
}

fn leading(size: f32) -> f32 {
    size * 1.35
}

/// Splits `text` into lines no wider than `max`; a word wider than a line is cut.
fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
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

/// `text` cut to one line of at most `max` points (regular face), ending in "…" when cut.
pub(crate) fn fit(text: &str, size: f32, max: f32) -> String {
    report_chart::cut(text, size, false, max, &width)
}

/// The running header "Laporan SKM · {name} · {period}" in one line of `max` points: a long name
/// is cut in the middle so the period always shows.
fn running_header(header: &str, size: f32, max: f32) -> String {
    let parts: Vec<&str> = header.split(" · ").collect();
    if width(header, size, false) <= max || parts.len() != 3 {
        return fit(header, size, max);
    }
    let rest = width(&format!("{} ·  · {}", parts[0], parts[2]), size, false);
    let name = fit(parts[1], size, (max - rest).max(0.0));
    fit(&format!("{} · {name} · {}", parts[0], parts[2]), size, max)
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
            grey: 0,
            text,
        });
    }

    /// A table's rule.
    fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
        self.draw(Draw::Stroke {
            points: vec![from, to],
            width: 0.5,
            grey: 0,
        });
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
            Block::Chart(chart) => self.chart(chart),
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

    /// A chart under its caption, kept on one page, its marks from `app::report_chart`.
    fn chart(&mut self, chart: &report_chart::Chart) {
        let layout = report_chart::lay_out(chart, CONTENT_WIDTH, &width);
        let caption = wrap(&chart.caption, SMALL, true, CONTENT_WIDTH).len() as f32;
        self.ensure(layout.height + leading(SMALL) * caption + 10.0);
        self.gap(4.0);
        self.lines(
            &chart.caption,
            SMALL,
            true,
            MARGIN,
            CONTENT_WIDTH,
            Align::Left,
        );
        self.gap(6.0);
        let top = self.y;
        let at = |x: f32, y: f32| (MARGIN + x, top - y);
        for mark in &layout.marks {
            match mark {
                Mark::Rect { x, y, w, h, fill } => {
                    let (px, py) = at(*x, y + h);
                    self.draw(Draw::Rect {
                        x: px,
                        y: py,
                        w: *w,
                        h: *h,
                        fill: *fill,
                    });
                }
                Mark::Line {
                    from,
                    to,
                    width: w,
                    grey,
                } => self.draw(Draw::Stroke {
                    points: vec![at(from.0, from.1), at(to.0, to.1)],
                    width: *w,
                    grey: *grey,
                }),
                Mark::Path { points, width: w } => self.draw(Draw::Stroke {
                    points: points.iter().map(|(x, y)| at(*x, *y)).collect(),
                    width: *w,
                    grey: 0,
                }),
                Mark::Text {
                    x,
                    y,
                    size,
                    bold,
                    anchor,
                    grey,
                    text,
                } => {
                    let w = width(text, *size, *bold);
                    let left = match anchor {
                        Anchor::Start => *x,
                        Anchor::Middle => x - w / 2.0,
                        Anchor::End => x - w,
                    };
                    let (px, py) = at(left, *y);
                    self.draw(Draw::Text {
                        x: px,
                        y: py,
                        size: *size,
                        bold: *bold,
                        grey: *grey,
                        text: text.clone(),
                    });
                }
            }
        }
        self.y = top - layout.height;
        self.gap(8.0);
    }

    /// The kop surat at the top of the cover: the logo on the left, the name lines, address and
    /// contact centred in the room right of it, and a double rule under them.
    fn letterhead(&mut self, letterhead: &app::letterhead::Letterhead, logo: bool) {
        const LOGO: f32 = 62.0;
        let f = &letterhead.fields;
        let inset = if logo { LOGO + 10.0 } else { 0.0 };
        let (left, max) = (MARGIN + inset, CONTENT_WIDTH - inset);
        let top = self.y;
        for (i, line) in f.lines.iter().enumerate() {
            let size = if i == 0 { 12.0 } else { 13.0 };
            self.lines(line, size, true, left, max, Align::Center);
        }
        for line in [&f.address, &f.contact] {
            if !line.is_empty() {
                self.lines(line, 9.0, false, left, max, Align::Center);
            }
        }
        if logo {
            let y = top - LOGO - 2.0;
            self.draw(Draw::Logo {
                x: MARGIN,
                y,
                side: LOGO,
            });
            self.y = self.y.min(y);
        }
        self.gap(6.0);
        let y = self.y;
        self.draw(Draw::Stroke {
            points: vec![(MARGIN, y), (MARGIN + CONTENT_WIDTH, y)],
            width: 2.0,
            grey: 0,
        });
        self.draw(Draw::Stroke {
            points: vec![(MARGIN, y - 3.0), (MARGIN + CONTENT_WIDTH, y - 3.0)],
            width: 0.6,
            grey: 0,
        });
        self.gap(3.0);
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

/// Lays the report out on pages (`logo`: whether the letterhead's logo is drawn).
fn lay_out(doc: &ReportDoc, logo: bool) -> Layout {
    let mut layout = Layout::new();
    match &doc.letterhead {
        Some(letterhead) => {
            layout.letterhead(letterhead, logo);
            layout.gap(PAGE_HEIGHT / 8.0);
        }
        None => layout.gap(PAGE_HEIGHT / 5.0),
    }
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

/// The logo of `letterhead` (the one a report is printed under), read from `store`.
pub async fn logo_of(
    store: &dyn app::store::Store,
    letterhead: Option<&app::letterhead::Letterhead>,
) -> app::store::StoreResult<Option<Logo>> {
    match letterhead.and_then(|l| l.logo.as_deref()) {
        Some(token) => store.logo(token).await,
        None => Ok(None),
    }
}

/// A logo as `krilla` draws it.
enum Picture {
    Raster(krilla::image::Image),
    Vector(Box<usvg::Tree>),
}

/// The stored logo ready to draw; `None` (and a log line) when it cannot be read, so the report
/// is still written without it.
fn picture(logo: &Logo) -> Option<Picture> {
    let data = || krilla::Data::from(logo.bytes.clone());
    let read = match logo.content_type.as_str() {
        "image/png" => krilla::image::Image::from_png(data(), true).map(Picture::Raster),
        "image/jpeg" => krilla::image::Image::from_jpeg(data(), true).map(Picture::Raster),
        "image/svg+xml" => crate::logos::svg_tree(&logo.bytes)
            .map(|t| Picture::Vector(Box::new(t)))
            .map_err(|e| e.to_string()),
        other => Err(format!("not a logo type: {other}")),
    };
    read.map_err(|error| tracing::warn!(%error, "a stored logo cannot be drawn"))
        .ok()
}

fn grey(g: Grey) -> luma::Color {
    luma::Color::new(g)
}

fn fill(g: Grey) -> Fill {
    Fill {
        paint: grey(g).into(),
        ..Fill::default()
    }
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut path = PathBuilder::new();
    path.push_rect(Rect::from_xywh(x, y, w.max(0.01), h.max(0.01))?);
    path.finish()
}

/// Draws one page's placed things; `y` is flipped to `krilla`'s top-down coordinates.
fn paint(
    surface: &mut krilla::surface::Surface,
    draws: &[Draw],
    fonts: &(Font, Font),
    logo: Option<&Picture>,
) {
    let down = |y: f32| PAGE_HEIGHT - y;
    for draw in draws {
        match draw {
            Draw::Text {
                x,
                y,
                size,
                bold,
                grey: g,
                text,
            } => {
                surface.set_fill(Some(fill(*g)));
                let font = if *bold { &fonts.1 } else { &fonts.0 };
                surface.draw_text(
                    Point::from_xy(*x, down(*y)),
                    font.clone(),
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
            Draw::Rect {
                x,
                y,
                w,
                h,
                fill: g,
            } => {
                if let Some(path) = rect(*x, down(y + h), *w, *h) {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*g)));
                    surface.draw_path(&path);
                }
            }
            Draw::Stroke {
                points,
                width: w,
                grey: g,
            } => stroke(surface, points, *w, *g),
            Draw::Logo { x, y, side } => {
                // Kept in proportion, centred in the square.
                let (w, h) = match logo {
                    Some(Picture::Raster(image)) => {
                        let (w, h) = image.size();
                        (w as f32, h as f32)
                    }
                    Some(Picture::Vector(tree)) => (tree.size().width(), tree.size().height()),
                    None => continue,
                };
                let scale = side / w.max(h).max(1.0);
                let (w, h) = (w * scale, h * scale);
                let Some(fit) = Size::from_wh(w, h) else {
                    continue;
                };
                surface.push_transform(&Transform::from_translate(
                    x + (side - w) / 2.0,
                    down(y + side) + (side - h) / 2.0,
                ));
                match logo {
                    Some(Picture::Raster(image)) => surface.draw_image(image.clone(), fit),
                    Some(Picture::Vector(tree)) => {
                        use krilla_svg::{SurfaceExt, SvgSettings};
                        let _ = surface.draw_svg(tree, fit, SvgSettings::default());
                    }
                    None => {}
                }
                surface.pop();
            }
        }
    }
}

fn stroke(surface: &mut krilla::surface::Surface, points: &[(f32, f32)], w: f32, g: Grey) {
    let mut path = PathBuilder::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let y = PAGE_HEIGHT - y;
        if i == 0 {
            path.move_to(*x, y);
        } else {
            path.line_to(*x, y);
        }
    }
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: grey(g).into(),
            width: w,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// The report as PDF bytes, with the letterhead's `logo` when it has one; and how many pages.
pub fn write(doc: &ReportDoc, logo: Option<&Logo>) -> io::Result<(Vec<u8>, usize)> {
    let picture = logo.and_then(picture);
    let layout = lay_out(doc, picture.is_some());
    let (mut document, settings, fonts) =
        crate::pdf_fonts::a4_document(format!("{} — {}", doc.title, doc.header))?;
    let pages = layout.pages.len();
    let mut outline = Outline::new();
    for (title, page) in &layout.outline {
        outline.push_child(OutlineNode::new(
            title.clone(),
            XyzDestination::new(*page, Point::from_xy(0.0, 0.0)),
        ));
    }
    for (index, draws) in layout.pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        if index > 0 {
            let number = format!("Halaman {} dari {pages}", index + 1);
            let y = PAGE_HEIGHT - MARGIN / 2.0;
            let room = CONTENT_WIDTH - width(&number, 8.0, false) - 12.0;
            let header = running_header(&doc.header, 8.0, room);
            let right = PAGE_WIDTH - MARGIN - width(&number, 8.0, false);
            paint(
                &mut surface,
                &[
                    Draw::Text {
                        x: MARGIN,
                        y,
                        size: 8.0,
                        bold: false,
                        grey: 0,
                        text: header,
                    },
                    Draw::Text {
                        x: right,
                        y,
                        size: 8.0,
                        bold: false,
                        grey: 0,
                        text: number,
                    },
                    Draw::Stroke {
                        points: vec![(MARGIN, y - 4.0), (PAGE_WIDTH - MARGIN, y - 4.0)],
                        width: 0.5,
                        grey: 0,
                    },
                ],
                &fonts,
                None,
            );
        }
        paint(&mut surface, draws, &fonts, picture.as_ref());
        surface.finish();
        page.finish();
    }
    document.set_outline(outline);
    let bytes = document
        .finish()
        .map_err(|e| io::Error::other(format!("writing the PDF: {e:?}")))?;
    Ok((bytes, pages))
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
            letterhead: None,
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
        let layout = lay_out(&long_report(), false);
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
                        ..
                    } => {
                        assert!(*x >= MARGIN - eps, "{text:?} starts left of the margin");
                        let right = x + width(text, *size, *bold);
                        assert!(
                            right <= PAGE_WIDTH - MARGIN + eps,
                            "{text:?} ends at {right}"
                        );
                        assert!(*y >= BOTTOM - eps && *y <= TOP + eps, "{text:?} at y {y}");
                    }
                    Draw::Stroke { points, .. } => {
                        for (x, y) in points {
                            assert!(*x >= MARGIN - eps && *x <= PAGE_WIDTH - MARGIN + eps);
                            assert!(*y >= BOTTOM - eps && *y <= TOP + eps);
                        }
                    }
                    Draw::Rect { x, y, w, h, .. }
                    | Draw::Logo {
                        x, y, side: w @ h, ..
                    } => {
                        assert!(*x >= MARGIN - eps && x + w <= PAGE_WIDTH - MARGIN + eps);
                        assert!(*y >= BOTTOM - eps && y + h <= TOP + eps);
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
    fn a_long_running_header_keeps_its_period() {
        let header = running_header(
            &format!("Laporan SKM · {} · Triwulan III 2026", "Unit ".repeat(40)),
            8.0,
            300.0,
        );
        assert!(header.starts_with("Laporan SKM · Unit"), "{header}");
        assert!(header.ends_with("… · Triwulan III 2026"), "{header}");
        assert!(width(&header, 8.0, false) <= 300.0);
    }

    #[test]
    fn a_long_running_header_is_cut_to_one_line() {
        let header = fit(&"Unit ".repeat(60), 8.0, 200.0);
        assert!(header.ends_with('…'));
        assert!(width(&header, 8.0, false) <= 200.0);
        assert_eq!(fit("Laporan", 8.0, 200.0), "Laporan");
    }

    #[test]
    fn an_empty_text_is_one_empty_line() {
        assert_eq!(wrap("", BODY, false, 100.0), vec![String::new()]);
    }
}
