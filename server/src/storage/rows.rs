//! Reading rows into the app's records: regions, units and responses, wherever a query reads them.

use super::shared::{instant, SCORE_COLUMNS};
use super::sql::Cols;
use app::model::{Region, RegionLevel, UnitKind, UnitSummary};
use app::store::{NewResponse, Profile, StoreError, StoreResult, StoredResponse};

use ikm_domain::profile::Gender;
use ikm_domain::submission::{Channel, Flag};
use ikm_domain::{Answers, Lang, Score};
use uuid::Uuid;

/// The columns (and joins) of a unit's row: `SELECT {UNIT_COLUMNS} WHERE …`.
pub const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.region_code, u.active, \
     u.complaint_contact, u.kiosk_profile, m.name AS mpp_name, r.name AS region_name, \
     COALESCE(i.only_invited, FALSE) AS only_invited \
     FROM units u JOIN regions r ON r.code = u.region_code LEFT JOIN mpps m ON m.id = u.mpp_id \
     LEFT JOIN invitation_settings i ON i.unit_id = u.id";

pub fn parse_region(row: &impl Cols) -> StoreResult<Region> {
    let level: String = row.col("level")?;
    Ok(Region {
        code: row.col("code")?,
        name: row.col("name")?,
        level: RegionLevel::parse(&level)
            .ok_or_else(|| StoreError::Failed(format!("unknown region level {level}")))?,
        parent_code: row.col("parent_code")?,
    })
}

/// A unit's summary from a row of [`UNIT_COLUMNS`].
pub fn parse_unit(row: &impl Cols) -> StoreResult<UnitSummary> {
    let kind: String = row.col("kind")?;
    Ok(UnitSummary {
        code: row.col("code")?,
        name: row.col("name")?,
        kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Lainnya),
        region_code: row.col("region_code")?,
        mpp_name: row.col("mpp_name")?,
    })
}

/// The nine answers of a response row (`s_persyaratan … s_sarana`).
pub(crate) fn parse_answers(row: &impl Cols) -> StoreResult<Answers> {
    let mut scores = [None; 9];
    for (slot, column) in scores.iter_mut().zip(SCORE_COLUMNS.iter()) {
        let value: Option<i64> = row.col(column.as_str())?;
        *slot = value
            .map(|v| Score::new(u8::try_from(v).unwrap_or(0)))
            .transpose()
            .map_err(|e| StoreError::Failed(e.to_string()))?;
    }
    Answers::new(scores).map_err(|e| StoreError::Failed(e.to_string()))
}

/// The optional profile answers of a response row.
pub(crate) fn parse_profile(row: &impl Cols) -> StoreResult<Profile> {
    let text = |c: &str| row.col::<Option<String>>(c);
    Ok(Profile {
        gender: text("gender")?.as_deref().and_then(Gender::parse),
        age: row
            .col::<Option<i64>>("age")?
            .and_then(|a| u8::try_from(a).ok()),
        education: text("education")?,
        occupation: text("occupation")?,
    })
}

/// A whole response row (`SELECT *`).
pub(crate) fn parse_response(row: &impl Cols) -> StoreResult<StoredResponse> {
    let bad = |what: &str| StoreError::Failed(format!("stored response has a bad {what}"));
    let text = |c: &str| row.col::<Option<String>>(c);
    let id: String = row.col("id")?;
    let channel: String = row.col("channel")?;
    let received: String = row.col("received_at")?;
    let lang: String = row.col("lang")?;
    Ok(StoredResponse {
        straight_line: row.col("straight_line")?,
        response: NewResponse {
            id: Uuid::parse_str(&id).map_err(|_| bad("id"))?,
            unit_id: row.col("unit_id")?,
            service_id: row.col("service_id")?,
            counter_tag: row.col("counter_tag")?,
            mpp_id: row.col("mpp_id")?,
            channel: Channel::parse(&channel).ok_or_else(|| bad("channel"))?,
            received_at: instant(&received, "answer's time")?,
            answers: parse_answers(row)?,
            profile: parse_profile(row)?,
            comment: text("comment")?,
            lang: Lang::from_tag(&lang).unwrap_or_default(),
            flag: text("flag")?.as_deref().and_then(Flag::parse),
            device_hash: text("device_hash")?,
            seconds_on_form: row
                .col::<Option<i64>>("seconds_on_form")?
                .and_then(|s| u32::try_from(s).ok()),
            invitation: None,
            contact: None,
        },
    })
}
