//! The rules of Inspraak, free of HTTP and SQL: states, permissions, validation.

pub mod account;
pub mod answer;
pub mod consultation;
pub mod council;
pub mod district_file;
pub mod export;
pub mod health;
pub mod id;
pub mod mail;
pub mod navigation;
pub mod organisation;
pub mod permission;
pub mod proxy;
pub mod reaction;
pub mod receipt;
pub mod revision;
pub mod security;
pub mod signature;
pub mod single_sign_on;
pub mod speaking;
pub mod thread;
pub mod throttle;
pub mod time;
pub mod two_factor;
pub mod validation;
pub mod words;
