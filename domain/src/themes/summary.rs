//! What a period's comments were about, counted (issue #33): per unsur theme, how many comments
//! raised it, their share of the period's comments, and how those who raised it scored that unsur —
//! beside the same of the previous period. Pure arithmetic over the readings of
//! [`super::read`]; the dashboard, the region page and the report show it.

use crate::decimal::Hundredths;
use crate::Unsur;
use num_bigint::BigInt;
use num_rational::BigRational;
use serde::{Deserialize, Serialize};

/// One theme in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeCount {
    pub theme: Unsur,
    /// Comments read as this theme.
    pub comments: u64,
    /// The sum and number of the scores (1–4) those commenters gave this theme's unsur.
    pub score_sum: u64,
    pub scored: u64,
}

impl ThemeCount {
    /// The mean score (1,00–4,00) those who raised the theme gave its unsur; `None` when none
    /// answered it.
    pub fn mean_score(&self) -> Option<Hundredths> {
        (self.scored > 0).then(|| {
            Hundredths::round(&BigRational::new(
                BigInt::from(self.score_sum),
                BigInt::from(self.scored),
            ))
        })
    }

    /// Its share of the period's comments, in percent (`0,00`–`100,00`); `None` without comments.
    pub fn share(&self, all_comments: u64) -> Option<Hundredths> {
        (all_comments > 0).then(|| {
            Hundredths::round(&BigRational::new(
                BigInt::from(self.comments * 100),
                BigInt::from(all_comments),
            ))
        })
    }
}

/// The themes of one period's comments (of a unit, or of a region's units).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeSummary {
    /// Comments read (with or without a theme).
    pub comments: u64,
    /// Per unsur, in regulation order.
    pub themes: Vec<ThemeCount>,
}

impl Default for ThemeSummary {
    fn default() -> Self {
        ThemeSummary {
            comments: 0,
            themes: Unsur::ALL
                .iter()
                .map(|&theme| ThemeCount {
                    theme,
                    comments: 0,
                    score_sum: 0,
                    scored: 0,
                })
                .collect(),
        }
    }
}

impl ThemeSummary {
    /// Counts one comment read as `themes`, from a response that gave `scores` (regulation order).
    pub fn add(&mut self, themes: &[Unsur], scores: &[Option<u8>; 9]) {
        self.comments += 1;
        let mut seen = [false; 9];
        for theme in themes {
            let i = theme.index();
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            let count = &mut self.themes[i];
            count.comments += 1;
            if let Some(score) = scores[i].filter(|s| (1..=4).contains(s)) {
                count.score_sum += u64::from(score);
                count.scored += 1;
            }
        }
    }

    /// Adds another summary's counts (a kabupaten/kota of its units).
    pub fn merge(&mut self, other: &ThemeSummary) {
        self.comments += other.comments;
        for (mine, theirs) in self.themes.iter_mut().zip(&other.themes) {
            mine.comments += theirs.comments;
            mine.score_sum += theirs.score_sum;
            mine.scored += theirs.scored;
        }
    }

    /// The theme's count.
    pub fn of(&self, theme: Unsur) -> ThemeCount {
        self.themes[theme.index()]
    }

    /// The themes raised at least once, most raised first (ties in regulation order), at most `n`.
    pub fn top(&self, n: usize) -> Vec<ThemeCount> {
        let mut raised: Vec<ThemeCount> = self
            .themes
            .iter()
            .copied()
            .filter(|t| t.comments > 0)
            .collect();
        raised.sort_by_key(|t| (std::cmp::Reverse(t.comments), t.theme.index()));
        raised.truncate(n);
        raised
    }

