//! What the open API answers: plain records with English field names, figures as JSON numbers with
//! two decimals (the engine's rounded values), dates as ISO 8601. Each record that has a CSV
//! variant is flat, so the CSV has the same columns as the JSON.

use serde::Serialize;
use utoipa::ToSchema;

/// A province, regency (kabupaten) or city (kota), by its Kemendagri code.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiRegion {
    /// Kemendagri code, e.g. `18` (Lampung) or `18.71` (Kota Bandar Lampung).
    pub code: String,
    pub name: String,
    /// `province`, `regency` or `city`.
    pub level: String,
    /// The province of a regency or city; empty for a province.
    pub parent_code: Option<String>,
}

/// A public-service unit that has published at least one period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiUnit {
    pub code: String,
    pub name: String,
    /// `disdukcapil`, `dpmptsp`, `rsud`, `puskesmas`, `samsat` or `lainnya`.
    pub kind: String,
    /// The regency or city the unit belongs to.
    pub region_code: String,
    /// The Mal Pelayanan Publik the unit serves in, if any.
    pub mpp_name: Option<String>,
    /// The latest period the unit published (key, e.g. `2026-T3`).
    pub latest_period: String,
    /// Every period the unit published, newest first, separated by spaces.
    pub published_periods: String,
}

/// A service (jenis layanan) a unit offers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiService {
    pub unit_code: String,
    pub id: i64,
    pub name: String,
}

/// A reporting period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiPeriod {
    /// `2026-05` (month), `2026-T3` (triwulan), `2026-S2` (semester) or `2026` (year).
    pub key: String,
    /// Its name in Bahasa Indonesia, e.g. `Triwulan III 2026`.
    pub label: String,
    /// First day, inclusive.
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
}

/// The 95% confidence interval of a converted IKM (25–100).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct ApiInterval {
    pub low: f64,
    pub high: f64,
}

/// Whether the respondents reach the Krejcie–Morgan minimum for the period's population.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct ApiAdequacy {
    /// Service users in the period (from the unit's yearly figure).
    pub population: u64,
    /// The Krejcie–Morgan minimum sample for that population.
    pub required: u64,
    pub respondents: u64,
    pub adequate: bool,
}

/// One unsur (element) of the nine.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiUnsur {
    /// `U1` … `U9`.
    pub code: String,
    /// Short key, e.g. `persyaratan`.
    pub key: String,
    /// Its name in Bahasa Indonesia.
    pub name: String,
    /// Respondents who answered it.
    pub answered: u64,
    /// Sum of their scores (1–4).
    pub score_sum: u64,
    /// Average score (NRR, 1–4), two decimals; empty when nobody answered.
    pub nrr: Option<f64>,
    /// NRR × 25 (25–100), two decimals.
    pub converted: Option<f64>,
    /// `A`, `B`, `C` or `D`.
    pub grade: Option<String>,
}

/// A unit's IKM for one published period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiUnitIkm {
    pub unit_code: String,
    pub unit_name: String,
    pub region_code: String,
    pub period: ApiPeriod,
    /// Valid respondents in the period.
    pub respondents: u64,
    /// The IKM on the 1–4 scale (weighted NRR sum), two decimals; empty without answers.
    pub ikm: Option<f64>,
    /// The IKM converted to 25–100, two decimals: the figure units publish.
    pub converted: Option<f64>,
    /// Mutu pelayanan: `A`, `B`, `C` or `D`.
    pub grade: Option<String>,
    /// Kinerja unit pelayanan, e.g. `Sangat Baik`.
    pub performance: Option<String>,
    pub interval: Option<ApiInterval>,
    /// Empty when the unit's yearly number of service users is unknown.
    pub adequacy: Option<ApiAdequacy>,
    /// The weakest unsur's code (`U1` … `U9`).
    pub weakest: Option<String>,
    pub unsur: Vec<ApiUnsur>,
}

/// One row of a region's comparison: the region itself, a regency/city, or a unit. Pooled figures
/// apply the unit formula to every response of the row's units; the mean of units averages their
/// converted IKMs. Only units that published the period count.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiComparisonRow {
    /// `region` (a province, regency or city), `mpp` (a Mal Pelayanan Publik) or `unit`.
    pub kind: String,
    pub code: String,
    pub name: String,
    pub respondents: u64,
    /// Pooled converted IKM (25–100).
    pub converted: Option<f64>,
    pub grade: Option<String>,
    /// Mean of the units' converted IKMs (25–100).
    pub mean_of_units: Option<f64>,
    pub mean_of_units_grade: Option<String>,
    /// 95% interval of the pooled figure.
    pub interval_low: Option<f64>,
    pub interval_high: Option<f64>,
    /// Summed period population of the units; empty when one is unknown.
    pub population: Option<u64>,
    /// Krejcie–Morgan minimum for that population.
    pub required: Option<u64>,
    /// Whether the respondents reach it; a row that does not is not ranked.
    pub adequate: Option<bool>,
    /// Units that published the period, of the row's active units.
    pub units_published: u64,
    pub units_total: u64,
}

