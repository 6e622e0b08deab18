//! The region tree from the Kemendagri codes (Kepmendagri 300.2.2-2138/2025), shipped with the binary.

use app::model::RegionLevel;
use app::store::{NewRegion, Store, StoreError};

const LAMPUNG: &str = include_str!("../../data/regions-lampung.csv");
/// Every province and kabupaten/kota (ODbL, see `data/README.md`): the demo's other provinces.
const INDONESIA: &str = include_str!("../../data/regions-indonesia.csv");

/// Parses the shipped region list (`code,name,level,parent_code`).
pub fn lampung() -> Vec<NewRegion> {
    parse(LAMPUNG).unwrap_or_default()
}

fn parse(text: &str) -> Result<Vec<NewRegion>, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut regions = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        let field = |n: usize| record.get(n).map(str::trim).unwrap_or_default();
        let level = RegionLevel::parse(field(2))
            .ok_or_else(|| format!("row {}: unknown level {}", i + 2, field(2)))?;
        regions.push(NewRegion {
            code: field(0).to_string(),
            name: field(1).to_string(),
            level,
            parent_code: Some(field(3).to_string()).filter(|p| !p.is_empty()),
        });
    }
    Ok(regions)
}

/// Creates every region that is not there yet (parents first); names already stored are kept.
pub async fn ensure(store: &dyn Store) -> Result<usize, StoreError> {
    let regions = lampung();
    for region in &regions {
        store.ensure_region(region).await?;
    }
    Ok(regions.len())
}

/// Creates every region of Indonesia that is not there yet (provinces first); names already stored
/// are kept. The demo's; a deployment loads the tree with `ikm regions import`.
pub async fn ensure_indonesia(store: &dyn Store) -> Result<usize, StoreError> {
    let mut regions = parse(INDONESIA).unwrap_or_default();
    regions.sort_by_key(|r| r.parent_code.is_some());
    for region in &regions {
        store.ensure_region(region).await?;
    }
    Ok(regions.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_is_lampung_and_its_fifteen_regions() {
        let regions = parse(LAMPUNG).expect("shipped file parses");
        assert_eq!(regions.len(), 16);
        assert_eq!(regions[0].code, "18");
        assert_eq!(regions[0].level, RegionLevel::Province);
        assert!(regions[1..]
            .iter()
            .all(|r| r.parent_code.as_deref() == Some("18")));
        assert!(regions
            .iter()
            .any(|r| r.code == "18.71" && r.name == "Kota Bandar Lampung"));
    }

    #[test]
    fn the_national_file_is_38_provinces_and_514_kabupaten_kota() {
        let regions = parse(INDONESIA).expect("shipped file parses");
        let provinces = regions.iter().filter(|r| r.parent_code.is_none()).count();
        assert_eq!((provinces, regions.len() - provinces), (38, 514));
        // Lampung's as shipped, the province named without "Provinsi" (as every province there).
        let lampung = parse(LAMPUNG).expect("shipped file parses");
        for region in &lampung {
            let national = regions
                .iter()
                .find(|r| r.code == region.code)
                .unwrap_or_else(|| panic!("{} is in the national file", region.code));
            assert_eq!(
                (&national.level, &national.parent_code),
                (&region.level, &region.parent_code)
            );
            let name = region.name.trim_start_matches("Provinsi ");
            assert_eq!(national.name, name, "{}", region.code);
        }
    }
}
