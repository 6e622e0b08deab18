//! The font the server's PDFs are set in: DejaVu Sans (regular and bold), built into the binary
//! (`server/fonts/`, Bitstream Vera licence: redistribution and embedding allowed) and embedded,
//! subset to the glyphs used, in every PDF — so every character of Latin (and Greek, Cyrillic) a
//! unit's name, a comment or a letterhead can hold prints as itself, on any reader.
//!
//! [`width`] measures text with the font's own advances (through `skrifa`, the crate `krilla`
//! reads fonts with) so lines are wrapped and figures right-aligned before they are placed.

use krilla::text::Font;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Characters below this have their advance in a table (Latin, Greek, Cyrillic, punctuation).
const TABLE: usize = 0x2200;

/// One face: advances per em for the common characters, and the font itself for the rest.
struct Face {
    table: Vec<f32>,
    font: FontRef<'static>,
    per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Option<Face> {
        let font = FontRef::new(bytes).ok()?;
        let per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        let mut face = Face {
            table: Vec::new(),
            font,
            per_em,
        };
        face.table = (0..TABLE as u32)
            .map(|c| char::from_u32(c).map_or(0.0, |c| face.lookup(c)))
            .collect();
        Some(face)
    }

    fn lookup(&self, c: char) -> f32 {
        let metrics = self
            .font
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        let glyph = self.font.charmap().map(c).unwrap_or_default();
        metrics.advance_width(glyph).unwrap_or(0.0) / self.per_em
    }

    fn advance(&self, c: char) -> f32 {
        match self.table.get(c as usize) {
            Some(a) => *a,
            None => self.lookup(c),
        }
    }
}

struct Faces {
    regular: Face,
    bold: Face,
}

fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: Face::load(REGULAR)?,
                bold: Face::load(BOLD)?,
            })
        })
        .as_ref()
}

/// How wide `text` is at `size` points, in points.
pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    match faces() {
        Some(faces) => {
            let face = if bold { &faces.bold } else { &faces.regular };
            text.chars().map(|c| face.advance(c)).sum::<f32>() * size
        }
        // The bundled fonts always parse (a unit test says so); a guess keeps layout going.
        None => app::report_chart::estimated_width(text, size, bold),
    }
}

/// A new A4 PDF in Bahasa Indonesia titled `title`, its page settings, and the faces (regular,
/// bold) to set it in.
pub fn a4_document(
    title: String,
) -> std::io::Result<(krilla::Document, krilla::page::PageSettings, (Font, Font))> {
    let fonts =
        krilla_fonts().ok_or_else(|| std::io::Error::other("the bundled fonts cannot be read"))?;
    let settings = krilla::page::PageSettings::from_wh(
        crate::report_pdf::PAGE_WIDTH,
        crate::report_pdf::PAGE_HEIGHT,
    )
    .ok_or_else(|| std::io::Error::other("page size"))?;
    let mut document = krilla::Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title)
            .creator("IKM Survey".to_string())
            .language("id".to_string()),
    );
    Ok((document, settings, fonts))
}

/// The faces for `krilla`, regular and bold; `None` only if the bundled files were broken.
pub fn krilla_fonts() -> Option<(Font, Font)> {
    Some((Font::new(REGULAR.into(), 0)?, Font::new(BOLD.into(), 0)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the font has a glyph for `c` (not the empty box).
    fn covers(c: char, bold: bool) -> bool {
        faces().is_some_and(|f| {
            let face = if bold { &f.bold } else { &f.regular };
            face.font.charmap().map(c).is_some()
        })
    }

    #[test]
    fn the_bundled_fonts_parse_and_cover_all_of_latin_the_app_accepts() {
        assert!(faces().is_some() && krilla_fonts().is_some());
        for c in "Puskesmas Way Halim — Ĳ ŉ ő ≥ ≤ → − … “” Āā Ǆ ẞ ſ ɐ Ω Ж".chars()
        {
            assert!(covers(c, false) && covers(c, true), "{c:?}");
        }
        // Latin-1, Latin Extended-A and -B whole.
        for c in (0xA0u32..=0x24F).filter_map(char::from_u32) {
            assert!(covers(c, false), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn widths_grow_with_the_text_and_its_size_and_bold_is_wider() {
        let w = width("Indeks Kepuasan Masyarakat", 10.0, false);
        assert!(w > 100.0 && w < 200.0, "{w}");
        assert!((width("Indeks Kepuasan Masyarakat", 20.0, false) - 2.0 * w).abs() < 1e-3);
        assert!(width("Indeks Kepuasan Masyarakat", 10.0, true) > w);
        assert_eq!(width("", 10.0, false), 0.0);
        // A character beyond the table is measured from the font.
        assert!(width("→", 10.0, false) > 0.0);
    }
}
