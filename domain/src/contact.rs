//! Consent to be contacted (issue #33, UU 27/2022): after a low score or with a comment, the survey
//! offers "Boleh kami hubungi?". A citizen who ticks the consent sentence and gives a phone/WhatsApp
//! number or an e-mail address may be contacted by that unit's staff; nothing identifying is asked
//! or kept without it. The number is deleted [`KEEP_DAYS_AFTER_CLOSED`] days after the comment is
//! closed.

use serde::{Deserialize, Serialize};

/// Days a contact is kept after its comment is closed (status `selesai`).
pub const KEEP_DAYS_AFTER_CLOSED: i64 = 90;

/// The longest contact a citizen may type (an e-mail address's limit).
pub const MAX_CONTACT_CHARS: usize = 254;

/// How the citizen may be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactKind {
    /// A phone number (also WhatsApp), written `+62…`.
    Phone,
    Email,
}

impl ContactKind {
    pub fn key(self) -> &'static str {
        match self {
            ContactKind::Phone => "phone",
            ContactKind::Email => "email",
        }
    }

    pub fn parse(key: &str) -> Option<ContactKind> {
        [ContactKind::Phone, ContactKind::Email]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// A contact as kept: a phone number in international form (`+6281234567890`) or an e-mail address
/// with its domain in lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub kind: ContactKind,
    pub value: String,
}

impl Contact {
    /// The `wa.me` link of a phone number (digits only, no `+`).
    pub fn whatsapp_link(&self) -> Option<String> {
        (self.kind == ContactKind::Phone)
            .then(|| format!("https://wa.me/{}", self.value.trim_start_matches('+')))
    }

    /// The `tel:` or `mailto:` link.
    pub fn link(&self) -> String {
        match self.kind {
            ContactKind::Phone => format!("tel:{}", self.value),
            ContactKind::Email => format!("mailto:{}", self.value),
        }
    }
}

/// What is wrong with the consent part of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactProblem {
    /// Consent ticked, no number or address given.
    Missing,
    /// Neither a phone number nor an e-mail address.
    Unreadable,
    /// A number or address given without ticking the consent sentence: it is not kept, and the
    /// citizen is asked to tick or to empty it.
    NoConsent,
}

/// The contact a citizen consented to, from the consent box and the typed contact.
/// `Ok(None)`: nothing to keep (no consent, nothing typed).
pub fn read_contact(
    consented: bool,
    typed: Option<&str>,
) -> Result<Option<Contact>, ContactProblem> {
    let typed = typed.map(str::trim).filter(|t| !t.is_empty());
    match (consented, typed) {
        (false, None) => Ok(None),
        (false, Some(_)) => Err(ContactProblem::NoConsent),
        (true, None) => Err(ContactProblem::Missing),
        (true, Some(text)) => parse_contact(text).map(Some),
    }
}

/// A phone number (`08…`, `+62…`, `62…`, with spaces, dashes, dots or brackets) or an e-mail address.
pub fn parse_contact(text: &str) -> Result<Contact, ContactProblem> {
    let text = text.trim();
    if text.chars().count() > MAX_CONTACT_CHARS {
        return Err(ContactProblem::Unreadable);
    }
    if text.contains('@') {
        return parse_email(text)
            .map(|value| Contact {
                kind: ContactKind::Email,
                value,
            })
            .ok_or(ContactProblem::Unreadable);
    }
    parse_phone(text)
        .map(|value| Contact {
            kind: ContactKind::Phone,
            value,
        })
        .ok_or(ContactProblem::Unreadable)
}

/// `+62` and the national number without its leading 0: 8 to 12 digits after the country code
/// (Indonesian landline and mobile numbers).
fn parse_phone(text: &str) -> Option<String> {
    let mut digits = String::new();
    let mut plus = false;
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest
    } else {
        digits.strip_prefix('0')?
    };
    let national = national.strip_prefix('0').map_or(national, |_| "");
    ((8..=12).contains(&national.len()) && !national.starts_with('0'))
        .then(|| format!("+62{national}"))
}

/// `name@domain.tld`: one `@`, no spaces, a dot in the domain; the domain in lowercase.
fn parse_email(text: &str) -> Option<String> {
    let (name, domain) = text.split_once('@')?;
    let ok_name = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let ok_domain = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    (ok_name && ok_domain).then(|| format!("{name}@{}", domain.to_ascii_lowercase()))
}

