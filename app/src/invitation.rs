//! Invitations (issue #32): a one-time survey link for one service event, beside the open QR code.
//! The queue ticket, the counter's screen, WhatsApp or SMS carries `/i/{code}`; the link opens the
//! unit's survey with the service and counter filled in, and the answer uses it up (in the answer's
//! own transaction). Nothing personal is kept with an invitation.
//!
//! A code is 80 random bits in Crockford's base32 — sixteen characters in four groups
//! (`7KQ2-M9XD-4HTR-PW3B`), typeable from a printed slip: case, dashes and spaces do not matter,
//! and the letters people confuse with digits (O, I, L) read as those digits.

use chrono::{DateTime, Utc};
use ikm_domain::decimal::Hundredths;
use serde::{Deserialize, Serialize};

/// Crockford's base32: no I, L, O or U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random bytes in a code (80 bits).
pub const CODE_BYTES: usize = 10;

/// Characters in a code, without its dashes.
pub const CODE_CHARS: usize = CODE_BYTES * 8 / 5;

/// How long a unit's links stay valid unless it chose otherwise.
pub const DEFAULT_VALID_DAYS: u32 = 7;

/// The most a unit may choose.
pub const MAX_VALID_DAYS: u32 = 90;

/// The survey form's field that carries the invitation's code.
pub const FIELD: &str = "undangan";

/// The code of `bytes`, in four groups of four.
pub fn code_from_bytes(bytes: [u8; CODE_BYTES]) -> String {
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | u128::from(b);
    }
    let mut chars = Vec::with_capacity(CODE_CHARS);
    for i in (0..CODE_CHARS).rev() {
        chars.push(ALPHABET[((bits >> (i * 5)) & 31) as usize] as char);
    }
    grouped(&chars.into_iter().collect::<String>())
}

fn grouped(plain: &str) -> String {
    plain
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as a person typed or a link carried it, in its one written form; `None` when it cannot
/// be a code (wrong length, a character outside the alphabet).
pub fn normalize(typed: &str) -> Option<String> {
    let mut plain = String::with_capacity(CODE_CHARS);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        if plain.len() == CODE_CHARS {
            return None;
        }
        plain.push(c);
    }
    (plain.len() == CODE_CHARS).then(|| grouped(&plain))
}

/// The link printed on a ticket or sent in a message.
pub fn invitation_path(code: &str) -> String {
    format!("/i/{code}")
}

/// One invitation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub code: String,
    pub unit_id: i64,
    pub unit_code: String,
    pub service_id: Option<i64>,
    pub counter_tag: String,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The answer that used it, once it is used.
    pub response_id: Option<String>,
}

/// Whether an invitation can still be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Open,
    /// Answered already (by another answer than the one asking).
    Used,
    Expired,
}

impl Invitation {
    /// Its standing for an answer `response_id` given at `at`: the answer that used it may be
    /// sent again (a replay is stored once); an answer given before the expiry counts, even when
    /// the phone sends it later from its offline queue.
    pub fn standing(&self, at: DateTime<Utc>, response_id: Option<&str>) -> Standing {
        match &self.response_id {
            Some(used) if Some(used.as_str()) != response_id => Standing::Used,
            _ if at > self.expires_at => Standing::Expired,
            _ => Standing::Open,
        }
    }
}

/// Why a survey cannot be answered through the link a citizen came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closed {
    /// The invitation was answered already.
    Used,
    Expired,
    /// No invitation of this unit has this code.
    Unknown,
    /// The unit's survey is by invitation only, and the citizen came without one.
    OnlyInvited,
}

impl Closed {
    /// Of an invitation's standing (`None`: it is open).
    pub fn of(standing: Standing) -> Option<Closed> {
        match standing {
            Standing::Open => None,
            Standing::Used => Some(Closed::Used),
            Standing::Expired => Some(Closed::Expired),
        }
    }

    /// The HTTP status of the page or answer that says so.
    pub fn status(self) -> u16 {
        match self {
            Closed::Used | Closed::Expired => 410,
            Closed::Unknown => 404,
            Closed::OnlyInvited => 403,
        }
    }

