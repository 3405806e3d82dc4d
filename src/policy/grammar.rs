//! The pest parser generated from `grammar/candor.pest` (its rules are documented there), on
//! its own so that the parser's driver ([`super::parse`]), the lowering to syntax trees
//! ([`super::lower`]) and the wording of what was expected ([`super::expected`]) all build on it
//! and none on another's module.

#![allow(missing_docs)]

/// The pest parser generated from `grammar/candor.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/candor.pest"]
pub struct CandorParser;