/// Whether the survey offers "Boleh kami hubungi?": after a low answer (1 or 2) or with a comment.
pub fn offered(scores: &[Option<u8>; 9], comment: &str) -> bool {
    scores.iter().flatten().any(|s| *s <= 2) || !comment.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn phone(text: &str) -> Option<String> {
        match parse_contact(text) {
            Ok(Contact {
                kind: ContactKind::Phone,
                value,
            }) => Some(value),
            _ => None,
        }
    }

    #[test]
    fn phone_numbers_as_people_write_them_are_kept_in_one_form() {
        for written in [
            "081234567890",
            "0812-3456-7890",
            "0812 3456 7890",
            "+62 812-3456-7890",
            "62812.3456.7890",
            "(+62) 812 3456 7890",
        ] {
            assert_eq!(
                phone(written).as_deref(),
                Some("+6281234567890"),
                "{written}"
            );
        }
        assert_eq!(phone("(0721) 123456").as_deref(), Some("+62721123456"));
    }

    #[test]
    fn what_is_no_phone_number_is_refused() {
        for written in [
            "12345",
            "0812",
            "08123456789012345",
            "0812 3456 abc",
            "+1 202 555 0100",
            "besok saja",
            "00812345678",
        ] {
            assert_eq!(
                parse_contact(written),
                Err(ContactProblem::Unreadable),
                "{written}"
            );
        }
    }

    #[test]
    fn email_addresses_keep_their_name_and_lowercase_their_domain() {
        assert_eq!(
            parse_contact(" Budi.Santoso@Gmail.COM "),
            Ok(Contact {
                kind: ContactKind::Email,
                value: "Budi.Santoso@gmail.com".into()
            })
        );
        for bad in [
            "budi@",
            "@gmail.com",
            "budi@gmail",
            "bu di@gmail.com",
            "a@b@c.id",
            "budi@-x.id",
        ] {
            assert_eq!(parse_contact(bad), Err(ContactProblem::Unreadable), "{bad}");
        }
    }

    #[test]
    fn nothing_is_kept_without_consent_and_consent_needs_a_contact() {
        assert_eq!(read_contact(false, None), Ok(None));
        assert_eq!(read_contact(false, Some("   ")), Ok(None));
        assert_eq!(
            read_contact(false, Some("081234567890")),
            Err(ContactProblem::NoConsent)
        );
        assert_eq!(read_contact(true, None), Err(ContactProblem::Missing));
        assert_eq!(
            read_contact(true, Some("081234567890")).map(|c| c.map(|c| c.value)),
            Ok(Some("+6281234567890".into()))
        );
    }

    #[test]
    fn links_open_the_phone_whatsapp_or_mail() {
        let c = parse_contact("0812-3456-7890").unwrap();
        assert_eq!(c.link(), "tel:+6281234567890");
        assert_eq!(
            c.whatsapp_link().as_deref(),
            Some("https://wa.me/6281234567890")
        );
        let e = parse_contact("budi@contoh.id").unwrap();
        assert_eq!(e.link(), "mailto:budi@contoh.id");
        assert_eq!(e.whatsapp_link(), None);
    }

    #[test]
    fn the_offer_follows_a_low_score_or_a_comment() {
        let good = [Some(4); 9];
        assert!(!offered(&good, ""));
        assert!(!offered(&good, "   "));
        assert!(offered(&good, "antrean lama"));
        let mut low = good;
        low[2] = Some(2);
        assert!(offered(&low, ""));
        let unanswered = [None; 9];
        assert!(!offered(&unanswered, ""));
    }

    proptest! {
        #[test]
        fn any_mobile_number_in_any_spelling_reads_the_same(
            rest in proptest::collection::vec(0u8..10, 8..=10),
            prefix in 0usize..3,
            sep in proptest::sample::select(vec!["", " ", "-", "."]),
        ) {
            let digits: String = rest.iter().map(|d| char::from(b'0' + d)).collect();
            let national = format!("8{digits}");
            let start = ["0", "+62", "62"][prefix];
            let (a, b) = national.split_at(3);
            let written = format!("{start}{a}{sep}{b}");
            prop_assert_eq!(phone(&written), Some(format!("+62{national}")));
        }
    }
}
