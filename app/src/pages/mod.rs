//! One module per page, each with the server functions it calls.

pub mod admin;
pub mod home;
pub mod not_found;
pub mod poster;
pub mod survey;
pub mod thanks;
pub mod unit;
