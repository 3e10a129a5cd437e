//! The workspace: brieflint's edge to the file system, shared by the command line and the
//! language server, so both read the same files the same way.

pub mod files;