/// A region's IKM for one period: the region's own row and one row per regency/city (for a
/// province) or per unit (for a regency or city).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiRegionIkm {
    pub region: ApiRegion,
    pub period: ApiPeriod,
    pub total: ApiComparisonRow,
    pub rows: Vec<ApiComparisonRow>,
}

/// A booth (tenant) of a Mal Pelayanan Publik: a unit of this product.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiMppTenant {
    pub code: String,
    pub name: String,
    /// The national agency running the booth (Imigrasi, BPJS, …); empty for a regional office.
    pub agency: Option<String>,
}

/// A Mal Pelayanan Publik (Perpres 89/2021): one hall of a regency or city where many agencies
/// serve.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiMpp {
    /// Its code, as in its hall's survey link `/m/{code}`.
    pub code: String,
    pub name: String,
    /// The regency or city it belongs to.
    pub region_code: String,
    pub region_name: String,
    pub address: String,
    /// The hall's survey page (one QR code for every booth).
    pub hall_url: String,
    /// The booths serving there now.
    pub tenants: Vec<ApiMppTenant>,
    /// The periods its figures are public for (a period some booth published), newest first.
    pub published_periods: Vec<String>,
}

/// An MPP's IKM for one period, from the answers given in its hall: its own row (pooled over the
/// booths that published the period, and the mean of those booths) and one row per such booth.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiMppIkm {
    pub mpp: ApiMpp,
    pub period: ApiPeriod,
    pub total: ApiComparisonRow,
    pub rows: Vec<ApiComparisonRow>,
}

/// What went wrong, in words a person can act on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiErrorBody {
    pub error: String,
}

/// The refusals of a route that reads a code or a query: each answers [`ApiErrorBody`].
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // a description for the OpenAPI document; handlers answer `ApiError`
pub enum ReadErrors {
    /// The query, the address or the period cannot be read (the message says how to write it).
    #[response(status = 400)]
    BadRequest(ApiErrorBody),
    /// No such region or unit, or nothing (or not this period) published (the message lists what is).
    #[response(status = 404)]
    NotFound(ApiErrorBody),
    /// The database is unavailable; try again in a minute.
    #[response(status = 503)]
    Unavailable(ApiErrorBody),
}

/// What a queue machine asks for: how many invitations, and optionally the service and counter
/// they are for.
#[derive(Debug, Clone, serde::Deserialize, ToSchema)]
#[schema(example = json!({ "count": 2, "counter": "3" }))]
pub struct ApiInvitationRequest {
    /// 1 to 500; 1 when left out.
    #[schema(minimum = 1, maximum = 500)]
    pub count: Option<u32>,
    /// One of the unit's services (`/api/v1/services`).
    pub service_id: Option<i64>,
    /// The counter's tag, printed on the survey (letters, digits, dashes; at most 40).
    #[schema(max_length = 40)]
    pub counter: Option<String>,
}

/// One invitation issued: its one-time survey link and its QR code.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiInvitation {
    pub code: String,
    /// The survey link the QR code holds (absolute when the server knows its public address).
    pub url: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
    /// Where the QR code is as a PNG image (for ticket printers).
    pub qr_png: String,
}

/// The invitations one call issued.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiInvitations {
    pub unit_code: String,
    pub invitations: Vec<ApiInvitation>,
}

/// The refusals of the invitations API: each answers [`ApiErrorBody`].
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // a description for the OpenAPI document; handlers answer `ApiError`
pub enum IssueErrors {
    /// The body cannot be read, or asks for more than 500, or a counter tag over 40 characters.
    #[response(status = 400)]
    BadRequest(ApiErrorBody),
    /// No key, a key that is not one, or a revoked key (`Authorization: Bearer ikm_…`).
    #[response(status = 401)]
    Unauthorized(ApiErrorBody),
    /// The key is another unit's.
    #[response(status = 403)]
    Forbidden(ApiErrorBody),
    /// No active unit has this code, or the service is not one of its services.
    #[response(status = 404)]
    NotFound(ApiErrorBody),
    /// Too many calls with this key; wait as `Retry-After` says.
    #[response(status = 429)]
    TooMany(ApiErrorBody),
    /// The database is unavailable; try again in a minute.
    #[response(status = 503)]
    Unavailable(ApiErrorBody),
}
