//! What invitations are made of, apart from the web: a new invitation with a random code, its link,
//! its QR code as a PNG, and the units' API keys (made and hashed). The counter staff's page, the
//! API, the command line (`ikm invite`) and the demo all issue through these.

use app::invitation::{code_from_bytes, Invitation, InvitationSettings, CODE_BYTES};
use app::model::UnitDetail;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new invitation of `unit`, with a code of the operating system's randomness.
pub fn new_invitation(
    unit: &UnitDetail,
    service_id: Option<i64>,
    counter_tag: String,
    settings: InvitationSettings,
    now: DateTime<Utc>,
) -> Invitation {
    let mut bytes = [0u8; CODE_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Invitation {
        code: code_from_bytes(bytes),
        unit_id: unit.id,
        unit_code: unit.unit.code.clone(),
        service_id,
        counter_tag,
        issued_at: now,
        expires_at: now + Duration::days(i64::from(settings.valid_days)),
        response_id: None,
    }
}

/// An invitation's link: absolute on the configured public address (`IKM_PUBLIC_URL`), else on the
/// host the request came to.
pub fn invitation_url(public_url: Option<&str>, host: Option<&str>, code: &str) -> String {
    let path = app::invitation::invitation_path(code);
    match (public_url, host) {
        (Some(base), _) => format!("{}{path}", base.trim_end_matches('/')),
        (None, Some(host)) => format!("http://{host}{path}"),
        (None, None) => path,
    }
}

/// The QR code of `link` as a PNG: eight pixels a module, a quiet zone of four modules.
pub fn qr_png_bytes(link: &str) -> Result<Vec<u8>, String> {
    const SCALE: u32 = 8;
    const QUIET: u32 = 4;
    let (width, dark) = app::pages::poster::qr_modules(link)?;
    let width = u32::try_from(width).map_err(|e| e.to_string())?;
    let size = (width + 2 * QUIET) * SCALE;
    let image = image::GrayImage::from_fn(size, size, |x, y| {
        let (mx, my) = (x / SCALE, y / SCALE);
        let inside = (QUIET..QUIET + width).contains(&mx) && (QUIET..QUIET + width).contains(&my);
        let black = inside
            && dark
                .get(((my - QUIET) * width + (mx - QUIET)) as usize)
                .copied()
                .unwrap_or(false);
        image::Luma([if black { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(image)
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// A new API key: `ikm_`, eight characters to find it by, `_`, and 43 more (215 random bits),
/// all lowercase letters and digits.
pub fn new_api_key() -> (String, String) {
    let mut bytes = [0u8; 51];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let text: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b % 32)] as char)
        .collect();
    let (prefix, secret) = text.split_at(8);
    let prefix = prefix.to_string();
    (format!("ikm_{prefix}_{secret}"), prefix)
}

/// The SHA-256 of a key, hex: what is stored.
pub fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_png_has_a_white_quiet_zone_and_dark_modules_eight_pixels_each() {
        let png = qr_png_bytes("https://ikm.example/i/7KQ2-M9XD-4HTR-PW3B").expect("png");
        let image = image::load_from_memory(&png).expect("a PNG").to_luma8();
        let (width, _) =
            app::pages::poster::qr_modules("https://ikm.example/i/7KQ2-M9XD-4HTR-PW3B")
                .expect("modules");
        assert_eq!(image.width(), (width as u32 + 8) * 8);
        assert_eq!(image.get_pixel(0, 0).0, [255], "quiet zone");
        // The finder pattern's corner module (top left) is dark.
        assert_eq!(image.get_pixel(4 * 8, 4 * 8).0, [0]);
    }

    #[test]
    fn links_are_absolute_on_the_public_address_or_the_host() {
        assert_eq!(
            invitation_url(Some("https://ikm.example/"), Some("x"), "A"),
            "https://ikm.example/i/A"
        );
        assert_eq!(
            invitation_url(None, Some("ikm.test"), "A"),
            "http://ikm.test/i/A"
        );
        assert_eq!(invitation_url(None, None, "A"), "/i/A");
        let (key, prefix) = new_api_key();
        assert_eq!(app::invitation::key_prefix(&key), Some(prefix.as_str()));
    }
}