    /// What the offline queue's JSON answer calls it.
    pub fn key(self) -> &'static str {
        match self {
            Closed::Used => "invitation_used",
            Closed::Expired => "invitation_expired",
            Closed::Unknown => "invitation_unknown",
            Closed::OnlyInvited => "invitation_only",
        }
    }

    /// Its title and explanation.
    pub fn words(self, text: &crate::i18n::InvitationTexts) -> (&'static str, &'static str) {
        match self {
            Closed::Used => (text.used_title, text.used_body),
            Closed::Expired => (text.expired_title, text.expired_body),
            Closed::Unknown => (text.unknown_title, text.unknown_body),
            Closed::OnlyInvited => (text.only_title, text.only_body),
        }
    }
}

/// A unit's choices about invitations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationSettings {
    pub valid_days: u32,
    /// The open QR code and kiosk then explain that the survey is by invitation.
    pub only_invited: bool,
}

impl Default for InvitationSettings {
    fn default() -> Self {
        InvitationSettings {
            valid_days: DEFAULT_VALID_DAYS,
            only_invited: false,
        }
    }
}

/// A period's invitations of a unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationCounts {
    /// Issued in the period (each one a service event).
    pub issued: u64,
    /// Of those, answered (whenever).
    pub answered: u64,
    /// Answers given in the period through an invitation (whenever it was issued).
    pub invited_answers: u64,
    /// People served in the period ([`served`]); `None` when no day of it is known.
    pub served: Option<u64>,
    /// Days of the period with an uploaded served count.
    pub uploaded_days: u64,
}

impl InvitationCounts {
    /// Answered ÷ issued, in percent; `None` when none was issued.
    pub fn response_rate(&self) -> Option<Hundredths> {
        percent(self.answered, self.issued)
    }

    /// The share of the period's `respondents` who came by invitation, in percent.
    pub fn invited_share(&self, respondents: u64) -> Option<Hundredths> {
        percent(self.invited_answers.min(respondents), respondents)
    }

    /// The period's `respondents` per person served, in percent; `None` when nobody was counted.
    /// (It can pass 100 % when the open QR code brought answers the counts missed.)
    pub fn respondents_per_served(&self, respondents: u64) -> Option<Hundredths> {
        percent(respondents, self.served?)
    }

    /// Whether the response rate is below `threshold` percent, judged only once at least
    /// `RATE_ALERT_MIN_ISSUED` invitations were issued.
    pub fn rate_below(&self, threshold: u32) -> bool {
        self.issued >= RATE_ALERT_MIN_ISSUED
            && self
                .response_rate()
                .is_some_and(|rate| rate.0 < i64::from(threshold) * 100)
    }

    /// The counts of several units (a region's) added up; served only over the units whose served
    /// count is known.
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a InvitationCounts>) -> InvitationCounts {
        let mut total = InvitationCounts::default();
        for c in all {
            total.issued += c.issued;
            total.answered += c.answered;
            total.invited_answers += c.invited_answers;
            total.uploaded_days += c.uploaded_days;
            total.served = match (total.served, c.served) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
        }
        total
    }
}

/// The fewest invitations a response-rate alert is judged on (fewer say little).
pub const RATE_ALERT_MIN_ISSUED: u64 = 20;

/// The days a response-rate alert looks back over: the invitations issued in them, up to yesterday
/// (today's have had no time to be answered).
pub const RATE_ALERT_DAYS: i64 = 30;

/// The people served over a period's days, each day given as (the count the unit uploaded, the
/// invitations issued): the uploaded count, or the invitations when more — every invitation is
/// one service event, so a day cannot have served fewer. `None` when no day counts anybody.
pub fn served(days: impl IntoIterator<Item = (Option<u64>, u64)>) -> Option<u64> {
    let total: u64 = days
        .into_iter()
        .map(|(uploaded, issued)| uploaded.unwrap_or(0).max(issued))
        .sum();
    (total > 0).then_some(total)
}

