//! The region tree from the Kemendagri codes (Kepmendagri 300.2.2-2138/2025), shipped with the binary.

use app::model::RegionLevel;
use app::store::{NewRegion, Store, StoreError};

const LAMPUNG: &str = include_str!("../../data/regions-lampung.csv");

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
}
