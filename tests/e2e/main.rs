//! End-to-end tests: the built server and site, driven in headless Chromium like a person would,
//! with JavaScript on (hydrated WASM) and off (server-rendered HTML only).

#[path = "../support/mod.rs"]
mod support;

mod admin;
mod browser;
mod consent;
mod dashboard;
mod home;
mod invitations;
mod letterhead;
mod mpp;
mod national;
mod newcomer;
mod offline;
mod region;
mod report;
mod scorecard;
mod survey;
mod tv;
mod upload;
mod walk;
