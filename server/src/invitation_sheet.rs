//! A sheet of invitation slips (`ikm invite`), for a unit without a queue machine: A4 pages of
//! twelve slips (three by four) with cut marks, each slip the invitation's QR code, a line asking to
//! rate the service, the unit's name, the code to type and the last day it is valid. Written with
//! `pdf-canvas` like the report (Helvetica; the QR code as filled squares).

use crate::report_pdf::{fit, printable, PAGE_HEIGHT, PAGE_WIDTH};
use app::invitation::Invitation;
use ikm_domain::response_file::JAKARTA;
use pdf_canvas::{BuiltinFont, Pdf};
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
pub fn write(unit_name: &str, slips: &[Slip], file: std::fs::File) -> io::Result<usize> {
    let mut pdf = Pdf::new(file)?;
    pdf.set_title(&printable(&format!("Undangan survei — {unit_name}")));
    pdf.set_creator("IKM Survey");
    let pages = slips.chunks(PER_PAGE).count();
    for page in slips.chunks(PER_PAGE) {
        pdf.render_page(PAGE_WIDTH, PAGE_HEIGHT, |canvas| {
            canvas.set_line_width(0.4)?;
            // Cut marks: short ticks where the slips meet, outside and between them.
            for column in 0..=COLUMNS {
                let x = MARGIN + column as f32 * SLIP_WIDTH;
                for row in 0..=ROWS {
                    let y = MARGIN + row as f32 * SLIP_HEIGHT;
                    canvas.line(x - CUT, y, x + CUT, y)?;
                    canvas.line(x, y - CUT, x, y + CUT)?;
                }
            }
            canvas.stroke()?;
            for (index, slip) in page.iter().enumerate() {
                let left = MARGIN + (index % COLUMNS) as f32 * SLIP_WIDTH;
                let top = PAGE_HEIGHT - MARGIN - (index / COLUMNS) as f32 * SLIP_HEIGHT;
                let centre = left + SLIP_WIDTH / 2.0;
                // The QR code, its modules as filled squares.
                let (width, dark) =
                    app::pages::poster::qr_modules(&slip.link).map_err(io::Error::other)?;
                let module = QR_SIZE / width as f32;
                let qr_left = centre - QR_SIZE / 2.0;
                let qr_top = top - 12.0;
                for (i, is_dark) in dark.iter().enumerate() {
                    if *is_dark {
                        let (mx, my) = ((i % width) as f32, (i / width) as f32);
                        canvas.rectangle(
                            qr_left + mx * module,
                            qr_top - (my + 1.0) * module,
                            module,
                            module,
                        )?;
                    }
                }
                canvas.fill()?;
                let room = SLIP_WIDTH - 16.0;
                let mut y = qr_top - QR_SIZE - 14.0;
                let until = slip
                    .invitation
                    .expires_at
                    .with_timezone(&JAKARTA)
                    .format("%d-%m-%Y")
                    .to_string();
                let lines = [
                    (
                        BuiltinFont::Helvetica_Bold,
                        9.5,
                        "Mohon nilai pelayanan kami".to_string(),
                    ),
                    (
                        BuiltinFont::Helvetica,
                        7.5,
                        fit(&printable(unit_name), 7.5, room),
                    ),
                    (
                        BuiltinFont::Helvetica_Bold,
                        10.0,
                        slip.invitation.code.clone(),
                    ),
                    (
                        BuiltinFont::Helvetica,
                        7.0,
                        format!("Berlaku sampai {until}"),
                    ),
                ];
                for (font, size, text) in lines {
                    canvas.center_text(centre, y, font, size, &text)?;
                    y -= size + 4.0;
                }
            }
            Ok(())
        })?;
    }
    pdf.finish()?;
    Ok(pages)
}
