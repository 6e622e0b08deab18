#![recursion_limit = "256"]
//! The `ikm` server: command line, configuration, the axum router and the storage engines.

pub mod admin;
pub mod alerts;
pub mod api;
pub mod auth;
pub mod cli;
pub mod compute;
pub mod config;
pub mod dashboard;
pub mod form;
pub mod group_commit;
pub mod health;
pub mod mail;
pub mod pwa;
pub mod render;
pub mod report_pdf;
pub mod seed;
pub mod startup;
pub mod storage;
pub mod survey;
pub mod telemetry;
pub mod transfer;
pub mod transfer_cli;
pub mod unit_cache;
pub mod upload;
pub mod users;
