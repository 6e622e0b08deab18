//! Personal data in what citizens write (UU 27/2022, Pelindungan Data Pribadi): the numbers and
//! addresses a comment may carry — NIK (16 digits), phone numbers (`08…`, `+62…`, with spaces or
//! dashes), bank account numbers, e-mail addresses and vehicle plates (`BE 1234 AB`) — masked before
//! anything is shown in public. Pure, and written by scanning characters (no regular expressions:
//! this crate also runs in the browser).
//!
//! - **Long numbers.** A run of digits, possibly in groups joined by one space, dash or dot (after a
//!   group of three digits or more, so a date `12-11-2026` is not one run), with ten
//!   digits or more is masked: its first two and last two digits stay, the others become `*`, and
//!   the separators stay (`0812-3456-7821` → `08**-****-**21`). Money written after `Rp` (at most
//!   twelve digits, not starting with 0) is not a number of a person.
//! - **E-mail addresses** keep the first character of the name and the domain (`b***@gmail.com`).
//! - **Plates**: an area code of Indonesia's plates (`B`, `BE`, …), one to four digits and one to
//!   three letters, in capitals, with or without spaces: the area code stays (`BE **** **`).

use std::borrow::Cow;

/// The fewest digits a masked number has (phones have ten or more, a NIK sixteen).
pub const MASKED_DIGITS: usize = 10;

/// How long comments and profile answers are kept as given, by default (two years): after it,
/// comments are masked in the database and the profile emptied; the tallies stay.
pub const DEFAULT_RETENTION_DAYS: u32 = 730;

/// The first day whose answers are still kept whole on `today`, under a retention of `days`.
pub fn kept_from(today: chrono::NaiveDate, days: u32) -> chrono::NaiveDate {
    today - chrono::Days::new(u64::from(days))
}

/// The area codes of Indonesian vehicle plates.
const PLATE_AREAS: [&str; 56] = [
    "A", "B", "D", "E", "F", "G", "H", "K", "L", "M", "N", "P", "R", "S", "T", "W", "Z", "AA",
    "AB", "AD", "AE", "AG", "BA", "BB", "BD", "BE", "BG", "BH", "BK", "BL", "BM", "BN", "BP", "DA",
    "DB", "DC", "DD", "DE", "DG", "DH", "DK", "DL", "DM", "DN", "DR", "DT", "EA", "EB", "ED", "KB",
    "KH", "KT", "KU", "PA", "PB", "DW",
];

