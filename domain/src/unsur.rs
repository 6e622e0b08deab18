//! The nine elements (unsur) of the SKM, in the regulation's order, with their wording.
//!
//! Answers are always stored under an element's [`Unsur::key`], never by their position on a form:
//! the printed questionnaire swaps the last two (question 8 asks about facilities, question 9 about
//! complaint handling) while the regulation numbers them U8 = pengaduan, U9 = sarana.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// One of the nine SKM elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unsur {
    Persyaratan,
    Prosedur,
    Waktu,
    Biaya,
    Produk,
    Kompetensi,
    Perilaku,
    Pengaduan,
    Sarana,
}

impl Unsur {
    /// All nine in the regulation's order (U1 … U9).
    pub const ALL: [Unsur; 9] = [
        Unsur::Persyaratan,
        Unsur::Prosedur,
        Unsur::Waktu,
        Unsur::Biaya,
        Unsur::Produk,
        Unsur::Kompetensi,
        Unsur::Perilaku,
        Unsur::Pengaduan,
        Unsur::Sarana,
    ];

    /// The order in which the standard questionnaire prints the questions (sarana before pengaduan).
    pub const PRINTED: [Unsur; 9] = [
        Unsur::Persyaratan,
        Unsur::Prosedur,
        Unsur::Waktu,
        Unsur::Biaya,
        Unsur::Produk,
        Unsur::Kompetensi,
        Unsur::Perilaku,
        Unsur::Sarana,
        Unsur::Pengaduan,
    ];

