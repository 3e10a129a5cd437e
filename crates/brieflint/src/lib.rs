//! brieflint: a language server and command-line linter for litigation filings in
//! Markdown. This crate is the binary's edge: the command line and its output formats.
//! The analysis is `brieflint-core`, the language server `brieflint-lsp`, the file system
//! `brieflint-workspace`. See ARCHITECTURE.md for the map.

pub mod cli;
pub mod report;