/// `text` with every personal number, e-mail address and plate masked; borrowed when it has none.
pub fn mask(text: &str) -> Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let mut changed = false;
    changed |= mask_numbers(&chars, &mut out);
    changed |= mask_emails(&chars, &mut out);
    changed |= mask_plates(&chars, &mut out);
    if changed {
        Cow::Owned(out.into_iter().collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `text` holds anything [`mask`] would change.
pub fn holds_personal_data(text: &str) -> bool {
    matches!(mask(text), Cow::Owned(_))
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.')
}

/// Whether the characters before `start` say money (`Rp`, `Rp.`, `Rp `).
fn after_rupiah(chars: &[char], start: usize) -> bool {
    let mut i = start;
    while i > 0 && matches!(chars[i - 1], ' ' | '.') {
        i -= 1;
    }
    i >= 2 && chars[i - 2].eq_ignore_ascii_case(&'r') && chars[i - 1].eq_ignore_ascii_case(&'p')
}

/// The digit groups starting at `start`: (end of the run, digits in it).
fn number_run(chars: &[char], start: usize) -> (usize, usize) {
    let group = |from: usize| {
        let mut end = from;
        while end < chars.len() && chars[end].is_ascii_digit() {
            end += 1;
        }
        end
    };
    let mut end = group(start);
    let mut digits = end - start;
    let mut last_group = digits;
    // The `+` of `+62 812…` lets its short first group join.
    let plus = start > 0 && chars[start - 1] == '+';
    let mut first = true;
    loop {
        if end + 1 >= chars.len() || !is_separator(chars[end]) || !chars[end + 1].is_ascii_digit() {
            break;
        }
        let next_end = group(end + 1);
        let next = next_end - end - 1;
        if (last_group < 3 && !(first && plus)) || next < 2 {
            break;
        }
        digits += next;
        last_group = next;
        end = next_end;
        first = false;
    }
    (end, digits)
}

fn mask_numbers(chars: &[char], out: &mut [char]) -> bool {
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
        if !starts {
            i += 1;
            continue;
        }
        let (end, digits) = number_run(chars, i);
        // Money after `Rp`: up to twelve digits (a trillion), never starting with 0 as phones do.
        let money = after_rupiah(chars, i) && digits <= 12 && chars[i] != '0';
        if digits >= MASKED_DIGITS && !money {
            let mut seen = 0;
            for j in i..end {
                if chars[j].is_ascii_digit() {
                    seen += 1;
                    if seen > 2 && seen <= digits - 2 {
                        out[j] = '*';
                    }
                }
            }
            changed = true;
        }
        i = end.max(i + 1);
    }
    changed
}

fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn mask_emails(chars: &[char], out: &mut [char]) -> bool {
    let mut changed = false;
    for (at, c) in chars.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        let mut start = at;
        while start > 0 && is_local(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && is_domain(chars[end]) {
            end += 1;
        }
        let domain: String = chars[at + 1..end].iter().collect();
        let domain = domain.trim_end_matches('.');
        let is_address = start < at
            && domain.contains('.')
            && !domain.starts_with('.')
            && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2);
        if is_address {
            for slot in out.iter_mut().take(at).skip(start + 1) {
                *slot = '*';
            }
            changed = true;
        }
    }
    changed
}

/// A plate starting at `start` (a word's first letter): the end of its area code and of the plate.
fn plate_at(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let upper = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_uppercase());
    let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut i = start;
    while upper(i) && i - start < 2 {
        i += 1;
    }
    let area: String = chars[start..i].iter().collect();
    if !PLATE_AREAS.contains(&area.as_str()) || upper(i) {
        return None;
    }
    let area_end = i;
    if chars.get(i) == Some(&' ') {
        i += 1;
    }
    let digits_from = i;
    while digit(i) && i - digits_from < 4 {
        i += 1;
    }
    if i == digits_from || digit(i) {
        return None;
    }
    if chars.get(i) == Some(&' ') {
        i += 1;
    }
    let letters_from = i;
    while upper(i) && i - letters_from < 3 {
        i += 1;
    }
    let ends_word = chars.get(i).is_none_or(|c| !c.is_alphanumeric());
    (i > letters_from && ends_word).then_some((area_end, i))
}