    /// Position in the regulation's order, 0-based (U1 is 0). Used to index per-unsur arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The regulation's number, 1-based: `U8` is pengaduan, `U9` is sarana.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The stable key stored with every answer and used in files and the API.
    pub fn key(self) -> &'static str {
        match self {
            Unsur::Persyaratan => "persyaratan",
            Unsur::Prosedur => "prosedur",
            Unsur::Waktu => "waktu",
            Unsur::Biaya => "biaya",
            Unsur::Produk => "produk",
            Unsur::Kompetensi => "kompetensi",
            Unsur::Perilaku => "perilaku",
            Unsur::Pengaduan => "pengaduan",
            Unsur::Sarana => "sarana",
        }
    }

    /// Looks an element up by its key (`"waktu"`) or regulation label (`"U3"`), case-insensitively.
    pub fn parse(name: &str) -> Option<Unsur> {
        let name = name.trim().to_ascii_lowercase();
        if let Some(number) = name.strip_prefix('u') {
            if let Ok(n) = number.parse::<usize>() {
                return (1..=9).contains(&n).then(|| Unsur::ALL[n - 1]);
            }
        }
        Unsur::ALL.into_iter().find(|u| u.key() == name)
    }

    /// A short name for tight places (a comment's scores, a chart's axis): `Waktu`, `Biaya`, …
    pub fn short_name(self, lang: Lang) -> &'static str {
        let (id, en) = match self {
            Unsur::Persyaratan => ("Persyaratan", "Requirements"),
            Unsur::Prosedur => ("Prosedur", "Procedure"),
            Unsur::Waktu => ("Waktu", "Time"),
            Unsur::Biaya => ("Biaya", "Cost"),
            Unsur::Produk => ("Produk", "Product"),
            Unsur::Kompetensi => ("Kompetensi", "Competence"),
            Unsur::Perilaku => ("Perilaku", "Conduct"),
            Unsur::Pengaduan => ("Pengaduan", "Complaints"),
            Unsur::Sarana => ("Sarana", "Facilities"),
        };
        pick(lang, id, en)
    }

    /// The element's name as the regulation writes it (Indonesian) or in English.
    pub fn name(self, lang: Lang) -> &'static str {
        let (id, en) = match self {
            Unsur::Persyaratan => ("Persyaratan", "Requirements"),
            Unsur::Prosedur => (
                "Sistem, Mekanisme, dan Prosedur",
                "System, mechanism and procedure",
            ),
            Unsur::Waktu => ("Waktu Penyelesaian", "Completion time"),
            Unsur::Biaya => ("Biaya/Tarif", "Cost / fee"),
            Unsur::Produk => (
                "Produk Spesifikasi Jenis Pelayanan",
                "Service product as specified",
            ),
            Unsur::Kompetensi => ("Kompetensi Pelaksana", "Staff competence"),
            Unsur::Perilaku => ("Perilaku Pelaksana", "Staff conduct"),
            Unsur::Pengaduan => (
                "Penanganan Pengaduan, Saran dan Masukan",
                "Handling of complaints and suggestions",
            ),
            Unsur::Sarana => ("Sarana dan prasarana", "Facilities and infrastructure"),
        };
        pick(lang, id, en)
    }

    /// The question as printed in the regulation's annex (Indonesian), or our English version.
    pub fn question(self, lang: Lang) -> &'static str {
        let (id, en) = match self {
            Unsur::Persyaratan => (
                "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
                "How well did the requirements you had to meet fit the service you came for?",
            ),
            Unsur::Prosedur => (
                "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
                "How easy was it to follow the procedure at this unit?",
            ),
            Unsur::Waktu => (
                "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
                "How quickly were you served?",
            ),
            Unsur::Biaya => (
                "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
                "How fair was the cost or fee of the service?",
            ),
            Unsur::Produk => (
                "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
                "How well did what you received match what the service standard promises?",
            ),
            Unsur::Kompetensi => (
                "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
                "How capable were the staff who served you?",
            ),
            Unsur::Perilaku => (
                "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
                "How polite and friendly were the staff?",
            ),
            Unsur::Sarana => (
                "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
                "How good were the facilities (waiting area, equipment, access)?",
            ),
            Unsur::Pengaduan => (
                "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
                "How does this unit handle complaints from the people it serves?",
            ),
        };
        pick(lang, id, en)
    }

    /// The four answer labels, scoring 1 to 4 in this order.
    pub fn answer_labels(self, lang: Lang) -> [&'static str; 4] {
        let (id, en) = match self {
            Unsur::Persyaratan | Unsur::Produk => (
                ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
                [
                    "Did not match",
                    "Partly matched",
                    "Matched",
                    "Fully matched",
                ],
            ),
            Unsur::Prosedur => (
                ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
                ["Not easy", "Not very easy", "Easy", "Very easy"],
            ),
            Unsur::Waktu => (
                ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
                ["Not fast", "Not very fast", "Fast", "Very fast"],
            ),
            Unsur::Biaya => (
                ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
                ["Very expensive", "Rather expensive", "Cheap", "Free"],
            ),
            Unsur::Kompetensi => (
                [
                    "Tidak kompeten",
                    "Kurang kompeten",
                    "Kompeten",
                    "Sangat kompeten",
                ],
                ["Not capable", "Not very capable", "Capable", "Very capable"],
            ),
            Unsur::Perilaku => (
                [
                    "Tidak sopan dan ramah",
                    "Kurang sopan dan ramah",
                    "Sopan dan ramah",
                    "Sangat sopan dan ramah",
                ],
                [
                    "Neither polite nor friendly",
                    "Not very polite or friendly",
                    "Polite and friendly",
                    "Very polite and friendly",
                ],
            ),
            Unsur::Sarana => (
                ["Buruk", "Cukup", "Baik", "Sangat Baik"],
                ["Poor", "Fair", "Good", "Very good"],
            ),
            Unsur::Pengaduan => (
                [
                    "Tidak ada",
                    "Ada tetapi tidak berfungsi",
                    "Berfungsi kurang maksimal",
                    "Dikelola dengan baik",
                ],
                [
                    "There is no way to complain",
                    "It exists but does not work",
                    "It works, but not fully",
                    "Complaints are handled well",
                ],
            ),
        };
        match lang {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

fn pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

impl std::fmt::Display for Unsur {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regulation_numbers_put_pengaduan_at_u8_and_sarana_at_u9() {
        assert_eq!(Unsur::Pengaduan.number(), 8);
        assert_eq!(Unsur::Sarana.number(), 9);
        assert_eq!(Unsur::parse("U8"), Some(Unsur::Pengaduan));
        assert_eq!(Unsur::parse("u9"), Some(Unsur::Sarana));
        assert_eq!(Unsur::parse("u10"), None);
        assert_eq!(Unsur::parse("u0"), None);
    }

    #[test]
    fn printed_order_swaps_the_last_two() {
        assert_eq!(&Unsur::PRINTED[..7], &Unsur::ALL[..7]);
        assert_eq!(Unsur::PRINTED[7], Unsur::Sarana);
        assert_eq!(Unsur::PRINTED[8], Unsur::Pengaduan);
    }

    #[test]
    fn keys_parse_back_and_index_matches_order() {
        for (i, u) in Unsur::ALL.into_iter().enumerate() {
            assert_eq!(u.index(), i);
            assert_eq!(Unsur::parse(u.key()), Some(u));
            assert_eq!(Unsur::parse(&u.key().to_uppercase()), Some(u));
        }
    }

    #[test]
    fn every_element_has_complete_wording_in_both_languages() {
        for u in Unsur::ALL {
            for lang in [Lang::Id, Lang::En] {
                assert!(!u.name(lang).is_empty());
                assert!(u.question(lang).ends_with('?'));
                assert!(u.answer_labels(lang).iter().all(|l| !l.is_empty()));
            }
        }
        assert_eq!(Unsur::Biaya.answer_labels(Lang::Id)[3], "Gratis");
        assert_eq!(
            Unsur::Pengaduan.answer_labels(Lang::Id)[0],
            "Tidak ada",
            "first option scores 1"
        );
    }
}
