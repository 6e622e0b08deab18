//! The survey form: its fields, their validation, and what a rejected submission shows again.
//!
//! Used by the page (to render and check the form in the browser) and by the server's submission
//! handler (to validate a post). Scores, profile rules and limits come from `ikm_domain`.

use crate::model::Service;
use ikm_domain::contact::{read_contact, Contact, ContactProblem};
use ikm_domain::profile::{Gender, AGE_RANGE, EDUCATION, MAX_COMMENT_CHARS, OCCUPATION};
use ikm_domain::{Answers, Score, Unsur};
use serde::{Deserialize, Serialize};

/// Form field names.
pub mod field {
    /// The response's UUID: its idempotency key. Rendered into the page; the browser's offline
    /// queue puts a fresh one into each response it stores.
    pub const ID: &str = "id";
    /// The id the page was rendered with, sent by the queue (whose `id` is its own) so that the
    /// render token can still be checked.
    pub const FORM: &str = "form";
    /// When the citizen pressed "send", RFC 3339, sent by the queue (a queued response may arrive
    /// days later; it counts on the day it was given).
    pub const ANSWERED_AT: &str = "answered_at";
    pub const TOKEN: &str = "token";
    pub const SERVICE: &str = "service";
    pub const COUNTER: &str = "counter";
    pub const CHANNEL: &str = "channel";
    /// The Mal Pelayanan Publik the form is answered in (its code; the hall's link `?mpp=`).
    pub const PLACE: &str = "mpp";
    pub const GENDER: &str = "gender";
    pub const AGE: &str = "age";
    pub const EDUCATION: &str = "education";
    pub const OCCUPATION: &str = "occupation";
    pub const COMMENT: &str = "comment";
    /// The consent sentence's box ("Boleh kami hubungi?"): `ya` when ticked.
    pub const CONTACT_CONSENT: &str = "hubungi";
    /// The phone/WhatsApp number or e-mail address the citizen may be contacted at.
    pub const CONTACT: &str = "kontak";
    pub const LANG: &str = "lang";
    /// The honeypot: hidden from people, filled in by robots.
    pub const HONEYPOT: &str = "website";
}

/// The longest counter/kiosk tag kept from a link.
pub const MAX_COUNTER_CHARS: usize = 40;

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// An answer is required and missing.
    Required,
    /// The value is not one of the choices offered.
    Invalid,
    /// The text is longer than allowed.
    TooLong,
    /// The age is not a number of years in the accepted range.
    Age,
    /// The consent to be contacted: no contact, an unreadable one, or one without consent.
    Contact(ContactProblem),
}

/// What the citizen had entered, to show again with the problems beside the fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Scores in regulation order (U1 … U9).
    pub answers: [Option<u8>; 9],
    pub service: Option<i64>,
    pub gender: Option<String>,
    pub age: String,
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub comment: String,
    /// The consent box as ticked and the contact as typed.
    #[serde(default)]
    pub contact_consent: bool,
    #[serde(default)]
    pub contact: String,
    /// `(field name, problem)`; answer fields are named by their unsur key.
    pub problems: Vec<(String, Problem)>,
    /// The form itself could not be matched (bad id); a fresh one is shown.
    pub form_invalid: bool,
}

impl Draft {
    pub fn problem(&self, field: &str) -> Option<Problem> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, p)| *p)
    }
}

/// A validated form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidForm {
    pub answers: Answers,
    pub service_id: Option<i64>,
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub comment: Option<String>,
    /// The contact the citizen consented to be reached at; `None` without consent.
    pub contact: Option<Contact>,
}

fn value<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// Checks a posted form against the unit's services; all nine answers are required online.
pub fn validate(
    fields: &[(String, String)],
    services: &[Service],
) -> Result<ValidForm, Box<Draft>> {
    let (draft, form) = check(fields, services);
    form.ok_or_else(|| Box::new(draft))
}

