//! The demo's letterheads: the province's, each kabupaten/kota's ("PEMERINTAH KOTA BANDAR
//! LAMPUNG"), and the Disdukcapil of Bandar Lampung's own, with a demo emblem as its logo and its
//! head's name and NIP — so the first report a newcomer opens is printed as units print theirs.
//! The names, numbers and the emblem are made up for the demo.

use super::regions::lampung;
use app::accounts::Actor;
use app::letterhead::{LetterheadFields, LetterheadOwner};
use app::model::RegionLevel;
use app::store::letterheads::LogoChange;
use app::store::{Store, StoreError};

/// The demo unit with a letterhead of its own.
pub const OWN_LETTERHEAD_UNIT: &str = "1871-disdukcapil";

/// A made-up emblem (a shield), as an SVG logo.
pub const DEMO_EMBLEM: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="140" viewBox="0 0 120 140"><path d="M60 4 L114 22 L108 92 Q100 118 60 136 Q20 118 12 92 L6 22 Z" fill="#0b5394" stroke="#1a1a1a" stroke-width="4"/><path d="M60 24 L92 36 L88 86 Q82 104 60 116 Q38 104 32 86 L28 36 Z" fill="#ffd200"/><circle cx="60" cy="64" r="16" fill="#b00020"/><rect x="40" y="92" width="40" height="8" fill="#1b7a3d"/></svg>"##;

fn fields(lines: &[&str], address: &str, contact: &str, head: &str, nip: &str) -> LetterheadFields {
    LetterheadFields {
        lines: lines.iter().map(|l| l.to_string()).collect(),
        address: address.to_string(),
        contact: contact.to_string(),
        head_name: head.to_string(),
        head_nip: nip.to_string(),
    }
}

/// Saves the demo letterheads that are not there yet; how many were saved.
pub async fn seed(store: &dyn Store) -> Result<usize, StoreError> {
    let mut wanted: Vec<(LetterheadOwner, LetterheadFields, bool)> = Vec::new();
    for region in lampung() {
        let lines = format!("PEMERINTAH {}", region.name.to_uppercase());
        let (address, contact) = match region.level {
            RegionLevel::Province => (
                "Jl. Wolter Monginsidi No. 69, Teluk Betung, Bandar Lampung 35215",
                "lampungprov.go.id",
            ),
            _ => ("", ""),
        };
        wanted.push((
            LetterheadOwner::Region(region.code.clone()),
            fields(&[&lines], address, contact, "", ""),
            false,
        ));
    }
    wanted.push((
        LetterheadOwner::Unit(OWN_LETTERHEAD_UNIT.to_string()),
        fields(
            &[
                "PEMERINTAH KOTA BANDAR LAMPUNG",
                "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
            ],
            "Jl. Dr. Susilo No. 2, Sumur Batu, Teluk Betung Utara, Bandar Lampung 35214",
            "Telp. (0721) 000000 · disdukcapil.demo.go.id (data demo)",
            "Drs. Hendra Wijaya, M.M.",
            "19700315 199503 1 002",
        ),
        true,
    ));
    let mut saved = 0;
    for (owner, fields, logo) in wanted {
        if store.letterhead(&owner).await?.is_some() {
            continue;
        }
        let logo = if logo {
            match crate::logos::check(DEMO_EMBLEM.as_bytes()) {
                Ok(new) => LogoChange::Replace(new),
                Err(error) => {
                    tracing::warn!(%error, "the demo emblem is not kept");
                    LogoChange::Keep
                }
            }
        } else {
            LogoChange::Keep
        };
        store
            .save_letterhead(&owner, &fields, logo, &Actor::command_line())
            .await?;
        saved += 1;
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_emblem_is_a_logo_the_server_keeps() {
        let kept = crate::logos::check(DEMO_EMBLEM.as_bytes()).expect("kept");
        assert_eq!(kept.content_type, "image/svg+xml");
    }
}
