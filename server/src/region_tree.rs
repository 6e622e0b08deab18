//! A region tree as a file gives it (`code,name,level,parent_code`: Kemendagri codes, one row per
//! province or kabupaten/kota, like `data/regions-indonesia.csv`) and what loading it into a
//! database changes ([`plan`]): codes are the keys, so a region whose name changed is renamed and
//! keeps its units and history, a new code is added, and a code the database has but the file
//! lacks is reported — never deleted, with its units. Pure: the command (`ikm regions import`)
//! reads the file and the database and applies the plan.

use app::access::province_of;
use app::model::{Region, RegionLevel};
use app::store::NewRegion;
use std::collections::{BTreeMap, HashMap};

/// What is wrong with one line of a region file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeProblem {
    #[error("line 1: the header must be code,name,level,parent_code")]
    Header,
    #[error("line {line}: {reason}")]
    Unreadable { line: u64, reason: String },
    #[error("line {line}: the level \"{level}\" is not province, regency or city")]
    Level { line: u64, level: String },
    #[error("line {line}: \"{code}\" is not a Kemendagri code of its level (a province \"18\", a kabupaten/kota \"18.71\")")]
    Code { line: u64, code: String },
    #[error("line {line}: the name is empty or longer than 100 characters")]
    Name { line: u64 },
    #[error("line {line}: {code} is already on line {first}")]
    Duplicate { line: u64, code: String, first: u64 },
    #[error("line {line}: the parent of {code} must be its province {expected}, not \"{parent}\"")]
    Parent {
        line: u64,
        code: String,
        parent: String,
        expected: String,
    },
    #[error(
        "line {line}: the province {parent} of {code} is neither in the file nor in the database"
    )]
    UnknownParent {
        line: u64,
        code: String,
        parent: String,
    },
}

/// A region of the file, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeLine {
    pub line: u64,
    pub region: NewRegion,
}

fn digits(part: &str) -> bool {
    part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `code` has the shape of its level: "18" for a province, "18.71" below it.
fn code_fits(code: &str, level: RegionLevel) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    match level {
        RegionLevel::Province => parts.len() == 1 && digits(parts[0]),
        RegionLevel::Regency | RegionLevel::City => {
            parts.len() == 2 && digits(parts[0]) && digits(parts[1])
        }
    }
}