/// What was entered (to show again) and, when every field is acceptable, the validated form.
pub fn check(fields: &[(String, String)], services: &[Service]) -> (Draft, Option<ValidForm>) {
    let mut draft = Draft::default();
    let mut scores = [None; 9];
    for unsur in Unsur::ALL {
        match value(fields, unsur.key()) {
            None => draft.problems.push((unsur.key().into(), Problem::Required)),
            Some(text) => match text.parse::<u8>().ok().and_then(|v| Score::new(v).ok()) {
                Some(score) => {
                    scores[unsur.index()] = Some(score);
                    draft.answers[unsur.index()] = Some(score.value());
                }
                None => draft.problems.push((unsur.key().into(), Problem::Invalid)),
            },
        }
    }
    let service_id = match value(fields, field::SERVICE) {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(id) if services.iter().any(|s| s.id == id) => {
                draft.service = Some(id);
                Some(id)
            }
            _ => {
                draft
                    .problems
                    .push((field::SERVICE.into(), Problem::Invalid));
                None
            }
        },
    };
    let gender = value(fields, field::GENDER).and_then(|g| {
        draft.gender = Some(g.to_string());
        let parsed = Gender::parse(g);
        if parsed.is_none() {
            draft
                .problems
                .push((field::GENDER.into(), Problem::Invalid));
        }
        parsed
    });
    let age = value(fields, field::AGE).and_then(|a| {
        draft.age = a.to_string();
        let parsed = a.parse::<u8>().ok().filter(|a| AGE_RANGE.contains(a));
        if parsed.is_none() {
            draft.problems.push((field::AGE.into(), Problem::Age));
        }
        parsed
    });
    let mut choice = |name: &str, options: &[&str], slot: &mut Option<String>| {
        let chosen = value(fields, name)?;
        *slot = Some(chosen.to_string());
        if options.contains(&chosen) {
            Some(chosen.to_string())
        } else {
            draft.problems.push((name.into(), Problem::Invalid));
            None
        }
    };
    let mut education_slot = None;
    let education = choice(field::EDUCATION, &EDUCATION, &mut education_slot);
    let mut occupation_slot = None;
    let occupation = choice(field::OCCUPATION, &OCCUPATION, &mut occupation_slot);
    draft.education = education_slot;
    draft.occupation = occupation_slot;
    let comment = value(fields, field::COMMENT)
        .map(ikm_domain::profile::clean_comment)
        .filter(|c| !c.is_empty());
    if let Some(text) = &comment {
        draft.comment = text.clone();
        if text.chars().count() > MAX_COMMENT_CHARS {
            draft
                .problems
                .push((field::COMMENT.into(), Problem::TooLong));
        }
    }
    draft.contact_consent = value(fields, field::CONTACT_CONSENT).is_some();
    let typed = value(fields, field::CONTACT);
    draft.contact = typed
        .unwrap_or_default()
        .chars()
        .take(ikm_domain::contact::MAX_CONTACT_CHARS)
        .collect();
    let contact = match read_contact(draft.contact_consent, typed) {
        Ok(contact) => contact,
        Err(problem) => {
            // Named by the field to correct: the box when it was left unticked, else the contact.
            let name = match problem {
                ContactProblem::NoConsent => field::CONTACT_CONSENT,
                _ => field::CONTACT,
            };
            draft
                .problems
                .push((name.into(), Problem::Contact(problem)));
            None
        }
    };
    if !draft.problems.is_empty() {
        return (draft, None);
    }
    let Ok(answers) = Answers::new(scores) else {
        return (draft, None);
    };
    let form = ValidForm {
        answers,
        service_id,
        gender,
        age,
        education,
        occupation,
        comment,
        contact,
    };
    (draft, Some(form))
}

/// The counter/kiosk tag from a link, cleaned: letters, digits, `-` and `_`, at most 40.
pub fn clean_counter(tag: Option<&str>) -> String {
    tag.unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
        .take(MAX_COUNTER_CHARS)
        .collect::<String>()
        .trim()
        .to_string()
}

/// A response id: a UUIDv7, time-ordered by the Unix milliseconds of its making (the form's render
/// on the server, or the press of "send" in the offline queue), then random. Ids made close in
/// time sort close together, so each stored answer adds to the end of the id's index instead of a
/// random page of it (random v4 ids cost ~8 % of the answers/s at 10M; docs/PERFORMANCE.md).
pub fn response_id(unix_ms: u64, random: &[u8; 10]) -> uuid::Uuid {
    uuid::Builder::from_unix_timestamp_millis(unix_ms, random).into_uuid()
}

