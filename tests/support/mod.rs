//! Helpers shared by the end-to-end tests, one module per concern: `files` (the
//! repository, fixtures, scratch folders, `file:` URIs), `cli` (running the binary) and
//! `lsp_client` (a client over `brieflint lsp`). A test file declares `mod support;` and
//! uses what it needs; each test binary uses only some of them.
#![allow(dead_code)]

pub mod cli;
pub mod files;
pub mod lsp_client;
