//! The data the pages show, as it travels from the server to the browser.

use serde::{Deserialize, Serialize};

/// Administrative level of a region (Kemendagri).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    Regency,
    City,
}

impl RegionLevel {
    pub fn key(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::Regency => "regency",
            RegionLevel::City => "city",
        }
    }

    pub fn parse(key: &str) -> Option<RegionLevel> {
        match key {
            "province" => Some(RegionLevel::Province),
            "regency" => Some(RegionLevel::Regency),
            "city" => Some(RegionLevel::City),
            _ => None,
        }
    }
}

/// A province or kabupaten/kota, by its Kemendagri code (`18`, `18.71`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<String>,
}

/// The kinds of public-service unit the product knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Disdukcapil,
    Dpmptsp,
    Rsud,
    Puskesmas,
    Samsat,
    Lainnya,
}

impl UnitKind {
    pub const ALL: [UnitKind; 6] = [
        UnitKind::Disdukcapil,
        UnitKind::Dpmptsp,
        UnitKind::Rsud,
        UnitKind::Puskesmas,
        UnitKind::Samsat,
        UnitKind::Lainnya,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Disdukcapil => "disdukcapil",
            UnitKind::Dpmptsp => "dpmptsp",
            UnitKind::Rsud => "rsud",
            UnitKind::Puskesmas => "puskesmas",
            UnitKind::Samsat => "samsat",
            UnitKind::Lainnya => "lainnya",
        }
    }

    pub fn parse(key: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// How the kind is called in Indonesia (the same words are used in English pages).
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Disdukcapil => "Disdukcapil",
            UnitKind::Dpmptsp => "DPMPTSP",
            UnitKind::Rsud => "RSUD",
            UnitKind::Puskesmas => "Puskesmas",
            UnitKind::Samsat => "Samsat",
            UnitKind::Lainnya => "Lainnya",
        }
    }
}

/// A unit as listed under its region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub region_code: String,
    pub mpp_name: Option<String>,
}

/// A unit with what its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDetail {
    pub id: i64,
    pub unit: UnitSummary,
    pub region_name: String,
    pub active: bool,
    pub complaint_contact: Option<String>,
    /// Whether the kiosk asks the optional profile questions too.
    pub kiosk_profile: bool,
    /// Its survey is answered by invitation only (`invitation::InvitationSettings`).
    pub only_invited: bool,
    pub services: Vec<Service>,
}

/// A service (jenis layanan) a unit offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: i64,
    pub name: String,
}

/// The home page's content: regions with their active units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// The province shown: the one chosen, or the only one with units.
    pub province: Option<Region>,
    pub regions: Vec<RegionUnits>,
    /// The provinces with active units, to choose from, when more than one has units or the
    /// directory is too large to hand to the page whole (a national deployment's).
    pub provinces: Vec<ProvinceUnits>,
    /// Whether every active unit of what is shown was handed over (so typing can filter it in
    /// place): not for a large directory's search results, nor its choice of provinces.
    pub complete: bool,
    /// How many units a search over a large directory matched, when more than it lists.
    pub matched: Option<usize>,
}

/// A province of a large directory and how many active units it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvinceUnits {
    pub code: String,
    pub name: String,
    pub units: usize,
}

/// A province's name without the word "Provinsi": Lampung's own tree names it "Provinsi
/// Lampung", Indonesia's tree names provinces bare ("Jawa Barat"); texts add the word themselves.
pub fn bare_province_name(name: &str) -> &str {
    name.strip_prefix("Provinsi ").unwrap_or(name)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionUnits {
    pub region: Region,
    pub units: Vec<UnitSummary>,
}

/// A staff account as the administration pages show it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub email: Option<String>,
    pub display_name: String,
    pub role: crate::role::Role,
    pub scopes: Vec<String>,
    pub active: bool,
}

/// A unit as its administration page edits it, with every service (inactive ones too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRecord {
    pub code: String,
    pub fields: UnitFields,
    pub region_name: String,
    pub services: Vec<ServiceRecord>,
}

/// The editable facts of a unit (its code never changes: printed QR posters carry it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitFields {
    pub name: String,
    pub kind: UnitKind,
    pub region_code: String,
    /// The Mal Pelayanan Publik it serves in, if any.
    pub mpp_name: Option<String>,
    pub active: bool,
    pub complaint_contact: Option<String>,
    /// People served per year, for sample adequacy (Krejcie–Morgan population).
    pub population_per_year: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRecord {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

/// A unit in the administration list (inactive ones too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitListing {
    pub unit: UnitSummary,
    pub active: bool,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub actor: String,
    pub address: String,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which audit lines to show; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Part of the target (a unit code, a username, …).
    pub target: Option<String>,
    /// Asia/Jakarta dates, inclusive.
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}
