//! brieflint: a language server and command-line linter for litigation filings in
//! Markdown. See ARCHITECTURE.md for the map.

pub mod analysis;
pub mod cli;
pub mod files;
pub mod generate;
pub mod lsp;
pub mod position;
pub mod report;
