//! How many passwords may be tried, and by whom (OWASP ASVS V2.2): every check is reserved before
//! the password is looked at, by one atomic statement per counter (`Accounts::count_attempt`), so
//! however many guesses arrive at once no more than the limit are checked.
//!
//! - **Lock-out per (account, address):** [`Limits::per_pair`] checks per window; a right password
//!   from that address forgets them. Someone else's guesses never lock the owner out.
//! - **Per address, over all accounts:** [`Limits::per_address`] failures per window (a right
//!   password gives its reservation back, so an office behind one address is not locked out).
//! - **Slow-down per account:** once an account has [`Limits::busy_account`] failures in the window
//!   from any address, an address that has tried it before waits [`Limits::gap`] between checks
//!   (one check at a time for all of them). An address that has not tried it is never slowed: the
//!   owner signs in while others guess.

use app::store::{Store, StoreResult};
use chrono::{DateTime, Duration, DurationRound, Utc};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_pair: u32,
    pub per_address: u32,
    pub busy_account: u32,
    pub window: Duration,
    pub gap: Duration,
}

impl Limits {
    pub const SERVER: Limits = Limits {
        per_pair: 5,
        per_address: 20,
        busy_account: 10,
        window: Duration::minutes(15),
        gap: Duration::seconds(3),
    };
}

/// What may be done with one sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password; report the result with [`Attempt::failed`] or [`Attempt::succeeded`].
    Check(Attempt),
    /// A lock-out limit is reached: try again after the window.
    TooMany,
    /// The account is being guessed at: try again in a few seconds.
    SlowDown,
}

/// A reserved check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    login: String,
    address: String,
    window: DateTime<Utc>,
}

/// The start of the fixed window `at` falls in.
pub fn window_of(at: DateTime<Utc>, window: Duration) -> DateTime<Utc> {
    at.duration_trunc(window).unwrap_or(at)
}

/// A key's part as typed: trimmed, lower case, at most 200 characters.
fn part(text: &str) -> String {
    text.trim().to_lowercase().chars().take(200).collect()
}

fn pair_key(login: &str, address: &str) -> String {
    format!("pair:{login}|{address}")
}

/// Reserves a check of `login`'s password from `address` at `now`, or says why not.
pub async fn reserve(
    store: &dyn Store,
    limits: &Limits,
    login: &str,
    address: &str,
    now: DateTime<Utc>,
) -> StoreResult<Verdict> {
    let (login, address) = (part(login), part(address));
    let window = window_of(now, limits.window);
    let forget_before = now - limits.window * 2;
    let count = |key: String, limit: u32| async move {
        store
            .count_attempt(&key, window, limit, now, forget_before)
            .await
    };
    if count(format!("address:{address}"), limits.per_address)
        .await?
        .is_none()
    {
        return Ok(Verdict::TooMany);
    }
    let Some(tried) = count(pair_key(&login, &address), limits.per_pair).await? else {
        store
            .release_attempt(&format!("address:{address}"), window)
            .await?;
        return Ok(Verdict::TooMany);
    };
    if tried > 1 {
        let failures = store.attempts(&format!("account:{login}"), window).await?;
        if failures >= limits.busy_account
            && !store
                .pass_gate(&format!("gate:{login}"), now, now - limits.gap)
                .await?
        {
            store
                .release_attempt(&format!("address:{address}"), window)
                .await?;
            store
                .release_attempt(&pair_key(&login, &address), window)
                .await?;
            return Ok(Verdict::SlowDown);
        }
    }
    Ok(Verdict::Check(Attempt {
        login,
        address,
        window,
    }))
}

impl Attempt {
    /// The password was wrong: the reservations stay as failures, and the account counts one more.
    pub async fn failed(&self, store: &dyn Store, now: DateTime<Utc>) -> StoreResult<()> {
        let key = format!("account:{}", self.login);
        let forget_before = now - Duration::hours(1);
        store
            .count_attempt(&key, self.window, u32::MAX, now, forget_before)
            .await?;
        Ok(())
    }

    /// The password was right: this address's failures on the account are forgotten, and the
    /// address's reservation is given back.
    pub async fn succeeded(&self, store: &dyn Store) -> StoreResult<()> {
        store
            .forget_attempts(&pair_key(&self.login, &self.address))
            .await?;
        store
            .release_attempt(&format!("address:{}", self.address), self.window)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_fixed_and_keys_are_as_typed_but_bounded() {
        let at = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("time")
                .with_timezone(&Utc)
        };
        let fifteen = Duration::minutes(15);
        assert_eq!(
            window_of(at("2026-12-06T10:44:59Z"), fifteen),
            at("2026-12-06T10:30:00Z")
        );
        assert_eq!(
            window_of(at("2026-12-06T10:45:00Z"), fifteen),
            at("2026-12-06T10:45:00Z")
        );
        assert_eq!(part("  Admin "), "admin");
        assert_eq!(part(&"x".repeat(500)).len(), 200);
        assert_eq!(pair_key("admin", "10.0.0.1"), "pair:admin|10.0.0.1");
    }
}
