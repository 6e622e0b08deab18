//! Exact rounding for display and grading: a value kept as a whole number of hundredths.
//!
//! The arithmetic stays exact (rational numbers) until a figure is shown or graded; then it is
//! rounded half away from zero to two decimals, as spreadsheets do, and kept as [`Hundredths`].

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};
use serde::{Deserialize, Serialize};

/// A decimal with exactly two places, e.g. `7861` is 78,61.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Hundredths(pub i64);

impl Hundredths {
    /// Rounds an exact value half away from zero to two decimals.
    pub fn round(value: &BigRational) -> Hundredths {
        Hundredths(round_scaled(value, 100))
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `78,61` — Indonesian notation with a decimal comma and `.` between thousands.
    pub fn to_id_string(self) -> String {
        self.format(',', Some('.'))
    }

    /// `78.61` — the notation of the API and of files.
    pub fn to_dot_string(self) -> String {
        self.format('.', None)
    }

    fn format(self, decimal: char, thousands: Option<char>) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = group_thousands(abs / 100, thousands);
        format!("{sign}{whole}{decimal}{:02}", abs % 100)
    }
}

/// Rounds `value × scale` half away from zero to a whole number.
pub fn round_scaled(value: &BigRational, scale: i64) -> i64 {
    let scaled = value * BigRational::from_integer(BigInt::from(scale));
    let (numer, denom) = (scaled.numer().abs(), scaled.denom().clone());
    // floor((2·|n| + d) / (2·d)) is |n/d| rounded half up; the sign is put back after.
    let two = BigInt::from(2);
    let magnitude = (numer * &two + &denom).div_floor(&(denom * &two));
    let magnitude = magnitude.to_i64().unwrap_or(i64::MAX);
    if scaled.is_negative() {
        -magnitude
    } else {
        magnitude
    }
}

/// A whole number of 10^-places written with a decimal comma, as the UI shows it:
/// `(344, 3)` → `"0,344"`, `(-5, 2)` → `"-0,05"`.
pub fn scaled_to_id_string(value: i64, places: u32) -> String {
    if places == 0 {
        return value.to_string();
    }
    let scale = 10u64.pow(places);
    let magnitude = value.unsigned_abs();
    let sign = if value < 0 { "-" } else { "" };
    format!(
        "{sign}{},{:0width$}",
        magnitude / scale,
        magnitude % scale,
        width = places as usize
    )
}

/// Groups a whole number's digits by thousands with `sep` (`1.234.567`), or not at all.
pub fn group_thousands(n: u64, sep: Option<char>) -> String {
    let digits = n.to_string();
    let Some(sep) = sep else { return digits };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

impl std::fmt::Display for Hundredths {
    /// Displays with a decimal point; the UI uses [`Hundredths::to_id_string`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_dot_string())
    }
}

/// The difference of two values, in hundredths.
impl std::ops::Sub for Hundredths {
    type Output = i64;
    fn sub(self, other: Hundredths) -> i64 {
        self.0 - other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Hundredths::round(&ratio(76605, 1000)), Hundredths(7661));
        assert_eq!(Hundredths::round(&ratio(766049, 10000)), Hundredths(7660));
        assert_eq!(Hundredths::round(&ratio(-76605, 1000)), Hundredths(-7661));
        assert_eq!(Hundredths::round(&ratio(566 * 25, 180)), Hundredths(7861));
    }

    #[test]
    fn writes_scaled_values_with_a_decimal_comma() {
        assert_eq!(scaled_to_id_string(344, 3), "0,344");
        assert_eq!(scaled_to_id_string(31444, 4), "3,1444");
        assert_eq!(scaled_to_id_string(-5, 2), "-0,05");
        assert_eq!(scaled_to_id_string(7, 0), "7");
    }

    #[test]
    fn formats_in_indonesian_and_api_notation() {
        assert_eq!(Hundredths(8831).to_id_string(), "88,31");
        assert_eq!(Hundredths(10000).to_id_string(), "100,00");
        assert_eq!(Hundredths(123456789).to_id_string(), "1.234.567,89");
        assert_eq!(Hundredths(5).to_dot_string(), "0.05");
        assert_eq!(Hundredths(-250).to_id_string(), "-2,50");
        assert_eq!(group_thousands(1234, Some('.')), "1.234");
        assert_eq!(group_thousands(999, Some('.')), "999");
    }
}
