//! Letterhead logos staff upload: PNG or JPEG (checked and re-encoded from their pixels like
//! evidence photos, `photos.rs`, at most `MAX_LOGO_SIDE` on a side) or SVG — parsed by `usvg`
//! without fonts, files or links, and kept as the SVG `usvg` writes back from what it understood:
//! no script, no event handler, no external reference survives, and a file that is not an SVG
//! image is refused. At most `MAX_LOGO_BYTES` as uploaded. CPU work: call through
//! `spawn_blocking`.

use crate::photos::{new_token, reencode_within, PhotoProblem};
use app::letterhead::{MAX_LOGO_BYTES, MAX_LOGO_SIDE};
use app::store::letterheads::NewLogo;
use std::sync::Arc;

/// Why a logo is not kept; worded for staff by the web layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoProblem {
    #[error("the file is not a PNG, JPEG or SVG image")]
    NotAnImage,
    #[error("the file is larger than allowed")]
    TooLarge,
    #[error("the image cannot be read: {0}")]
    Unreadable(String),
}

/// The most an SVG may draw: a logo has a few hundred shapes, not millions.
const MAX_SVG_NODES: usize = 20_000;

/// Options under which an uploaded SVG is read: no fonts (text is dropped), nothing fetched —
/// neither files nor links; embedded (data:) PNG/JPEG images are kept.
fn options() -> usvg::Options<'static> {
    usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        fontdb: Arc::new(usvg::fontdb::Database::new()),
        ..usvg::Options::default()
    }
}

/// An SVG read as `usvg` understands it (also how the PDF draws a stored logo).
pub fn svg_tree(bytes: &[u8]) -> Result<usvg::Tree, usvg::Error> {
    usvg::Tree::from_data(bytes, &options())
}

fn count_nodes(group: &usvg::Group) -> usize {
    group
        .children()
        .iter()
        .map(|node| match node {
            usvg::Node::Group(g) => 1 + count_nodes(g),
            _ => 1,
        })
        .sum()
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<svg")
}

/// Checks an uploaded logo and rewrites it as what is kept.
pub fn check(bytes: &[u8]) -> Result<NewLogo, LogoProblem> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(LogoProblem::TooLarge);
    }
    if looks_like_svg(bytes) {
        let tree = svg_tree(bytes).map_err(|e| LogoProblem::Unreadable(e.to_string()))?;
        let size = tree.size();
        if count_nodes(tree.root()) > MAX_SVG_NODES || size.width() < 1.0 || size.height() < 1.0 {
            return Err(LogoProblem::Unreadable("too complex or empty".into()));
        }
        if tree.root().children().is_empty() {
            return Err(LogoProblem::Unreadable("it draws nothing".into()));
        }
        let clean = tree.to_string(&usvg::WriteOptions::default());
        return Ok(NewLogo {
            token: new_token(),
            content_type: "image/svg+xml",
            bytes: clean.into_bytes(),
        });
    }
    match reencode_within(bytes, MAX_LOGO_BYTES, MAX_LOGO_SIDE) {
        Ok((content_type, bytes)) => Ok(NewLogo {
            token: new_token(),
            content_type,
            bytes,
        }),
        Err(PhotoProblem::TooLarge) => Err(LogoProblem::TooLarge),
        Err(PhotoProblem::NotAPhoto | PhotoProblem::HoldsMarkup) => Err(LogoProblem::NotAnImage),
        Err(PhotoProblem::Unreadable(detail)) => Err(LogoProblem::Unreadable(detail)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIELD: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="120" viewBox="0 0 100 120" onload="alert(1)">
  <script>alert(2)</script>
  <path d="M50 2 L96 20 L90 80 L50 118 L10 80 L4 20 Z" fill="#0b5394" stroke="#000" stroke-width="3"/>
  <image href="file:///etc/passwd" x="0" y="0" width="10" height="10"/>
  <a xlink:href="javascript:alert(3)"><circle cx="50" cy="55" r="20" fill="#ffd200"/></a>
</svg>"##;

    #[test]
    fn an_svg_logo_is_kept_as_usvg_writes_it_without_scripts_or_links() {
        let kept = check(SHIELD.as_bytes()).expect("an svg logo");
        assert_eq!(kept.content_type, "image/svg+xml");
        let text = String::from_utf8(kept.bytes).expect("utf-8");
        assert!(text.contains("<svg") && text.contains("<path"), "{text}");
        for gone in ["script", "alert", "onload", "passwd", "javascript"] {
            assert!(!text.contains(gone), "{gone} kept: {text}");
        }
        // What is kept reads again.
        assert!(svg_tree(text.as_bytes()).is_ok());
    }

    #[test]
    fn a_raster_logo_is_re_encoded_and_scaled_down() {
        let kept = check(&crate::photos::tests::png(1200, 300)).expect("png");
        assert_eq!(kept.content_type, "image/png");
        let back = image::load_from_memory(&kept.bytes).expect("decodes");
        assert_eq!((back.width(), back.height()), (600, 150));
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        assert_eq!(check(b"%PDF-1.7 not a logo"), Err(LogoProblem::NotAnImage));
        assert!(check(b"<html><body><svg></body></html>").is_err());
        assert!(matches!(
            check(br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>"#),
            Err(LogoProblem::Unreadable(_))
        ));
        assert_eq!(
            check(&vec![b' '; MAX_LOGO_BYTES + 1]),
            Err(LogoProblem::TooLarge)
        );
    }
}
