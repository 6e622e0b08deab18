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
    pub province: Option<Region>,
    pub regions: Vec<RegionUnits>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionUnits {
    pub region: Region,
    pub units: Vec<UnitSummary>,
}
