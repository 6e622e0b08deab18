//! Time as the app counts it: in Jakarta (WIB, UTC+7), the zone every day and period of the SKM is
//! counted in.

#[cfg(feature = "ssr")]
use chrono::NaiveDate;

/// Today in Jakarta (WIB), the day every period and date of the UI is counted in.
#[cfg(feature = "ssr")]
pub fn jakarta_today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&ikm_domain::response_file::JAKARTA)
        .date_naive()
}

/// Asia/Jakarta time of an RFC 3339 instant, as Indonesians write it (27-11-2026 14:05:03).
pub fn jakarta_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&ikm_domain::response_file::JAKARTA)
                .format("%d-%m-%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}
