//! Writing a [`ConsultationExport`](crate::domain::export::ConsultationExport) as a file:
//! the agenda bundle (PDF/A), spreadsheets (XLSX and ODS), CSV and JSON.

pub mod csv;
pub mod json;
pub mod ods;
pub mod pdf;
pub mod sample;
pub mod table;
pub mod xlsx;
