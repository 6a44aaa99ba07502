//! End-to-end tests: the real server over HTTP, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used)]

mod fixtures;
mod helpers;
mod oidc_provider;

mod account_deletion;
mod account_settings;
mod accounts;
mod admin;
mod answers;
mod cli;
mod consultations;
mod csrf;
mod deadlines;
mod denials;
mod editor;
mod email_change;
mod exports;
mod griffie;
mod housekeeping;
mod mail;
mod migrations;
mod notify;
mod open_data;
mod operations;
mod organisations;
mod pages;
mod password_reset;
mod personal_data;
mod processes;
mod reactions;
mod receipts;
mod security;
mod signatures;
mod single_sign_on;
mod site;
mod smtp_sink;
mod speaking;
mod stored_states;
mod support_review;
mod threads;
mod two_factor;
