//! A Mal Pelayanan Publik (MPP, Perpres 89/2021) as a place: one hall of a kabupaten/kota where
//! booths of regional offices and of national agencies serve side by side. Its tenants are units of
//! this product; an answer given at a booth names the MPP (`NewResponse::mpp_id`), so a unit that
//! also has its own office keeps the two apart. The MPP's IKM is computed like a region's
//! (`ikm_domain::region::RegionIkm`): pooled over every answer given in the hall, and the mean of
//! its tenants beside it, both labelled.

use crate::model::UnitKind;
use ikm_domain::region::RegionIkm;
use ikm_domain::Tally;
use serde::{Deserialize, Serialize};

/// Longest MPP code (its hall link `/m/{code}`, printed on the poster).
pub const MAX_CODE_CHARS: usize = 60;

/// What an administrator edits of an MPP (its code never changes: posters carry it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MppFields {
    pub name: String,
    /// The kabupaten/kota it belongs to (`18.71`).
    pub region_code: String,
    pub address: String,
}

/// An MPP as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MppSummary {
    pub id: i64,
    pub code: String,
    pub fields: MppFields,
    pub region_name: String,
    /// Tenants serving there now.
    pub tenants: u64,
}

/// One unit serving in an MPP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub unit_id: i64,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// The national agency running it (Imigrasi, BPJS, …); `None` for a regional office.
    pub agency: Option<String>,
    pub active: bool,
    /// People the unit serves per year, for sample adequacy.
    pub population_per_year: Option<u64>,
    /// The services it offers (active ones), for the hall's search.
    pub services: Vec<String>,
    /// RFC 3339, UTC.
    pub added_at: String,
    /// Set once it left the MPP (its answers stay the MPP's history).
    pub removed_at: Option<String>,
}

impl Tenant {
    /// Serving in the hall now: not removed, and the unit active.
    pub fn serving(&self) -> bool {
        self.removed_at.is_none() && self.active
    }

    /// Whether `query` (words, any case) is in its name, agency or one of its services.
    pub fn matches(&self, query: &str) -> bool {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let haystack = format!(
            "{} {} {}",
            self.name,
            self.agency.as_deref().unwrap_or_default(),
            self.services.join(" ")
        )
        .to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// An MPP with every tenant it has had (current ones first, then by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MppDetail {
    pub mpp: MppSummary,
    pub tenants: Vec<Tenant>,
}

impl MppDetail {
    /// The tenants serving now.
    pub fn serving(&self) -> impl Iterator<Item = &Tenant> {
        self.tenants.iter().filter(|t| t.serving())
    }
}

/// What an MPP's answers of a period add up to, from each tenant's tally of the answers given in
/// the hall (`Mpps::mpp_tallies`): every answer merged (the pooled tally, read like one unit's) and
/// the region arithmetic's two labelled figures over the tenants (pooled, mean of tenants).
pub struct MppFigures {
    pub pooled: Tally,
    pub ikm: RegionIkm,
}

impl MppFigures {
    pub fn of(tenants: &[(i64, Tally)]) -> MppFigures {
        MppFigures {
            pooled: tenants.iter().map(|(_, t)| t.clone()).sum(),
            ikm: RegionIkm::of(tenants.iter().map(|(_, t)| t)),
        }
    }
}

/// The periods an MPP's public figures exist for: every period any of its tenants (serving now or
/// not) published, newest first. As for a region, an MPP publishes nothing of its own: a period is
/// public over the tenants that published it (`published`: period keys by unit id).
pub fn published_periods(
    detail: &MppDetail,
    published: &std::collections::HashMap<i64, Vec<String>>,
) -> Vec<ikm_domain::Period> {
    let keys: Vec<String> = detail
        .tenants
        .iter()
        .flat_map(|t| published.get(&t.unit_id).cloned().unwrap_or_default())
        .collect();
    crate::periods::published_newest_first(&keys)
}

/// An MPP's public figures of a period: the tenants that published it, each with its tally of the
/// answers given in the hall (none there: left out), and the MPP's figures over them.
pub struct PublishedReading {
    pub period: ikm_domain::Period,
    pub tenants: Vec<(Tenant, Tally)>,
    pub figures: MppFigures,
    /// Tenants with answers given in the hall in the period, published or not.
    pub tenants_answered: usize,
}

/// Reads [`PublishedReading`] of `period` (one read of the hall's answers).
#[cfg(feature = "ssr")]
pub async fn published_reading(
    store: &dyn crate::store::Store,
    detail: &MppDetail,
    published: &std::collections::HashMap<i64, Vec<String>>,
    period: ikm_domain::Period,
) -> crate::store::StoreResult<PublishedReading> {
    let key = period.key();
    let tallies = store
        .mpp_tallies(
            detail.mpp.id,
            period.from,
            period.to,
            crate::store::Counted::Valid,
        )
        .await?;
    let tenants_answered = tallies.len();
    let tenants: Vec<(Tenant, Tally)> = tallies
        .into_iter()
        .filter(|(id, _)| published.get(id).is_some_and(|keys| keys.contains(&key)))
        .filter_map(|(id, tally)| {
            let tenant = detail.tenants.iter().find(|t| t.unit_id == id)?;
            Some((tenant.clone(), tally))
        })
        .collect();
    let by_id: Vec<(i64, Tally)> = tenants
        .iter()
        .map(|(t, tally)| (t.unit_id, tally.clone()))
        .collect();
    Ok(PublishedReading {
        period,
        figures: MppFigures::of(&by_id),
        tenants,
        tenants_answered,
    })
}

/// A comment given in the hall, as the MPP's manager reads it (the tenant's staff answer it in
/// their own inbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MppComment {
    pub unit_code: String,
    pub unit_name: String,
    /// UTC, RFC 3339.
    pub received_at: String,
    pub comment: String,
    pub status: crate::dashboard::CommentStatus,
    /// The tenant's public reply, when it made one.
    pub public_reply: Option<String>,
}

