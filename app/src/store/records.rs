//! The records the storage takes and gives back: what to create, a response to store, what storing
//! it did, which answers a tally counts.

use crate::model::{RegionLevel, UnitKind};
use chrono::{DateTime, Utc};
use ikm_domain::profile::Gender;
use ikm_domain::submission::{Channel, Flag};
use ikm_domain::{Answers, Lang};
use uuid::Uuid;

/// A region to create (reference data, from the Kemendagri codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegion {
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<String>,
}

/// A unit to create when its code is new.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub region_code: String,
    /// The Mal Pelayanan Publik the unit serves in, if any (created on first mention).
    pub mpp_name: Option<String>,
    /// The national agency running it (a booth of Imigrasi, BPJS, …); `None` for a regional one.
    pub agency: Option<String>,
    pub complaint_contact: Option<String>,
    /// People served per year, for sample adequacy.
    pub population_per_year: Option<u64>,
}

/// How many records of each kind are stored (seeding and tests use it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordCounts {
    pub regions: u64,
    pub mpps: u64,
    pub units: u64,
    pub services: u64,
    pub responses: u64,
}

/// The optional respondent profile, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    pub education: Option<String>,
    pub occupation: Option<String>,
}

/// About how many answers one step of building a closed month's breakdown cells reads, in one
/// write transaction: ~17 ms on average at 10M responses, which is how long the survey's writer
/// waits for it. Steps of 5 000 answers built a month faster under load but held the survey's p99
/// at ~150 ms while they ran (docs/PERFORMANCE.md).
pub const CELL_BUILD_ANSWERS: u64 = 1_000;

/// What one step of building closed months' breakdown cells did (`Store::build_month_cells`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellBuild {
    /// Every month through the one asked for is built.
    Done,
    /// This many more units of the first month not built.
    Units(u32),
    /// That month (`YYYY-MM`) is now built for every unit, and marked so.
    Closed(String),
}

/// One response to store, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResponse {
    /// Made when the form was rendered: storing the same id twice stores one response.
    pub id: Uuid,
    pub unit_id: i64,
    pub service_id: Option<i64>,
    /// The counter or kiosk tag from the link (`loket`), empty when none.
    pub counter_tag: String,
    /// The Mal Pelayanan Publik it was given in (the hall's link, `mpp`); `None`: at the unit's
    /// own office.
    pub mpp_id: Option<i64>,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub answers: Answers,
    pub profile: Profile,
    pub comment: Option<String>,
    pub lang: Lang,
    /// Why it is kept out of the IKM, if it is.
    pub flag: Option<Flag>,
    /// A salted hash of the device token that rotates daily; never the token itself.
    pub device_hash: Option<String>,
    pub seconds_on_form: Option<u32>,
    /// The invitation it was given through (`invitation::normalize`d): storing it uses the
    /// invitation up, in the same transaction. `None`: the open survey. Not read back (the
    /// invitation names its answer).
    pub invitation: Option<String>,
    /// The contact the citizen consented to be reached at (issue #33), with the consent sentence
    /// as shown. Kept beside the answer for that unit's staff alone; never part of its fingerprint.
    /// Not read back with the answer.
    pub contact: Option<ContactConsent>,
}

/// A citizen's consent to be contacted, as given on the survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactConsent {
    pub contact: ikm_domain::contact::Contact,
    /// The sentence the citizen ticked, in the language of the form.
    pub statement: String,
}

/// A stored response, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub response: NewResponse,
    pub straight_line: bool,
}

/// Which answers has this device given this unit since then? (See `Store::device_answers_since`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceAsk {
    pub unit_id: i64,
    pub device_hash: String,
    pub since: DateTime<Utc>,
}

/// What storing a response did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordOutcome {
    /// Stored now, with its tally.
    Stored,
    /// Already stored with the same answers: nothing changed (a replay or a double submit).
    Duplicate,
    /// Already stored with different answers: nothing changed, the caller must not claim success.
    Conflict,
    /// Its invitation is another unit's, used by another answer, or had expired when it was
    /// given: nothing stored.
    InvitationRefused,
}

/// Which responses a tally covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// The responses that count towards the IKM.
    Valid,
    /// The flagged ones, kept out of the IKM.
    Flagged,
}
