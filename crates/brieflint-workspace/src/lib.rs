//! The workspace: brieflint's edge to the file system, shared by the command line and the
//! language server so that both see the same filings, under the same configuration,
//! named the same way. What is pure (which names are filings, how paths are written) is
//! `brieflint_core::filings`; this crate reads the disk.
//!
//! - `files`: every read of a file, bounded and never through a symbolic link;
//! - `walk`: the filings under a folder, or in it;
//! - `configs`: the `brieflint.toml` that applies to each file.

pub mod configs;
pub mod files;
pub mod walk;