/// The MPP a survey form is answered in: what the form carries and shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MppPlace {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// The hall of the MPP `code`: `/m/{code}`, or its kiosk `/m/{code}/kiosk` (the tablet at the exit,
/// whose booths open their kiosk forms and whose thanks come back to it).
pub fn hall_url(code: &str, kiosk: bool) -> String {
    if kiosk {
        format!("/m/{code}/kiosk")
    } else {
        format!("/m/{code}")
    }
}

/// An MPP code from a name: lowercase ASCII words joined by `-` ("MPP Kota Metro" →
/// "mpp-kota-metro"), at most [`MAX_CODE_CHARS`].
pub fn code_from_name(name: &str) -> String {
    let mut code = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    code.truncate(MAX_CODE_CHARS);
    code.trim_end_matches('-').to_string()
}

/// Whether `code` can be an MPP code: 3–60 lowercase ASCII letters, digits and inner `-` (the
/// rule of a unit's code).
pub fn valid_code(code: &str) -> bool {
    (3..=MAX_CODE_CHARS).contains(&code.len())
        && !code.starts_with('-')
        && !code.ends_with('-')
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(name: &str, agency: Option<&str>, services: &[&str]) -> Tenant {
        Tenant {
            unit_id: 1,
            code: "x".into(),
            name: name.into(),
            kind: UnitKind::Lainnya,
            agency: agency.map(str::to_string),
            active: true,
            population_per_year: None,
            services: services.iter().map(|s| s.to_string()).collect(),
            added_at: "2026-01-01T00:00:00Z".into(),
            removed_at: None,
        }
    }

    #[test]
    fn codes_come_from_names_and_are_checked() {
        assert_eq!(
            code_from_name("Mal Pelayanan Publik Kota Bandar Lampung"),
            "mal-pelayanan-publik-kota-bandar-lampung"
        );
        assert_eq!(
            code_from_name("  MPP  Metro / Lampung. "),
            "mpp-metro-lampung"
        );
        assert!(code_from_name(&"a b ".repeat(50)).len() <= MAX_CODE_CHARS);
        assert!(valid_code("mpp-metro"));
        assert!(!valid_code("MPP"));
        assert!(!valid_code("-mpp"));
        assert!(!valid_code("mpp metro"));
        assert!(!valid_code(""));
        assert!(!valid_code("ab"));
        assert_eq!(hall_url("mpp-kota-metro", false), "/m/mpp-kota-metro");
        assert_eq!(hall_url("mpp-kota-metro", true), "/m/mpp-kota-metro/kiosk");
    }

    #[test]
    fn an_mpps_public_periods_are_those_any_of_its_tenants_published_newest_first() {
        let mut a = tenant("A", None, &[]);
        a.unit_id = 1;
        let mut b = tenant("B", None, &[]);
        b.unit_id = 2;
        b.removed_at = Some("2026-05-01T00:00:00Z".into());
        let detail = MppDetail {
            mpp: MppSummary {
                id: 7,
                code: "mpp-uji".into(),
                fields: MppFields {
                    name: "MPP Uji".into(),
                    region_code: "18.71".into(),
                    address: String::new(),
                },
                region_name: "Kota Bandar Lampung".into(),
                tenants: 1,
            },
            tenants: vec![a, b],
        };
        let published = std::collections::HashMap::from([
            (1, vec!["2026-T1".to_string(), "2026-T2".to_string()]),
            // A tenant that left still published its past (its answers there stay the MPP's).
            (2, vec!["2026-T1".to_string(), "2025".to_string()]),
            // Not a tenant: its periods are not the MPP's.
            (3, vec!["2026-T3".to_string()]),
        ]);
        let keys: Vec<String> = published_periods(&detail, &published)
            .iter()
            .map(|p| p.key())
            .collect();
        assert_eq!(keys, ["2026-T2", "2026-T1", "2025"]);
        assert!(published_periods(&detail, &Default::default()).is_empty());
    }

    #[test]
    fn the_search_finds_a_booth_by_any_word_of_its_name_agency_or_services() {
        let imigrasi = tenant(
            "Kantor Imigrasi Kelas I Bandar Lampung — booth MPP",
            Some("Direktorat Jenderal Imigrasi"),
            &["Paspor baru", "Penggantian paspor"],
        );
        assert!(imigrasi.matches("imigrasi"));
        assert!(imigrasi.matches("PASPOR ganti"));
        assert!(imigrasi.matches("  "));
        assert!(!imigrasi.matches("paspor sim"));
        let mut left = imigrasi.clone();
        left.removed_at = Some("2026-05-01T00:00:00Z".into());
        assert!(imigrasi.serving() && !left.serving());
    }
}