/// `part` of `whole` in percent, rounded half up to two decimals.
fn percent(part: u64, whole: u64) -> Option<Hundredths> {
    if whole == 0 {
        return None;
    }
    let scaled = (u128::from(part) * 20_000 + u128::from(whole)) / (2 * u128::from(whole));
    Some(Hundredths(scaled as i64))
}

/// The most invitations one call of the API issues.
pub const MAX_PER_CALL: u32 = 500;

/// A unit's API key as lists show it (the key itself is shown once, when it is made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: i64,
    pub unit_id: i64,
    pub unit_code: String,
    /// What the unit calls it ("Mesin antrean lantai 1").
    pub name: String,
    /// The key's first characters, to recognise it (`ikm_7kq2m9xd_…`).
    pub prefix: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub created_by: String,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

/// An API key just made, shown once on the page that answers its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKey(pub String);

/// The prefix of an API key as written (`ikm_{prefix}_{secret}`), to look it up; `None` when it is
/// not shaped like a key.
pub fn key_prefix(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("ikm_")?;
    let (prefix, secret) = rest.split_once('_')?;
    let fine = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric());
    (prefix.len() == 8 && secret.len() >= 32 && fine(prefix) && fine(secret)).then_some(prefix)
}

/// A WhatsApp link that opens a chat with the invitation's text (the staff pick the number).
pub fn whatsapp_link(unit_name: &str, url: &str) -> String {
    format!(
        "https://wa.me/?text={}",
        crate::i18n::encode_query(&message(unit_name, url))
    )
}

