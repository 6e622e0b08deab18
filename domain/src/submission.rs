//! How a response arrived (channel) and the anti-abuse rules that flag — never delete — a response.
//!
//! Flagged responses are stored with their reason, left out of the IKM, and counted where the IKM is
//! shown. Straight-lining (all answers equal) is normal for a short good visit: it is recorded, not
//! flagged.

use serde::{Deserialize, Serialize};

/// How a response reached the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The unit's QR code, on the citizen's phone.
    Qr,
    /// The unit's kiosk tablet.
    Kiosk,
    /// A link on a website or message.
    Web,
    /// A paper questionnaire typed in later.
    Paper,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Qr, Channel::Kiosk, Channel::Web, Channel::Paper];

    pub fn key(self) -> &'static str {
        match self {
            Channel::Qr => "qr",
            Channel::Kiosk => "kiosk",
            Channel::Web => "web",
            Channel::Paper => "paper",
        }
    }

    /// How staff call the channel.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Id};
        match (self, lang) {
            (Channel::Qr, Id) => "Kode QR (ponsel)",
            (Channel::Qr, En) => "QR code (phone)",
            (Channel::Kiosk, Id) => "Kios",
            (Channel::Kiosk, En) => "Kiosk",
            (Channel::Web, Id) => "Tautan web",
            (Channel::Web, En) => "Web link",
            (Channel::Paper, Id) => "Kertas",
            (Channel::Paper, En) => "Paper",
        }
    }

    pub fn parse(key: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Submissions one device may make to one unit within [`Channel::rate_window_secs`] before the
    /// next is flagged. A kiosk serves a queue of citizens and must take one every ~20 s; a phone is
    /// one person, and more than a few an hour is suspicious.
    pub fn rate_limit(self) -> u64 {
        match self {
            Channel::Kiosk => 1,
            Channel::Qr | Channel::Web => 3,
            Channel::Paper => u64::MAX,
        }
    }

    pub fn rate_window_secs(self) -> i64 {
        match self {
            Channel::Kiosk => 15,
            Channel::Qr | Channel::Web => 3600,
            Channel::Paper => 0,
        }
    }
}

/// Why a response is kept out of the IKM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The hidden field only robots fill in was filled in.
    Honeypot,
    /// The same device submitted to the same unit faster than the channel allows.
    RateLimit,
    /// Completed faster than a person can read nine questions (or with no proof of when the form
    /// was shown).
    TooFast,
}

impl Flag {
    pub const ALL: [Flag; 3] = [Flag::Honeypot, Flag::RateLimit, Flag::TooFast];

    pub fn key(self) -> &'static str {
        match self {
            Flag::Honeypot => "honeypot",
            Flag::RateLimit => "rate_limit",
            Flag::TooFast => "too_fast",
        }
    }

    pub fn parse(key: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// The least time, in seconds, between showing the form and receiving nine answers that a person
/// needs: nine short questions on a phone take a fast reader more than this.
pub const MIN_SECONDS_ON_FORM: u64 = 8;

/// What the server knows about one submission when it decides whether to flag it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Circumstances {
    pub channel: Channel,
    pub honeypot_filled: bool,
    /// Seconds since the form was rendered; `None` when the form carried no valid proof of that.
    pub seconds_on_form: Option<u64>,
    /// Earlier submissions from the same device to the same unit within the channel's window.
    pub recent_from_device: u64,
}

/// The first rule a submission breaks, if any (honeypot, then reading time, then rate).
pub fn assess(c: &Circumstances) -> Option<Flag> {
    if c.channel == Channel::Paper {
        return None;
    }
    if c.honeypot_filled {
        return Some(Flag::Honeypot);
    }
    match c.seconds_on_form {
        Some(seconds) if seconds >= MIN_SECONDS_ON_FORM => {}
        _ => return Some(Flag::TooFast),
    }
    (c.recent_from_device >= c.channel.rate_limit()).then_some(Flag::RateLimit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal(channel: Channel) -> Circumstances {
        Circumstances {
            channel,
            honeypot_filled: false,
            seconds_on_form: Some(40),
            recent_from_device: 0,
        }
    }

    #[test]
    fn an_ordinary_submission_is_not_flagged() {
        assert_eq!(assess(&normal(Channel::Qr)), None);
        assert_eq!(assess(&normal(Channel::Kiosk)), None);
    }

    #[test]
    fn each_rule_flags_with_its_reason() {
        let mut c = normal(Channel::Qr);
        c.honeypot_filled = true;
        assert_eq!(assess(&c), Some(Flag::Honeypot));
        let mut c = normal(Channel::Qr);
        c.seconds_on_form = Some(MIN_SECONDS_ON_FORM - 1);
        assert_eq!(assess(&c), Some(Flag::TooFast));
        c.seconds_on_form = None;
        assert_eq!(assess(&c), Some(Flag::TooFast));
        let mut c = normal(Channel::Qr);
        c.recent_from_device = 2;
        assert_eq!(assess(&c), None, "a third submission in an hour is allowed");
        c.recent_from_device = 3;
        assert_eq!(assess(&c), Some(Flag::RateLimit));
    }

    #[test]
    fn a_kiosk_takes_one_response_per_window_and_paper_is_never_flagged() {
        let mut kiosk = normal(Channel::Kiosk);
        kiosk.recent_from_device = 1;
        assert_eq!(assess(&kiosk), Some(Flag::RateLimit));
        assert!(
            Channel::Kiosk.rate_window_secs() < 20,
            "one response every ~20 s passes"
        );
        let paper = Circumstances {
            channel: Channel::Paper,
            honeypot_filled: true,
            seconds_on_form: None,
            recent_from_device: 99,
        };
        assert_eq!(assess(&paper), None);
    }

    #[test]
    fn keys_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.key()), Some(c));
        }
        for f in Flag::ALL {
            assert_eq!(Flag::parse(f.key()), Some(f));
        }
    }
}
