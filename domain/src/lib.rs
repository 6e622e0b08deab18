//! The SKM/IKM rules of PermenPANRB 14/2017, as pure functions and types.
//!
//! This crate is the one place where the product does IKM arithmetic: the survey, the dashboards,
//! the reports, the JSON API and the command line all call it. It does no I/O and imports no web
//! framework, so it compiles for the server and for the browser (WASM) alike.
//!
//! Reading order: [`unsur`] (the nine elements and their wording) → [`score`] (one answer, one
//! questionnaire) → [`tally`] (mergeable counts) → [`ikm`] (NRR, IKM, grade from a tally) →
//! [`sample`] (Krejcie & Morgan) → [`confidence`] (95% interval) → [`region`] (pooled and
//! mean-of-units) → [`response_file`] (the CSV interchange format) → [`rubric`] and [`scorecard`]
//! (the yearly PEKPPP scorecard of a unit's SKM, scored by a rubric that is data).

pub mod confidence;
pub mod contact;
pub mod decimal;
pub mod grade;
pub mod ikm;
pub mod lang;
pub mod monitoring;
pub mod period;
pub mod privacy;
pub mod profile;
pub mod region;
pub mod response_file;
pub mod row_problem;
pub mod rubric;
pub mod sample;
pub mod score;
pub mod scorecard;
pub mod submission;
pub mod tally;
pub mod themes;
pub mod unsur;

pub use decimal::Hundredths;
pub use grade::Mutu;
pub use ikm::{IkmResult, UnsurResult};
pub use lang::Lang;
pub use period::{Period, PeriodKind};
pub use score::{Answers, Score};
pub use tally::Tally;
pub use unsur::Unsur;