fn mask_plates(chars: &[char], out: &mut [char]) -> bool {
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        if word_start {
            if let Some((area_end, end)) = plate_at(chars, i) {
                for j in area_end..end {
                    if chars[j] != ' ' {
                        out[j] = '*';
                    }
                }
                changed = true;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phones_niks_accounts_addresses_and_plates_are_masked() {
        for (given, shown) in [
            ("hubungi 0812-3456-7821 ya", "hubungi 08**-****-**21 ya"),
            ("WA saya 081234567821", "WA saya 08********21"),
            ("no hp +62 812 3456 7821", "no hp +62 *** **** **21"),
            (
                "NIK 1871012345670001 ditolak",
                "NIK 18************01 ditolak",
            ),
            ("nik 1871 0123 4567 0001", "nik 18** **** **** **01"),
            ("rek BRI 1234-5678-90", "rek BRI 12**-****-90"),
            (
                "email budi.santoso@gmail.com",
                "email b***********@gmail.com",
            ),
            ("motor BE 1234 AB hilang", "motor BE **** ** hilang"),
            ("mobil B1234XYZ parkir", "mobil B******* parkir"),
        ] {
            assert_eq!(mask(given), shown, "{given}");
        }
    }

    #[test]
    fn ordinary_numbers_and_words_stay() {
        for text in [
            "antri 3 jam",
            "bayar Rp 50.000 tanpa kuitansi",
            "diminta Rp 1.500.000.000 katanya",
            "tanggal 12-11-2026 jam 10.30",
            "loket 2 buka 08.00-15.00",
            "mutu B, nilai 88,31",
            "nomor antrean A 123",
            "di lantai 2 gedung B",
            "Pelayanan cepat, terima kasih",
            "kirim ke @disdukcapil",
            "pukul 8 s.d. 12",
        ] {
            assert_eq!(mask(text), text, "{text}");
            assert!(!holds_personal_data(text));
        }
    }

    fn nik() -> impl Strategy<Value = String> {
        proptest::collection::vec(0u8..10, 16)
            .prop_map(|d| d.iter().map(|n| char::from(b'0' + n)).collect())
    }

    fn phone() -> impl Strategy<Value = String> {
        (
            prop_oneof![Just("08"), Just("+628"), Just("628")],
            proptest::collection::vec(0u8..10, 8..=10),
            prop_oneof![Just(""), Just(" "), Just("-")],
        )
            .prop_map(|(start, rest, sep)| {
                let digits: String = rest.iter().map(|n| char::from(b'0' + n)).collect();
                // In groups of four after the first, as people write them.
                let mut out = format!("{start}{}", &digits[..2]);
                for chunk in digits.as_bytes()[2..].chunks(4) {
                    out.push_str(sep);
                    out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
                }
                out
            })
    }

    fn plate() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(PLATE_AREAS.to_vec()),
            1u32..10_000,
            "[A-Z]{1,3}",
            prop_oneof![Just(" "), Just("")],
        )
            .prop_map(|(area, n, letters, sep)| format!("{area}{sep}{n}{sep}{letters}"))
    }

    fn words() -> impl Strategy<Value = String> {
        proptest::collection::vec("[a-z]{1,8}", 0..6).prop_map(|w| w.join(" "))
    }

    fn longest_digit_run(text: &str) -> usize {
        text.split(|c: char| !c.is_ascii_digit())
            .map(str::len)
            .max()
            .unwrap_or(0)
    }

    proptest! {
        #[test]
        fn a_nik_in_any_text_is_masked(before in words(), nik in nik(), after in words()) {
            let text = format!("{before} {nik} {after}");
            let masked = mask(&text);
            prop_assert!(!masked.contains(&nik));
            prop_assert!(longest_digit_run(&masked) < 16);
            let shown = format!("{}{}{}", &nik[..2], "*".repeat(12), &nik[14..]);
            prop_assert!(masked.contains(&shown), "{} → {}", text, masked);
        }

        #[test]
        fn a_phone_in_any_text_keeps_two_digits_at_each_end(
            // Right after "Rp" a number not starting with 0 is a sum of money, by design.
            before in words().prop_filter("a number after Rp is money", |w| !w.ends_with("rp")),
            phone in phone(),
            after in words(),
        ) {
            let text = format!("{before} {phone}, {after}");
            let masked = mask(&text);
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let hidden = masked.chars().filter(|c| *c == '*').count();
            prop_assert_eq!(hidden, digits - 4, "{} → {}", text, masked);
        }

        #[test]
        fn a_plate_in_any_text_keeps_only_its_area(before in words(), plate in plate(), after in words()) {
            let text = format!("{before} {plate} {after}");
            let masked = mask(&text);
            prop_assert!(!masked.contains(&plate), "{} → {}", text, masked);
        }

        #[test]
        fn short_numbers_in_words_never_change(before in words(), n in 0u32..1_000_000_000, after in words()) {
            let text = format!("{before} antri {n} menit, Rp {n} {after}");
            prop_assert_eq!(mask(&text), text.as_str());
        }
    }
}
