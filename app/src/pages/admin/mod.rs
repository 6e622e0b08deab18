//! The staff pages: sign-in and the administration of regions, units, services, accounts, and the
//! audit log. Every loader is a server function that checks the viewer's role and scope on the
//! server (`guard::require`); the forms post to plain handlers in `server/src/admin.rs`.

pub mod audit;
pub mod home;
pub mod mpp;
pub mod regions;
pub mod rubric;
pub mod sign_in;
pub mod unit;
pub mod users;
