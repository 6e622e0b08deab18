//! A sheet of invitation slips (`ikm invite`), for a unit without a queue machine: A4 pages of
//! twelve slips (three by four) with cut marks, each slip the invitation's QR code, a line asking to
//! rate the service, the unit's name, the code to type and the last day it is valid. Written with
//! `krilla` like the report (DejaVu Sans, embedded; the QR code as filled squares).

use crate::report_pdf::{fit, PAGE_HEIGHT, PAGE_WIDTH};
use app::invitation::Invitation;
use ikm_domain::response_file::JAKARTA;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::paint::{Fill, Stroke};
use krilla::text::TextDirection;
use std::io;

const MARGIN: f32 = 28.35; // 10 mm
const COLUMNS: usize = 3;
const ROWS: usize = 4;
/// Slips on a page.
pub const PER_PAGE: usize = COLUMNS * ROWS;
const SLIP_WIDTH: f32 = (PAGE_WIDTH - 2.0 * MARGIN) / COLUMNS as f32;
const SLIP_HEIGHT: f32 = (PAGE_HEIGHT - 2.0 * MARGIN) / ROWS as f32;
const QR_SIZE: f32 = 112.0;
const CUT: f32 = 6.0;

/// One slip: its link (what the QR code holds) and the invitation.
pub struct Slip {
    pub link: String,
    pub invitation: Invitation,
}

/// Writes the slips of `unit_name` to `file`; how many pages.
pub fn write(unit_name: &str, slips: &[Slip], mut file: std::fs::File) -> io::Result<usize> {
    use std::io::Write;
    let (bytes, pages) = sheet(unit_name, slips)?;
    file.write_all(&bytes)?;
    Ok(pages)
}

/// A filled square path of `size` at (x, y), y downwards.
fn square(path: &mut PathBuilder, x: f32, y: f32, size: f32) {
    if let Some(rect) = Rect::from_xywh(x, y, size, size) {
        path.push_rect(rect);
    }
}

/// The sheet as PDF bytes, and how many pages.
fn sheet(unit_name: &str, slips: &[Slip]) -> io::Result<(Vec<u8>, usize)> {
    let (mut document, settings, (regular, bold)) =
        crate::pdf_fonts::a4_document(format!("Undangan survei — {unit_name}"))?;
    let pages = slips.chunks(PER_PAGE).count();
    for page_slips in slips.chunks(PER_PAGE) {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        // Cut marks: short ticks where the slips meet, outside and between them.
        let mut marks = PathBuilder::new();
        for column in 0..=COLUMNS {
            let x = MARGIN + column as f32 * SLIP_WIDTH;
            for row in 0..=ROWS {
                let y = MARGIN + row as f32 * SLIP_HEIGHT;
                marks.move_to(x - CUT, y);
                marks.line_to(x + CUT, y);
                marks.move_to(x, y - CUT);
                marks.line_to(x, y + CUT);
            }
        }
        if let Some(path) = marks.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                width: 0.4,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
        surface.set_fill(Some(Fill::default()));
        for (index, slip) in page_slips.iter().enumerate() {
            // From the page's top left, y downwards.
            let left = MARGIN + (index % COLUMNS) as f32 * SLIP_WIDTH;
            let top = MARGIN + (index / COLUMNS) as f32 * SLIP_HEIGHT;
            let centre = left + SLIP_WIDTH / 2.0;
            // The QR code, its modules as filled squares.
            let (width, dark) =
                app::pages::poster::qr_modules(&slip.link).map_err(io::Error::other)?;
            let module = QR_SIZE / width as f32;
            let qr_left = centre - QR_SIZE / 2.0;
            let qr_top = top + 12.0;
            let mut qr = PathBuilder::new();
            for (i, is_dark) in dark.iter().enumerate() {
                if *is_dark {
                    let (mx, my) = ((i % width) as f32, (i / width) as f32);
                    square(&mut qr, qr_left + mx * module, qr_top + my * module, module);
                }
            }
            if let Some(path) = qr.finish() {
                surface.draw_path(&path);
            }
            let room = SLIP_WIDTH - 16.0;
            let mut y = qr_top + QR_SIZE + 14.0;
            let until = slip
                .invitation
                .expires_at
                .with_timezone(&JAKARTA)
                .format("%d-%m-%Y")
                .to_string();
            let lines = [
                (true, 9.5, "Mohon nilai pelayanan kami".to_string()),
                (false, 7.5, fit(unit_name, 7.5, room)),
                (true, 10.0, slip.invitation.code.clone()),
                (false, 7.0, format!("Berlaku sampai {until}")),
            ];
            for (is_bold, size, text) in lines {
                let w = crate::pdf_fonts::width(&text, size, is_bold);
                let font = if is_bold { &bold } else { &regular };
                surface.draw_text(
                    Point::from_xy(centre - w / 2.0, y),
                    font.clone(),
                    size,
                    &text,
                    false,
                    TextDirection::Auto,
                );
                y += size + 4.0;
            }
        }
        surface.finish();
        page.finish();
    }
    let bytes = document
        .finish()
        .map_err(|e| io::Error::other(format!("writing the PDF: {e:?}")))?;
    Ok((bytes, pages))
}
