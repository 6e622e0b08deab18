//! Reporting periods as pages ask for them: from a link's query, offered in a choice, published.

use crate::i18n::encode_query;
#[cfg(feature = "ssr")]
use crate::time::jakarta_today;
use chrono::NaiveDate;
use ikm_domain::{Lang, Period, PeriodKind};

/// The period a dashboard link asks for: a custom range (`dari`, `sampai`), a period key
/// (`periode`), or else the current quarter. `true` when something was asked for that is not a
/// valid period (the current quarter is shown, with a note).
pub fn resolve_period(
    key: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> (Period, bool) {
    let given = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let current = Period::containing(PeriodKind::Quarter, today);
    match (given(from), given(to)) {
        (Some(from), Some(to)) => match (from.parse::<NaiveDate>(), to.parse::<NaiveDate>()) {
            (Ok(from), Ok(to)) => Period::custom(from, to).map_or((current, true), |p| (p, false)),
            _ => (current, true),
        },
        (None, None) => match given(key) {
            None => (current, false),
            Some(key) => Period::parse(&key).map_or((current, true), |p| (p, false)),
        },
        _ => (current, true),
    }
}

/// `resolve_period` of a page's `periode`, `dari` and `sampai` on Jakarta's today.
#[cfg(feature = "ssr")]
pub fn requested_period(
    periode: &Option<String>,
    dari: &Option<String>,
    sampai: &Option<String>,
) -> (Period, bool) {
    resolve_period(
        periode.as_deref(),
        dari.as_deref(),
        sampai.as_deref(),
        jakarta_today(),
    )
}

/// The periods offered in the dashboard's choice, grouped by kind: recent quarters, months,
/// semesters and years, newest first.
pub fn period_choices(today: NaiveDate, lang: Lang) -> Vec<(&'static str, Vec<(String, String)>)> {
    [
        (PeriodKind::Quarter, 5),
        (PeriodKind::Month, 6),
        (PeriodKind::Semester, 2),
        (PeriodKind::Year, 2),
    ]
    .into_iter()
    .map(|(kind, n)| {
        let periods = Period::containing(kind, today).last(n);
        (
            kind.label(lang),
            periods
                .iter()
                .rev()
                .map(|p| (p.key(), p.label(lang)))
                .collect(),
        )
    })
    .collect()
}

/// `periode=…` or `dari=…&sampai=…` for a period.
pub fn period_query(period: &Period) -> String {
    match period.kind {
        ikm_domain::PeriodKind::Custom => format!("dari={}&sampai={}", period.from, period.to),
        _ => format!("periode={}", encode_query(&period.key())),
    }
}

/// Published periods, newest first (the one ending last; of two ending the same day, the longer),
/// each once. Custom ranges are never published.
pub fn published_newest_first(keys: &[String]) -> Vec<Period> {
    let mut periods: Vec<Period> = keys
        .iter()
        .filter_map(|k| Period::parse(k))
        .filter(|p| p.kind != PeriodKind::Custom)
        .collect();
    periods.sort_by_key(|p| std::cmp::Reverse((p.to, p.days())));
    periods.dedup();
    periods
}

/// The latest of a unit's published periods (see [`published_newest_first`]).
pub fn latest_published(keys: &[String]) -> Option<Period> {
    published_newest_first(keys).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_asked_for_or_the_current_quarter() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
        assert_eq!(
            resolve_period(None, None, None, today),
            (Period::quarter(2026, 4).expect("q"), false)
        );
        assert_eq!(
            resolve_period(Some("2026-05"), None, None, today),
            (Period::month(2026, 5).expect("m"), false)
        );
        let (custom, bad) =
            resolve_period(Some("2026"), Some("2026-01-05"), Some("2026-02-10"), today);
        assert!(!bad);
        assert_eq!(custom.key(), "2026-01-05..2026-02-10");
        assert!(resolve_period(Some("kemarin"), None, None, today).1);
        assert!(resolve_period(None, Some("2026-02-10"), Some("2026-01-05"), today).1);
        assert!(resolve_period(None, Some("2026-02-10"), None, today).1);
        let choices = period_choices(today, Lang::Id);
        assert_eq!(
            choices[0].1[0],
            ("2026-T4".to_string(), "Triwulan IV 2026".to_string())
        );
        assert_eq!(choices[1].1.len(), 6);
    }

    #[test]
    fn the_latest_published_period_ends_last() {
        let keys: Vec<String> = ["2026-T2", "2026-05", "2025", "2026-T3", "2026-09", "x"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(
            latest_published(&keys).map(|p| p.key()),
            Some("2026-T3".to_string())
        );
        assert_eq!(
            latest_published(&["2026-01-01..2026-12-31".to_string()]),
            None
        );
        assert_eq!(latest_published(&[]), None);
    }
}