    /// The change of a theme's share from `previous` to this period, in percentage points;
    /// `None` when either period has no comments.
    pub fn share_change(&self, previous: &ThemeSummary, theme: Unsur) -> Option<Hundredths> {
        let now = self.of(theme).share(self.comments)?;
        let before = previous.of(theme).share(previous.comments)?;
        Some(Hundredths(now.0 - before.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LOW_WAKTU: [Option<u8>; 9] = [
        Some(3),
        Some(3),
        Some(1),
        Some(3),
        Some(3),
        Some(3),
        Some(3),
        Some(3),
        Some(3),
    ];

    #[test]
    fn counts_shares_and_scores_by_hand() {
        let mut s = ThemeSummary::default();
        s.add(&[Unsur::Waktu, Unsur::Perilaku], &LOW_WAKTU);
        let mut two = LOW_WAKTU;
        two[Unsur::Waktu.index()] = Some(2);
        s.add(&[Unsur::Waktu], &two);
        s.add(&[], &LOW_WAKTU);
        // A theme read twice in one comment counts once.
        s.add(&[Unsur::Sarana, Unsur::Sarana], &[None; 9]);
        assert_eq!(s.comments, 4);
        let waktu = s.of(Unsur::Waktu);
        assert_eq!((waktu.comments, waktu.score_sum, waktu.scored), (2, 3, 2));
        assert_eq!(waktu.mean_score(), Some(Hundredths(150)));
        assert_eq!(waktu.share(s.comments), Some(Hundredths(5000)));
        let sarana = s.of(Unsur::Sarana);
        assert_eq!((sarana.comments, sarana.mean_score()), (1, None));
        assert_eq!(sarana.share(s.comments), Some(Hundredths(2500)));
        let top: Vec<Unsur> = s.top(5).iter().map(|t| t.theme).collect();
        // Waktu twice; then perilaku and sarana once each, in regulation order (U7 before U9).
        assert_eq!(top, vec![Unsur::Waktu, Unsur::Perilaku, Unsur::Sarana]);
        assert_eq!(s.top(1).len(), 1);
    }

    #[test]
    fn merged_summaries_count_as_one() {
        let mut a = ThemeSummary::default();
        a.add(&[Unsur::Waktu], &LOW_WAKTU);
        let mut b = ThemeSummary::default();
        b.add(&[Unsur::Waktu, Unsur::Biaya], &LOW_WAKTU);
        b.add(&[], &LOW_WAKTU);
        let mut both = ThemeSummary::default();
        both.add(&[Unsur::Waktu], &LOW_WAKTU);
        both.add(&[Unsur::Waktu, Unsur::Biaya], &LOW_WAKTU);
        both.add(&[], &LOW_WAKTU);
        a.merge(&b);
        assert_eq!(a, both);
    }

    #[test]
    fn the_change_is_in_percentage_points_and_needs_both_periods() {
        let mut now = ThemeSummary::default();
        now.add(&[Unsur::Waktu], &LOW_WAKTU);
        now.add(&[], &LOW_WAKTU);
        let mut before = ThemeSummary::default();
        for i in 0..4 {
            before.add(if i == 0 { &[Unsur::Waktu][..] } else { &[] }, &LOW_WAKTU);
        }
        // 50 % now, 25 % before: +25 points.
        assert_eq!(
            now.share_change(&before, Unsur::Waktu),
            Some(Hundredths(2500))
        );
        assert_eq!(
            now.share_change(&ThemeSummary::default(), Unsur::Waktu),
            None
        );
        let empty = ThemeSummary::default();
        assert_eq!(empty.of(Unsur::Waktu).share(empty.comments), None);
    }

    proptest! {
        #[test]
        fn shares_never_exceed_a_hundred_and_means_stay_on_the_scale(
            comments in proptest::collection::vec(
                (proptest::collection::vec(0usize..9, 0..4), proptest::collection::vec(proptest::option::of(1u8..=4), 9)),
                1..60,
            )
        ) {
            let mut s = ThemeSummary::default();
            for (themes, scores) in &comments {
                let themes: Vec<Unsur> = themes.iter().map(|&i| Unsur::ALL[i]).collect();
                let scores: [Option<u8>; 9] = scores.clone().try_into().expect("nine");
                s.add(&themes, &scores);
            }
            prop_assert_eq!(s.comments, comments.len() as u64);
            for t in &s.themes {
                prop_assert!(t.comments <= s.comments);
                let share = t.share(s.comments).expect("comments");
                prop_assert!(share >= Hundredths(0) && share <= Hundredths(10_000));
                if let Some(mean) = t.mean_score() {
                    prop_assert!(mean >= Hundredths(100) && mean <= Hundredths(400));
                }
            }
        }
    }
}