/// Reads a region file; every problem, each naming its line, or the regions in file order.
pub fn parse(text: &str) -> Result<Vec<TreeLine>, Vec<TreeProblem>> {
    // Lines as people count them, whatever ends them (the CSV reader counts "\r\n" apart).
    let text = text.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(_) => return Err(vec![TreeProblem::Header]),
    };
    if header != ["code", "name", "level", "parent_code"] {
        return Err(vec![TreeProblem::Header]);
    }
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(TreeProblem::Unreadable {
                    line,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != 4 {
            problems.push(TreeProblem::Unreadable {
                line,
                reason: format!("{} columns, 4 expected", record.len()),
            });
            continue;
        }
        let field = |n: usize| record.get(n).map(str::trim).unwrap_or_default();
        let (code, name, level, parent) = (field(0), field(1), field(2), field(3));
        let Some(level) = RegionLevel::parse(level) else {
            problems.push(TreeProblem::Level {
                line,
                level: level.to_string(),
            });
            continue;
        };
        if !code_fits(code, level) {
            problems.push(TreeProblem::Code {
                line,
                code: code.to_string(),
            });
            continue;
        }
        if name.is_empty() || name.chars().count() > 100 {
            problems.push(TreeProblem::Name { line });
            continue;
        }
        let expected = match level {
            RegionLevel::Province => String::new(),
            _ => province_of(code).to_string(),
        };
        if parent != expected {
            problems.push(TreeProblem::Parent {
                line,
                code: code.to_string(),
                parent: parent.to_string(),
                expected: if expected.is_empty() {
                    "(none: a province has no parent)".into()
                } else {
                    expected
                },
            });
            continue;
        }
        if let Some(first) = seen.get(code) {
            problems.push(TreeProblem::Duplicate {
                line,
                code: code.to_string(),
                first: *first,
            });
            continue;
        }
        seen.insert(code.to_string(), line);
        lines.push(TreeLine {
            line,
            region: NewRegion {
                code: code.to_string(),
                name: name.to_string(),
                level,
                parent_code: Some(parent.to_string()).filter(|p| !p.is_empty()),
            },
        });
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// What loading a file into a database changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// New codes, provinces first (a kabupaten/kota after its province).
    pub added: Vec<NewRegion>,
    /// (code, stored name, the file's name).
    pub renamed: Vec<(String, String, String)>,
    pub unchanged: usize,
    /// In the database, not in the file: kept, with their units.
    pub missing: Vec<Region>,
}

/// The plan of loading `file` into a database holding `current`; a kabupaten/kota whose province
/// is in neither is a problem of its line.
pub fn plan(current: &[Region], file: &[TreeLine]) -> Result<Plan, Vec<TreeProblem>> {
    let stored: BTreeMap<&str, &Region> = current.iter().map(|r| (r.code.as_str(), r)).collect();
    let in_file: HashMap<&str, &TreeLine> =
        file.iter().map(|l| (l.region.code.as_str(), l)).collect();
    let mut plan = Plan::default();
    let mut problems = Vec::new();
    for line in file {
        let region = &line.region;
        if let Some(parent) = &region.parent_code {
            if !stored.contains_key(parent.as_str()) && !in_file.contains_key(parent.as_str()) {
                problems.push(TreeProblem::UnknownParent {
                    line: line.line,
                    code: region.code.clone(),
                    parent: parent.clone(),
                });
                continue;
            }
        }
        match stored.get(region.code.as_str()) {
            None => plan.added.push(region.clone()),
            Some(old) if old.name != region.name => {
                plan.renamed
                    .push((region.code.clone(), old.name.clone(), region.name.clone()))
            }
            Some(_) => plan.unchanged += 1,
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    plan.added
        .sort_by_key(|r| (r.level != RegionLevel::Province, r.code.clone()));
    plan.missing = current
        .iter()
        .filter(|r| !in_file.contains_key(r.code.as_str()))
        .cloned()
        .collect();
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code,name,level,parent_code\n";

    fn stored(code: &str, name: &str, level: RegionLevel) -> Region {
        Region {
            code: code.into(),
            name: name.into(),
            level,
            parent_code: (level != RegionLevel::Province).then(|| province_of(code).to_string()),
        }
    }

    #[test]
    fn the_shipped_national_file_reads_whole() {
        let lines = parse(include_str!("../data/regions-indonesia.csv")).expect("valid");
        assert_eq!(lines.len(), 552);
        let provinces = lines
            .iter()
            .filter(|l| l.region.level == RegionLevel::Province)
            .count();
        assert_eq!(provinces, 38);
        assert_eq!(lines[0].line, 2, "the first region is on line 2");
    }

    #[test]
    fn every_bad_line_is_named() {
        let text = format!(
            "{HEADER}18,Lampung,province,\n18.71,Kota Bandar Lampung,town,18\n\
             1871,Kota X,city,18\n18.72,,city,18\n18.73,Kota Y,city,19\n\
             18,Lampung Lagi,province,\n18.74,\"Kota Z\",city\n"
        );
        let problems = parse(&text).expect_err("invalid");
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 6, "{lines:#?}");
        for (problem, starts) in lines.iter().zip([
            "line 3: the level \"town\"",
            "line 4: \"1871\" is not a Kemendagri code",
            "line 5: the name is empty",
            "line 6: the parent of 18.73 must be its province 18",
            "line 7: 18 is already on line 2",
            "line 8: 3 columns",
        ]) {
            assert!(problem.starts_with(starts), "{problem} / {starts}");
        }
        assert_eq!(
            parse("kode,nama\n18,Lampung\n"),
            Err(vec![TreeProblem::Header])
        );
    }

    #[test]
    fn a_plan_adds_new_codes_renames_by_code_and_never_drops_a_missing_one() {
        let current = vec![
            stored("18", "Provinsi Lampung", RegionLevel::Province),
            stored("18.71", "Kota Bandar Lampung", RegionLevel::City),
            stored("18.99", "Kabupaten Lama", RegionLevel::Regency),
        ];
        let file = parse(&format!(
            "{HEADER}18.71,Kota Bandar Lampung,city,18\n18,Lampung,province,\n\
             11.01,Kabupaten Aceh Selatan,regency,11\n11,Aceh,province,\n"
        ))
        .expect("valid");
        let plan = plan(&current, &file).expect("a plan");
        let added: Vec<&str> = plan.added.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            added,
            vec!["11", "11.01"],
            "a province before its kabupaten"
        );
        assert_eq!(
            plan.renamed,
            vec![("18".into(), "Provinsi Lampung".into(), "Lampung".into())]
        );
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.missing, vec![current[2].clone()]);

        let orphan = parse(&format!("{HEADER}19.01,Kabupaten Bangka,regency,19\n")).expect("valid");
        assert_eq!(
            super::plan(&current, &orphan),
            Err(vec![TreeProblem::UnknownParent {
                line: 2,
                code: "19.01".into(),
                parent: "19".into()
            }])
        );
    }
}
