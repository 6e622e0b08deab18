//! Photos staff upload as evidence (a banner at the counter, a follow-up done): only JPEG and PNG,
//! at most `MAX_PHOTO_BYTES`, never a file that carries web-page code, and always **re-encoded**
//! from its pixels, so what is stored and served is an image and nothing else (no metadata, no
//! trailing bytes, no script hidden in a chunk). Larger than `MAX_PHOTO_SIDE` on a side is scaled
//! down. Decoding is bounded (side and memory limits) and runs off the async threads.

use app::evidence::{NewPhoto, MAX_PHOTO_BYTES, MAX_PHOTO_SIDE};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use rand::RngCore;
use std::io::Cursor;

/// Why an upload is not kept; worded for staff by the web layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoProblem {
    #[error("the file is not a JPEG or PNG photo")]
    NotAPhoto,
    #[error("the file is larger than allowed")]
    TooLarge,
    /// It holds what a browser could run as a page (a polyglot).
    #[error("the file holds web-page code")]
    HoldsMarkup,
    #[error("the photo cannot be read: {0}")]
    Unreadable(String),
}

/// A decoder never gets an image wider or higher than this (a "decompression bomb" of a few
/// kilobytes claiming 100 000 × 100 000 pixels is refused before any memory is taken).
const MAX_DECODED_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

/// What browsers (and old ones that sniff) could take for a page or a script: refused in any
/// part of the file. Each is at least five bytes, so that compressed pixels rarely form one by
/// chance, and none is what photo metadata holds (XMP is XML: `<?xml` is not refused).
const MARKUP: [&[u8]; 14] = [
    b"<html>",
    b"<html ",
    b"<!doctype",
    b"<script",
    b"<body>",
    b"<body ",
    b"<head>",
    b"<head ",
    b"<iframe",
    b"<svg ",
    b"<svg>",
    b"<?php",
    b"javascript:",
    b"<object",
];

fn holds_markup(bytes: &[u8]) -> bool {
    let lower = bytes.to_ascii_lowercase();
    MARKUP
        .iter()
        .any(|needle| lower.windows(needle.len()).any(|w| w == *needle))
}

/// The format the file's first bytes say it is, if JPEG or PNG.
fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else {
        None
    }
}

/// Checks and re-encodes an uploaded photo (CPU work: call it through `spawn_blocking`).
pub fn reencode(bytes: &[u8]) -> Result<NewPhoto, PhotoProblem> {
    let (content_type, bytes) = reencode_within(bytes, MAX_PHOTO_BYTES, MAX_PHOTO_SIDE)?;
    Ok(NewPhoto {
        token: new_token(),
        content_type,
        bytes,
    })
}

/// Checks a JPEG or PNG of at most `max_bytes` and re-encodes it from its pixels, scaled down to
/// at most `max_side` on a side: its type and bytes.
pub fn reencode_within(
    bytes: &[u8],
    max_bytes: usize,
    max_side: u32,
) -> Result<(&'static str, Vec<u8>), PhotoProblem> {
    if bytes.len() > max_bytes {
        return Err(PhotoProblem::TooLarge);
    }
    let format = sniff(bytes).ok_or(PhotoProblem::NotAPhoto)?;
    if holds_markup(bytes) {
        return Err(PhotoProblem::HoldsMarkup);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|e| PhotoProblem::Unreadable(e.to_string()))?;
    let image = if decoded.width() > max_side || decoded.height() > max_side {
        decoded.thumbnail(max_side, max_side)
    } else {
        decoded
    };
    let mut out = Cursor::new(Vec::new());
    let content_type = match format {
        ImageFormat::Png => {
            image
                .write_to(&mut out, ImageFormat::Png)
                .map_err(|e| PhotoProblem::Unreadable(e.to_string()))?;
            "image/png"
        }
        _ => {
            let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            rgb.write_with_encoder(encoder)
                .map_err(|e| PhotoProblem::Unreadable(e.to_string()))?;
            "image/jpeg"
        }
    };
    Ok((content_type, out.into_inner()))
}

/// 128 random bits as 32 hex digits: a photo's link cannot be guessed.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Whether `token` has the shape of a photo's token (anything else is not looked up).
pub fn is_token(token: &str) -> bool {
    token.len() == 32
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, Rgba};

    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let img = ImageBuffer::from_fn(width, height, |x, y| Rgba([x as u8, y as u8, 90, 255]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(img)
            .write_to(&mut out, ImageFormat::Png)
            .expect("png");
        out.into_inner()
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = ImageBuffer::from_fn(width, height, |x, y| Rgb([x as u8, y as u8, 30]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, ImageFormat::Jpeg)
            .expect("jpeg");
        out.into_inner()
    }

    #[test]
    fn a_photo_is_kept_as_a_fresh_image_of_its_kind() {
        let kept = reencode(&png(40, 30)).expect("png");
        assert_eq!(kept.content_type, "image/png");
        assert!(kept.bytes.starts_with(b"\x89PNG"));
        let kept = reencode(&jpeg(40, 30)).expect("jpeg");
        assert_eq!(kept.content_type, "image/jpeg");
        assert!(is_token(&kept.token));
    }

    #[test]
    fn a_large_photo_is_scaled_down() {
        let kept = reencode(&jpeg(3200, 1000)).expect("jpeg");
        let back = image::load_from_memory(&kept.bytes).expect("decodes");
        assert_eq!((back.width(), back.height()), (1600, 500));
    }

    #[test]
    fn what_is_not_a_photo_is_refused() {
        assert_eq!(reencode(b"GIF89a...."), Err(PhotoProblem::NotAPhoto));
        assert_eq!(
            reencode(b"<html><body>hi</body></html>"),
            Err(PhotoProblem::NotAPhoto)
        );
        let mut polyglot = png(8, 8);
        polyglot.extend_from_slice(b"<script>alert(1)</script>");
        assert_eq!(reencode(&polyglot), Err(PhotoProblem::HoldsMarkup));
        let mut truncated = png(50, 50);
        truncated.truncate(60);
        assert!(matches!(
            reencode(&truncated),
            Err(PhotoProblem::Unreadable(_))
        ));
        assert_eq!(
            reencode(&vec![0xFF; MAX_PHOTO_BYTES + 1]),
            Err(PhotoProblem::TooLarge)
        );
    }

    #[test]
    fn a_bomb_is_refused_before_it_is_decoded() {
        // A PNG header claiming 60 000 × 60 000 pixels.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        assert!(matches!(reencode(&bomb), Err(PhotoProblem::Unreadable(_))));
    }
}
