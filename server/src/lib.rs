#![recursion_limit = "256"]
//! The `ikm` server: command line, configuration, the axum router and the storage engines.

pub mod cli;
pub mod compute;
pub mod config;
pub mod health;
pub mod seed;
pub mod startup;
pub mod storage;
pub mod survey;
pub mod telemetry;
