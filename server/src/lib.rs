#![recursion_limit = "256"]
//! The `ikm` server: command line, configuration, the axum router and the storage engines.

pub mod accounts;
pub mod alerts;
pub mod backup;
pub mod cli;
pub mod config;
pub mod group_commit;
pub mod invitation_sheet;
pub mod invitations;
pub mod mail;
pub mod metrics;
pub mod photos;
pub mod reminders;
pub mod report_pdf;
pub mod retention;
pub mod scorecard_pack;
pub mod screens;
pub mod seed;
pub mod serving;
pub mod sign_in_limits;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod transfer;
pub mod ttl_cache;
pub mod web;