/// The invitation's text, in Bahasa Indonesia, for WhatsApp or an SMS.
pub fn message(unit_name: &str, url: &str) -> String {
    format!(
        "Terima kasih telah dilayani di {unit_name}. Mohon nilai pelayanan kami (1 menit, tanpa \
         data pribadi): {url}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_code_is_sixteen_typeable_characters_of_eighty_bits() {
        assert_eq!(code_from_bytes([0; CODE_BYTES]), "0000-0000-0000-0000");
        assert_eq!(code_from_bytes([255; CODE_BYTES]), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let code = code_from_bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(code.len(), 19);
        assert_eq!(normalize(&code).as_deref(), Some(code.as_str()));
        // Every bit counts: codes of different bytes differ.
        assert_ne!(code, code_from_bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 11]));
        assert_ne!(code, code_from_bytes([0, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    }

    #[test]
    fn a_typed_code_is_read_whatever_its_case_dashes_and_look_alike_letters() {
        let code = "7KQ2-M9XD-4HTR-PW3B";
        assert_eq!(normalize("7kq2m9xd4htrpw3b").as_deref(), Some(code));
        assert_eq!(normalize(" 7KQ2 M9XD 4HTR PW3B ").as_deref(), Some(code));
        assert_eq!(
            normalize("OIL0-0000-0000-0000").as_deref(),
            Some("0110-0000-0000-0000")
        );
        for bad in [
            "",
            "7KQ2-M9XD",
            "7KQ2-M9XD-4HTR-PW3B-A",
            "7KQ2-M9XD-4HTR-PW3U",
            "7KQ2-M9XD-4HTR-PW3%",
            "７KQ2-M9XD-4HTR-PW3B",
        ] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_invitation_is_open_until_it_is_used_by_another_answer_or_expires() {
        let now = Utc::now();
        let mut invitation = Invitation {
            code: "7KQ2-M9XD-4HTR-PW3B".into(),
            unit_id: 1,
            unit_code: "1871-disdukcapil".into(),
            service_id: None,
            counter_tag: String::new(),
            issued_at: now,
            expires_at: now + Duration::days(7),
            response_id: None,
        };
        assert_eq!(invitation.standing(now, Some("a")), Standing::Open);
        assert_eq!(
            invitation.standing(now + Duration::days(8), Some("a")),
            Standing::Expired
        );
        invitation.response_id = Some("a".into());
        assert_eq!(
            invitation.standing(now, Some("a")),
            Standing::Open,
            "a replay"
        );
        assert_eq!(invitation.standing(now, Some("b")), Standing::Used);
        assert_eq!(invitation.standing(now, None), Standing::Used);
    }

    #[test]
    fn the_response_rate_and_the_invited_share_are_percentages_of_two_decimals() {
        let counts = InvitationCounts {
            issued: 3,
            answered: 2,
            invited_answers: 2,
            ..InvitationCounts::default()
        };
        assert_eq!(counts.response_rate(), Some(Hundredths(6_667)));
        assert_eq!(counts.invited_share(8), Some(Hundredths(2_500)));
        assert_eq!(InvitationCounts::default().response_rate(), None);
        assert_eq!(counts.invited_share(0), None);
        // More invited answers than respondents (some flagged) never passes 100 %.
        assert_eq!(counts.invited_share(1), Some(Hundredths(10_000)));
    }

    #[test]
    fn a_day_served_at_least_as_many_as_its_invitations() {
        // Uploaded 40, 0 invitations; uploaded 10 but 12 invited; no upload, 5 invited.
        assert_eq!(served([(Some(40), 0), (Some(10), 12), (None, 5)]), Some(57));
        assert_eq!(served([(Some(0), 0), (None, 0)]), None);
        assert_eq!(served([]), None);
        let counts = InvitationCounts {
            issued: 17,
            answered: 6,
            invited_answers: 6,
            served: Some(57),
            uploaded_days: 2,
        };
        // 19 respondents of 57 served: 33,33 %; 6 of 17 invitations answered: 35,29 %.
        assert_eq!(counts.respondents_per_served(19), Some(Hundredths(3_333)));
        assert_eq!(counts.response_rate(), Some(Hundredths(3_529)));
        assert_eq!(InvitationCounts::default().respondents_per_served(19), None);
    }

    #[test]
    fn a_rate_alert_needs_enough_invitations_and_a_rate_under_the_line() {
        let at = |issued, answered| InvitationCounts {
            issued,
            answered,
            ..InvitationCounts::default()
        };
        assert!(at(20, 5).rate_below(30)); // 25 % < 30 %
        assert!(!at(20, 6).rate_below(30)); // exactly 30 %
        assert!(!at(19, 0).rate_below(30)); // too few to judge
        assert!(!at(0, 0).rate_below(30));
    }

    #[test]
    fn a_regions_counts_add_up_and_served_only_where_known() {
        let a = InvitationCounts {
            issued: 10,
            answered: 4,
            invited_answers: 3,
            served: Some(100),
            uploaded_days: 5,
        };
        let b = InvitationCounts {
            issued: 2,
            answered: 1,
            invited_answers: 1,
            served: None,
            uploaded_days: 0,
        };
        let total = InvitationCounts::sum([&a, &b, &a]);
        assert_eq!(
            total,
            InvitationCounts {
                issued: 22,
                answered: 9,
                invited_answers: 7,
                served: Some(200),
                uploaded_days: 10,
            }
        );
        assert_eq!(InvitationCounts::sum([&b]).served, None);
    }

    #[test]
    fn a_key_is_found_by_its_prefix_only_when_shaped_like_one() {
        let key = format!("ikm_7kq2m9xd_{}", "a".repeat(43));
        assert_eq!(key_prefix(&key), Some("7kq2m9xd"));
        for bad in [
            "",
            "ikm_7kq2m9xd",
            "ikm_7kq2m9x_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "abc_7kq2m9xd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ikm_7kq2m9xd_short",
            "ikm_7kq2m9x%_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ] {
            assert_eq!(key_prefix(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_message_carries_the_link_in_bahasa_indonesia() {
        let link = whatsapp_link("Disdukcapil", "https://ikm.example/i/7KQ2-M9XD-4HTR-PW3B");
        assert!(link.starts_with("https://wa.me/?text=Terima%20kasih"));
        assert!(link.contains("https%3A//ikm.example/i/7KQ2-M9XD-4HTR-PW3B"));
    }
}
