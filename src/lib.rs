//! Inspraak: formal input on council policy notes, for Dutch municipalities.

// A request must never panic on an `unwrap`: outside tests every fallible call is
// handled or states its reason with `expect`. (Integration tests are their own crates.)
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod bench;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod export;
pub mod housekeeping;
pub mod jobs;
pub mod mail;
pub mod ops;
pub mod startup;
pub mod views;
pub mod web;
pub mod worker;
