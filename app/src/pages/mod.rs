//! One module per page, each with the server functions it calls.

pub mod admin;
pub mod dashboard;
pub mod hall;
pub mod home;
pub mod inbox;
pub mod invitations;
pub mod mpp;
pub mod poster;
pub mod privacy;
pub mod public;
pub mod region;
pub mod report;
pub mod scorecard;
pub mod survey;
pub mod thanks;
pub mod tv;
pub mod unit;
pub mod upload;
