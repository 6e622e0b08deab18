//! What a unit records as evidence of its SKM for the yearly evaluation (PEKPPP): the media its
//! results were published in, photos, and how each follow-up item was done. The storage interface
//! is [`crate::store::Scorecards`]; the scoring is `ikm_domain::scorecard`.

use crate::dashboard::{ActionStatus, FollowUpAction};
use chrono::NaiveDate;
pub use ikm_domain::scorecard::MediumKind;
use ikm_domain::scorecard::{CommentFacts, Publication};
use serde::{Deserialize, Serialize};

/// The largest photo accepted, as uploaded.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

/// A photo is kept at most this wide or high (larger ones are scaled down).
pub const MAX_PHOTO_SIDE: u32 = 1600;

/// The link of a stored photo.
pub fn photo_path(token: &str) -> String {
    format!("/bukti/{token}")
}

pub use crate::dashboard::Evidence;

/// A medium a period's results appeared in, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediumRecord {
    pub id: i64,
    pub period: String,
    pub kind: MediumKind,
    pub name: String,
    pub on: NaiveDate,
    pub link: Option<String>,
    pub photo: Option<String>,
    pub created_by: String,
}

/// A medium to record (with an optional photo stored beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMedium {
    pub period: String,
    pub kind: MediumKind,
    pub name: String,
    pub on: NaiveDate,
    pub link: Option<String>,
}

/// A photo to store: already checked and re-encoded (`server/src/web/photos.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPhoto {
    pub token: String,
    /// `image/jpeg` or `image/png`.
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// A stored photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub unit_id: i64,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A follow-up item's progress as staff report it. Evidence left empty keeps what was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionUpdate {
    pub status: ActionStatus,
    /// Required when done; dropped otherwise.
    pub done_on: Option<NaiveDate>,
    pub note: Option<String>,
    pub link: Option<String>,
}

/// The rubric an administrator stored, with who and when (`rubric: None`: back to the defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricRecord {
    pub rubric: Option<ikm_domain::rubric::Rubric>,
    pub at: String,
    pub by: String,
}

/// One month's reminder to one address, as logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderMail {
    pub month: String,
    pub address: String,
    /// `sending`, `sent` or `failed`.
    pub status: String,
    pub items: u64,
    pub detail: String,
    pub at: String,
}

/// What the scorecard reads of a region's units for a year beyond tallies, each row with its
/// unit's id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearEvidence {
    /// Periods of the year published on the public pages (with the Jakarta day).
    pub publications: Vec<(i64, Publication)>,
    pub media: Vec<(i64, MediumRecord)>,
    pub actions: Vec<(i64, FollowUpAction)>,
    pub comments: Vec<(i64, CommentFacts)>,
}

/// What the scorecard needs of a unit's valid answers of one month: how many respondents, and
/// which unsur got at least one answer (bit `i` for the `i`-th unsur in regulation order).
/// Summable over months.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthAnswers {
    pub respondents: u64,
    pub unsur: u16,
}

impl MonthAnswers {
    /// Every one of the nine unsur answered.
    pub const ALL_NINE: u16 = (1 << 9) - 1;

    pub fn add(&mut self, other: &MonthAnswers) {
        self.respondents += other.respondents;
        self.unsur |= other.unsur;
    }

    /// Whether all nine unsur have at least one answer.
    pub fn all_nine(&self) -> bool {
        self.unsur & Self::ALL_NINE == Self::ALL_NINE
    }
}

/// Whose year the scorecard reads: the units of a region (a province: all its kabupaten/kota's
/// too), or one unit (its dashboard, its detail page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units<'a> {
    InRegion(&'a str),
    One { id: i64, region_code: &'a str },
}

impl<'a> Units<'a> {
    /// The region code the units are in (for one unit, its own region).
    pub fn region_code(self) -> &'a str {
        match self {
            Units::InRegion(code) => code,
            Units::One { region_code, .. } => region_code,
        }
    }
}
