//! The optional respondent profile of the SKM questionnaire. Nothing here identifies a person.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// The longest comment (saran / masukan) kept, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;
/// The longest short text field (service, education, occupation, unit code) kept, in characters.
pub const MAX_SHORT_TEXT_CHARS: usize = 200;
/// A comment as it is kept: line breaks as `\n`, tabs kept, every other control character (NUL,
/// ESC, the C1 controls, …) dropped, and no blank around it. A terminal, a log or a spreadsheet
/// reading the comment later never meets a control sequence a citizen typed.
pub fn clean_comment(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = text
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect();
    kept.trim().to_string()
}

/// Ages outside this range are refused as typing errors.
pub const AGE_RANGE: std::ops::RangeInclusive<u8> = 10..=120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    LakiLaki,
    Perempuan,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::LakiLaki, Gender::Perempuan];

    /// The stable key stored and exported (`laki_laki`, `perempuan`).
    pub fn key(self) -> &'static str {
        match self {
            Gender::LakiLaki => "laki_laki",
            Gender::Perempuan => "perempuan",
        }
    }

    /// Accepts the key and what spreadsheets hold: `L`, `Laki-laki`, `P`, `Perempuan`, `male`, `female`.
    pub fn parse(text: &str) -> Option<Gender> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match t.as_str() {
            "l" | "lakilaki" | "laki" | "pria" | "m" | "male" | "man" => Some(Gender::LakiLaki),
            "p" | "perempuan" | "wanita" | "f" | "female" | "woman" => Some(Gender::Perempuan),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Gender::LakiLaki, Lang::Id) => "Laki-laki",
            (Gender::Perempuan, Lang::Id) => "Perempuan",
            (Gender::LakiLaki, Lang::En) => "Male",
            (Gender::Perempuan, Lang::En) => "Female",
        }
    }
}

/// The default education options (copies of the annex vary; units may configure their own list).
pub const EDUCATION: [&str; 7] = ["SD", "SMP", "SMA", "D1–D3", "D4–S1", "S2", "S3"];

/// The default occupation options.
pub const OCCUPATION: [&str; 7] = [
    "PNS",
    "TNI",
    "POLRI",
    "Swasta",
    "Wirausaha",
    "Pelajar/Mahasiswa",
    "Lainnya",
];

/// What an education or occupation option (as stored) is called in `lang`: the stored words in
/// Bahasa Indonesia, a translation with them in English.
pub fn option_label(value: &str, lang: Lang) -> &str {
    if lang == Lang::Id {
        return value;
    }
    match value {
        "SD" => "Primary school (SD)",
        "SMP" => "Junior high school (SMP)",
        "SMA" => "Senior high school (SMA)",
        "D1–D3" => "Diploma (D1–D3)",
        "D4–S1" => "Bachelor (D4–S1)",
        "S2" => "Master (S2)",
        "S3" => "Doctorate (S3)",
        "PNS" => "Civil servant (PNS)",
        "TNI" => "Armed forces (TNI)",
        "POLRI" => "Police (POLRI)",
        "Swasta" => "Private employee",
        "Wirausaha" => "Self-employed",
        "Pelajar/Mahasiswa" => "Student",
        "Lainnya" => "Other",
        other => other,
    }
}

/// The age groups reports use: `<20`, `20–29`, …, `≥60`.
pub fn age_group(age: u8) -> &'static str {
    match age {
        0..=19 => "<20",
        20..=29 => "20–29",
        30..=39 => "30–39",
        40..=49 => "40–49",
        50..=59 => "50–59",
        _ => "≥60",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gender_accepts_spreadsheet_spellings() {
        assert_eq!(Gender::parse("L"), Some(Gender::LakiLaki));
        assert_eq!(Gender::parse("Laki-laki"), Some(Gender::LakiLaki));
        assert_eq!(Gender::parse(" perempuan "), Some(Gender::Perempuan));
        assert_eq!(Gender::parse("laki_laki"), Some(Gender::LakiLaki));
        assert_eq!(Gender::parse("x"), None);
    }

    #[test]
    fn age_groups_have_closed_edges() {
        assert_eq!(age_group(19), "<20");
        assert_eq!(age_group(20), "20–29");
        assert_eq!(age_group(59), "50–59");
        assert_eq!(age_group(60), "≥60");
    }
}

#[cfg(test)]
mod comment_tests {
    use super::{clean_comment, option_label, EDUCATION, OCCUPATION};
    use crate::lang::Lang;

    #[test]
    fn every_option_has_english_words_and_keeps_its_own_in_indonesian() {
        for option in EDUCATION.iter().chain(OCCUPATION.iter()) {
            assert_eq!(option_label(option, Lang::Id), *option);
            assert_ne!(option_label(option, Lang::En), *option, "{option}");
        }
    }

    #[test]
    fn comments_keep_lines_and_tabs_and_lose_every_other_control() {
        assert_eq!(
            clean_comment("  Antre\u{0}an \u{1b}[31mlama\r\nsekali\tya \u{85}\u{7f} "),
            "Antrean [31mlama\nsekali\tya"
        );
        assert_eq!(clean_comment("a\rb"), "a\nb");
        assert_eq!(clean_comment("\u{0}\u{1}"), "");
        assert_eq!(clean_comment("Pelayanan ramah 👍"), "Pelayanan ramah 👍");
    }
}