/// Seconds the kiosk shows its thanks before it returns to the form.
pub const KIOSK_RETURN_SECONDS: u32 = 6;

/// Where a kiosk goes back to for the next citizen: its empty form at `survey_url`, in Bahasa
/// Indonesia whatever language the last citizen chose (through the language switch, which works
/// without JavaScript).
pub fn kiosk_restart(survey_url: &str) -> String {
    format!("/bahasa/id?next={}", crate::i18n::encode_query(survey_url))
}

/// A rejected post, handed by the submission handler to the page it renders again.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub response_id: String,
    pub token: String,
    pub draft: Draft,
}

/// Server-only helpers: the signed form token and the device hash.
#[cfg(feature = "ssr")]
pub mod server {
    use chrono::{DateTime, Utc};
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    /// The cookie that lets the anti-abuse rules recognise a device (its value is never stored).
    pub const DEVICE_COOKIE: &str = "ikm_device";

    fn mac(secret: &str, message: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
            return String::new();
        };
        mac.update(message.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// `{unix seconds}.{mac}`: proves when the server rendered the form with this response id.
    pub fn sign_form(secret: &str, response_id: &str, rendered_at: DateTime<Utc>) -> String {
        let at = rendered_at.timestamp();
        format!("{at}.{}", mac(secret, &format!("{response_id}.{at}")))
    }

    /// When the form with this id was rendered, if the token is genuine.
    pub fn verify_form(secret: &str, response_id: &str, token: &str) -> Option<DateTime<Utc>> {
        let (at, given) = token.split_once('.')?;
        let seconds: i64 = at.parse().ok()?;
        let expected = mac(secret, &format!("{response_id}.{seconds}"));
        // Both are hex of the same length; compare without an early exit.
        let same = expected.len() == given.len()
            && expected
                .bytes()
                .zip(given.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        same.then(|| DateTime::from_timestamp(seconds, 0))?
    }

    /// A salted hash of the device cookie for one unit and one Jakarta day: it rotates daily and
    /// cannot be turned back into the cookie.
    pub fn device_hash(secret: &str, day: &str, unit_id: i64, device_token: &str) -> String {
        let digest = Sha256::digest(format!("{secret}|{day}|{unit_id}|{device_token}").as_bytes());
        hex::encode(&digest[..16])
    }

    pub use crate::cookies::cookie;

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_token_proves_its_id_and_time_and_nothing_else() {
            let at = DateTime::from_timestamp(1_700_000_000, 0).expect("time");
            let token = sign_form("s3cret", "id-1", at);
            assert_eq!(verify_form("s3cret", "id-1", &token), Some(at));
            assert_eq!(verify_form("s3cret", "id-2", &token), None);
            assert_eq!(verify_form("other", "id-1", &token), None);
            let forged = token.replace("1700000000", "1600000000");
            assert_eq!(verify_form("s3cret", "id-1", &forged), None);
            assert_eq!(verify_form("s3cret", "id-1", "garbage"), None);
        }

        #[test]
        fn device_hashes_rotate_by_day_and_unit() {
            let a = device_hash("s", "2026-11-27", 1, "tok");
            assert_eq!(a, device_hash("s", "2026-11-27", 1, "tok"));
            assert_ne!(a, device_hash("s", "2026-11-28", 1, "tok"));
            assert_ne!(a, device_hash("s", "2026-11-27", 2, "tok"));
            assert!(!a.contains("tok"));
            assert_eq!(
                cookie("a=1; ikm_device=xyz; b=2", DEVICE_COOKIE),
                Some("xyz")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_ids_are_version_7_and_sort_by_their_time() {
        let at = 1_796_000_000_000; // 2026-11-30, in Unix milliseconds
        let id = response_id(at, &[0xff; 10]);
        assert_eq!(id.get_version_num(), 7);
        assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
        let (seconds, nanos) = id.get_timestamp().expect("a timestamp").to_unix();
        assert_eq!(seconds * 1_000 + u64::from(nanos) / 1_000_000, at);
        // As stored (lowercase hyphenated text), a later id sorts after an earlier one whatever
        // their random bits.
        let earlier = response_id(at, &[0xff; 10]).to_string();
        let later = response_id(at + 1, &[0; 10]).to_string();
        assert!(earlier < later, "{earlier} < {later}");
    }

    fn services() -> Vec<Service> {
        vec![Service {
            id: 7,
            name: "KTP-el".into(),
        }]
    }

    fn full() -> Vec<(String, String)> {
        let mut f: Vec<(String, String)> = Unsur::ALL
            .iter()
            .map(|u| (u.key().to_string(), "3".to_string()))
            .collect();
        f.push(("service".into(), "7".into()));
        f.push(("comment".into(), "  Antrean cepat  ".into()));
        f
    }

    #[test]
    fn a_complete_form_is_valid() {
        let form = validate(&full(), &services()).expect("valid");
        assert!(form.answers.is_complete());
        assert_eq!(form.service_id, Some(7));
        assert_eq!(form.comment.as_deref(), Some("Antrean cepat"));
    }

    #[test]
    fn a_missing_answer_is_reported_and_the_others_kept() {
        let fields: Vec<_> = full().into_iter().filter(|(k, _)| k != "waktu").collect();
        let draft = validate(&fields, &services()).expect_err("waktu missing");
        assert_eq!(draft.problem("waktu"), Some(Problem::Required));
        assert_eq!(draft.answers[Unsur::Persyaratan.index()], Some(3));
        assert_eq!(draft.answers[Unsur::Waktu.index()], None);
        assert_eq!(draft.service, Some(7));
        assert_eq!(draft.comment, "Antrean cepat");
    }

    #[test]
    fn a_consented_contact_is_kept_and_nothing_without_consent() {
        let form = validate(&full(), &services()).expect("valid");
        assert_eq!(form.contact, None, "no consent, no contact");
        let mut fields = full();
        fields.push(("hubungi".into(), "ya".into()));
        fields.push(("kontak".into(), "0812-3456-7890".into()));
        let form = validate(&fields, &services()).expect("valid");
        assert_eq!(
            form.contact.map(|c| c.value).as_deref(),
            Some("+6281234567890")
        );
        // A number without the box ticked is not kept: the citizen is asked to tick or empty it.
        let mut fields = full();
        fields.push(("kontak".into(), "0812-3456-7890".into()));
        let draft = validate(&fields, &services()).expect_err("no consent");
        assert_eq!(
            draft.problem("hubungi"),
            Some(Problem::Contact(ContactProblem::NoConsent))
        );
        assert_eq!(draft.contact, "0812-3456-7890", "shown again as typed");
        assert_eq!(draft.comment, "Antrean cepat");
        let mut fields = full();
        fields.push(("hubungi".into(), "ya".into()));
        fields.push(("kontak".into(), "besok saja".into()));
        let draft = validate(&fields, &services()).expect_err("unreadable");
        assert_eq!(
            draft.problem("kontak"),
            Some(Problem::Contact(ContactProblem::Unreadable))
        );
        assert!(draft.contact_consent);
    }

    #[test]
    fn impossible_values_are_invalid() {
        let mut fields = full();
        fields.retain(|(k, _)| k != "biaya" && k != "service" && k != "comment");
        fields.push(("biaya".into(), "5".into()));
        fields.push(("service".into(), "999".into()));
        fields.push(("age".into(), "7".into()));
        fields.push(("education".into(), "Profesor".into()));
        fields.push(("comment".into(), "x".repeat(MAX_COMMENT_CHARS + 1)));
        let draft = validate(&fields, &services()).expect_err("invalid");
        assert_eq!(draft.problem("biaya"), Some(Problem::Invalid));
        assert_eq!(draft.problem("service"), Some(Problem::Invalid));
        assert_eq!(draft.problem("age"), Some(Problem::Age));
        assert_eq!(draft.problem("education"), Some(Problem::Invalid));
        assert_eq!(draft.problem("comment"), Some(Problem::TooLong));
    }

    #[test]
    fn counter_tags_are_cleaned() {
        assert_eq!(clean_counter(Some("Loket 3")), "Loket 3");
        assert_eq!(clean_counter(Some("<script>")), "script");
        assert_eq!(clean_counter(None), "");
        assert_eq!(
            clean_counter(Some(&"a".repeat(100))).len(),
            MAX_COUNTER_CHARS
        );
    }
}
