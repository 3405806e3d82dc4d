//! candor: privacy-statement-as-code.
//!
//! A policy (`*.candor`) says what each product may collect, why, from where and under which
//! conditions; each product's data manifest (`privacy.yaml`) says what it really collects; the
//! checker compares the two. Data flows one way:
//!
//! ```text
//! text --parse--> AST --resolve--> Policy ----------+
//! text --load---> Manifest -------------------------+--check--> Vec<Diagnostic> --render--> output
//! ```
//!
//! Everything below [`workspace`] and [`cli`] is pure: it takes `(file id, &str)` and returns
//! values and diagnostics, so an editor can run it on unsaved buffers.

#![forbid(unsafe_code)]

pub mod cli;
pub mod diagnostic;
pub mod evidence;
pub mod export;
pub mod inputs;
pub mod limits;
pub mod lsp;

pub mod manifest;
pub mod platform;
pub mod policy;
pub mod report;
pub mod rules;
pub mod session;
pub mod severity;
pub mod source;
pub mod statement;
pub mod suggest;
pub mod workspace;

pub use diagnostic::{Code, Diagnostic, Label, Severity};
pub use source::{FileId, SourceMap, Span};
