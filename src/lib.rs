//! Inspraak: formal input on council policy notes, for Dutch municipalities.

pub mod bench;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod export;
pub mod housekeeping;
pub mod mail;
pub mod startup;
pub mod views;
pub mod web;
