//! Inspraak: formal input on council policy notes, for Dutch municipalities.

// `unwrap_used` is denied in Cargo.toml's [lints]; tests may unwrap.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod bench;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod export;
pub mod housekeeping;
pub mod jobs;
pub mod mail;
pub mod oidc;
pub mod ops;
pub mod paths;
pub mod startup;
pub mod views;
pub mod web;
pub mod worker;
