//! The letterhead (kop surat) a report is printed under: the government's name lines, the office's
//! address and contact, its logo, and who signs (the head's name and NIP). Kept per unit and per
//! region; a unit without its own prints its kabupaten/kota's, then its province's
//! ([`LetterheadOwner::chain`]). The storage interface is [`crate::store::Letterheads`]; logos are
//! checked and re-encoded on the server (`server/src/logos.rs`).

use serde::{Deserialize, Serialize};

/// The largest logo accepted, as uploaded.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;
/// A raster logo is kept at most this wide or high (larger ones are scaled down).
pub const MAX_LOGO_SIDE: u32 = 600;
/// Name lines at most ("PEMERINTAH KOTA BANDAR LAMPUNG", "DINAS …").
pub const MAX_LINES: usize = 4;
const MAX_LINE: usize = 120;
const MAX_ADDRESS: usize = 240;
const MAX_NAME: usize = 120;

/// Whose letterhead: a unit's (`unit:{code}`) or a region's (`region:{code}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LetterheadOwner {
    Unit(String),
    Region(String),
}

impl LetterheadOwner {
    pub fn key(&self) -> String {
        match self {
            LetterheadOwner::Unit(code) => format!("unit:{code}"),
            LetterheadOwner::Region(code) => format!("region:{code}"),
        }
    }

    /// Where a report looks for its letterhead, nearest first: the unit (when it is one's), then
    /// each region from `regions` (the unit's own region, then the regions above it).
    pub fn chain(unit: Option<&str>, regions: &[String]) -> Vec<LetterheadOwner> {
        unit.map(|u| LetterheadOwner::Unit(u.to_string()))
            .into_iter()
            .chain(regions.iter().map(|r| LetterheadOwner::Region(r.clone())))
            .collect()
    }
}

/// The link of a stored logo (its token names one image for ever).
pub fn logo_path(token: &str) -> String {
    format!("/kop/{token}")
}

/// A letterhead as stored and as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Letterhead {
    pub fields: LetterheadFields,
    /// The logo's token (see [`logo_path`]).
    pub logo: Option<String>,
}

/// What staff type into a letterhead.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LetterheadFields {
    /// The government's and office's name lines, top first.
    pub lines: Vec<String>,
    pub address: String,
    /// Telephone, e-mail, website, as one line.
    pub contact: String,
    /// Who signs the report; empty leaves a line to write the name on.
    pub head_name: String,
    /// The head's NIP (18 digits, grouped as written on official letters), or empty.
    pub head_nip: String,
}

/// What is wrong with a typed letterhead, per field (the form shows it beside the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LetterheadProblem {
    NoLines,
    TooManyLines,
    LineTooLong,
    TooLong,
    Nip,
}

/// A civil servant's NIP as written on letters: 18 digits grouped 8 · 6 · 1 · 3
/// ("19780512 200501 1 003"); spaces and dots as people type them are allowed.
pub fn nip(typed: &str) -> Result<String, LetterheadProblem> {
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    if digits.len() != 18 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(LetterheadProblem::Nip);
    }
    Ok(format!(
        "{} {} {} {}",
        &digits[..8],
        &digits[8..14],
        &digits[14..15],
        &digits[15..]
    ))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl LetterheadFields {
    /// The fields as typed (name lines one per line), checked and tidied; the problems by field
    /// name (`lines`, `address`, `contact`, `head_name`, `head_nip`).
    pub fn parse(
        lines: &str,
        address: &str,
        contact: &str,
        head_name: &str,
        head_nip: &str,
    ) -> Result<LetterheadFields, Vec<(&'static str, LetterheadProblem)>> {
        let mut problems = Vec::new();
        let lines: Vec<String> = lines
            .lines()
            .map(one_line)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            problems.push(("lines", LetterheadProblem::NoLines));
        } else if lines.len() > MAX_LINES {
            problems.push(("lines", LetterheadProblem::TooManyLines));
        } else if lines.iter().any(|l| l.chars().count() > MAX_LINE) {
            problems.push(("lines", LetterheadProblem::LineTooLong));
        }
        let mut short = |name: &'static str, text: &str, max: usize| {
            let text = one_line(text);
            if text.chars().count() > max {
                problems.push((name, LetterheadProblem::TooLong));
            }
            text
        };
        let address = short("address", address, MAX_ADDRESS);
        let contact = short("contact", contact, MAX_ADDRESS);
        let head_name = short("head_name", head_name, MAX_NAME);
        let head_nip = if head_nip.trim().is_empty() {
            String::new()
        } else {
            match nip(head_nip) {
                Ok(n) => n,
                Err(p) => {
                    problems.push(("head_nip", p));
                    String::new()
                }
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(LetterheadFields {
            lines,
            address,
            contact,
            head_name,
            head_nip,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nip_is_eighteen_digits_grouped_as_on_letters() {
        assert_eq!(
            nip("197805122005011003").as_deref(),
            Ok("19780512 200501 1 003")
        );
        assert_eq!(
            nip("19780512 200501 1 003").as_deref(),
            Ok("19780512 200501 1 003")
        );
        assert_eq!(nip("1978051220050110"), Err(LetterheadProblem::Nip));
        assert_eq!(nip("19780512200501100A"), Err(LetterheadProblem::Nip));
    }

    #[test]
    fn typed_fields_are_tidied_and_checked_by_field() {
        let fields = LetterheadFields::parse(
            "  PEMERINTAH KOTA BANDAR LAMPUNG \n\n DINAS  KEPENDUDUKAN \n",
            "Jl. Dr. Susilo No. 2",
            "",
            "Drs. Ĳsbrand Ŏ",
            "",
        )
        .expect("valid");
        assert_eq!(
            fields.lines,
            vec!["PEMERINTAH KOTA BANDAR LAMPUNG", "DINAS KEPENDUDUKAN"]
        );
        assert_eq!(fields.head_name, "Drs. Ĳsbrand Ŏ");
        let problems =
            LetterheadFields::parse("", &"x".repeat(300), "", "", "123").expect_err("invalid");
        assert_eq!(
            problems,
            vec![
                ("lines", LetterheadProblem::NoLines),
                ("address", LetterheadProblem::TooLong),
                ("head_nip", LetterheadProblem::Nip)
            ]
        );
        let five = "a\nb\nc\nd\ne";
        assert_eq!(
            LetterheadFields::parse(five, "", "", "", "").expect_err("five"),
            vec![("lines", LetterheadProblem::TooManyLines)]
        );
    }

    #[test]
    fn a_units_letterhead_falls_back_to_its_regions_nearest_first() {
        let chain = LetterheadOwner::chain(Some("1871-x"), &["18.71".into(), "18".into()]);
        let keys: Vec<String> = chain.iter().map(LetterheadOwner::key).collect();
        assert_eq!(keys, vec!["unit:1871-x", "region:18.71", "region:18"]);
    }
}
