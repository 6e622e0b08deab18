//! A 95% confidence interval for the converted IKM.
//!
//! Method: the IKM is treated as the mean, over respondents, of each respondent's average score (it
//! equals that mean exactly when every respondent answers every unsur, and is very close otherwise).
//! The interval is `IKM ± t(0,975; n−1) · s/√n · √((N−n)/(N−1)) · 25`, where `s` is the standard
//! deviation of the respondents' averages, `t` Student's quantile (exact table to 30 degrees of
//! freedom, Cornish–Fisher expansion beyond), and the last root the finite-population correction,
//! used when the population `N` served in the period is known. The result is clipped to [25, 100].
//!
//! The moments come from the tally ([`Tally::mean_sum`], [`Tally::mean_square_sum`]), so intervals
//! of merged tallies are as cheap as their IKM. With fewer than two respondents there is no
//! interval. When every respondent gave the same answers the sample variance is zero and the
//! interval shrinks to the point: a known limit of the normal method, noted in docs/IKM.md.

use crate::decimal::Hundredths;
use crate::ikm::exact_converted;
use crate::tally::{Tally, MEAN_SCALE};
use num_traits::ToPrimitive;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfidenceInterval {
    /// Lower end of the converted IKM (25–100), rounded to two decimals.
    pub low: Hundredths,
    /// Upper end of the converted IKM (25–100), rounded to two decimals.
    pub high: Hundredths,
}

/// Student's t quantile 0,975 for 1…30 degrees of freedom.
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// Student's t quantile 0,975 for `df` degrees of freedom.
pub fn t_975(df: u64) -> f64 {
    match df {
        0 => f64::INFINITY,
        1..=30 => T_975[(df - 1) as usize],
        _ => {
            // Cornish–Fisher expansion around the normal quantile; error < 1e-4 beyond 30 df.
            let z: f64 = 1.959_963_984_540_054;
            let v = df as f64;
            z + (z.powi(3) + z) / (4.0 * v)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
        }
    }
}

/// The 95% interval of a tally's converted IKM; `population` enables the finite-population correction.
pub fn interval_95(tally: &Tally, population: Option<u64>) -> Option<ConfidenceInterval> {
    let n = tally.respondents();
    if n < 2 {
        return None;
    }
    let centre = exact_converted(tally)?.to_f64()?;
    // Σ(y−ȳ)² · n = n·Σy² − (Σy)², exact in integers (y scaled by MEAN_SCALE).
    let sum = u128::from(tally.mean_sum());
    let spread = (u128::from(n) * u128::from(tally.mean_square_sum())).saturating_sub(sum * sum);
    let variance = spread as f64 / (n as f64 * (n - 1) as f64) / (MEAN_SCALE as f64).powi(2);
    let fpc = match population {
        Some(big_n) if big_n > n => ((big_n - n) as f64 / (big_n - 1) as f64).sqrt(),
        Some(_) => 0.0,
        None => 1.0,
    };
    let half_width = t_975(n - 1) * (variance / n as f64).sqrt() * fpc * 25.0;
    let clip = |v: f64| Hundredths((v.clamp(25.0, 100.0) * 100.0).round() as i64);
    Some(ConfidenceInterval {
        low: clip(centre - half_width),
        high: clip(centre + half_width),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Answers, Score};

    fn respondent(value: u8) -> Answers {
        Answers::complete([Score::new(value).expect("valid"); 9])
    }

    #[test]
    fn t_quantiles_are_continuous_past_the_table() {
        assert!((t_975(30) - 2.042).abs() < 1e-3);
        assert!((t_975(31) - 2.040).abs() < 1e-3);
        assert!((t_975(120) - 1.980).abs() < 1e-3);
        assert!((t_975(100_000) - 1.960).abs() < 1e-3);
    }

    #[test]
    fn twelve_mixed_respondents_give_a_wide_interval() {
        // Six respondents answered all 4, six all 3: IKM 87,50 (B), s = 0,522.
        let answers: Vec<Answers> = (0..12)
            .map(|i| respondent(if i % 2 == 0 { 4 } else { 3 }))
            .collect();
        let ci = interval_95(&Tally::of(&answers), None).expect("two or more respondents");
        // 87,5 ± 2,201 · 0,52223/√12 · 25 = 87,5 ± 8,2955
        assert_eq!(ci.low, Hundredths(7920));
        assert_eq!(ci.high, Hundredths(9580));
    }

    #[test]
    fn finite_population_narrows_and_a_census_collapses() {
        let answers: Vec<Answers> = (0..12)
            .map(|i| respondent(if i % 3 == 0 { 2 } else { 4 }))
            .collect();
        let tally = Tally::of(&answers);
        let open = interval_95(&tally, None).expect("interval");
        let finite = interval_95(&tally, Some(20)).expect("interval");
        assert!(finite.high - finite.low < open.high - open.low);
        let census = interval_95(&tally, Some(12)).expect("interval");
        assert_eq!(census.low, census.high);
    }

    #[test]
    fn one_respondent_has_no_interval_and_ends_stay_in_range() {
        assert_eq!(interval_95(&Tally::of([&respondent(4)]), None), None);
        let answers = [respondent(1), respondent(4)];
        let ci = interval_95(&Tally::of(&answers), None).expect("interval");
        assert_eq!((ci.low, ci.high), (Hundredths(2500), Hundredths(10000)));
    }
}
