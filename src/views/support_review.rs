//! The griffie's co-signing pages (being built).
