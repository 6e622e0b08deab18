//! The web wing: everything that answers an HTTP request. `state.rs` is what every handler reaches;
//! `form.rs` reads a posted form and refuses what may not be done (`Ctx`, `Refusal`, the one
//! may-manage-this-unit check); `page.rs` renders pages outside their GET route and the short
//! message pages; the handlers of each area and the open data API (`api/`) sit beside them.
//! `startup.rs` (above) only assembles the router from them and serves it.

pub mod admin;
pub mod api;
pub mod auth;
pub mod dashboard;
pub mod downloads;
pub mod evidence;
pub mod form;
pub mod health;
pub mod hints;
pub mod invitations;
pub mod letterheads;
pub mod mpps;
pub mod page;
pub mod pwa;
pub mod redirect;
pub mod scorecard;
pub mod security;
pub mod server_fns;
pub mod state;
pub mod survey;
pub mod tv;
pub mod upload;
