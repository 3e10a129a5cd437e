//! The protocol layer: the only part of brieflint that knows LSP types. It keeps open
//! documents, negotiates the position encoding, and hands text to the analysis core;
//! what is asked of an analysis (hover, terms, renames, outline names) is
//! `brieflint_core::editor`, and which files, configurations and paths apply is
//! `brieflint_workspace`, shared with the command line.
//!
//! - `server`: start-up, logging, the service, the `LanguageServer` dispatch;
//! - `session`: the state behind one mutex, the configuration of each file, record keys;
//! - `settings`: the editor's settings as one typed struct;
//! - `scheduler`: the worker, the analysis thread, the hand-over of a document to the
//!   core, and publication;
//! - `record`: the workspace's record index (scan, file events, open buffers);
//! - `progress`: work-done progress shown while the record index is built;
//! - `handlers`: one module per request family;
//! - `document`, `convert`, `guard`, `transport`: an open document, findings as LSP
//!   types, the panic boundary, the stdio guard.
//!
//! Ordering: tower-lsp may run notification handlers concurrently (tower-lsp #284), so
//! every handler mutates document state synchronously, before its first `.await`, under
//! one mutex. Analysis and publishing happen on a single worker task fed by a channel,
//! so diagnostics are published in order and only for the latest version.

mod convert;
mod document;
mod guard;
mod handlers;
mod progress;
mod record;
mod review;
mod scheduler;
mod server;
mod session;
mod settings;
#[doc(hidden)]
pub mod transport;

pub use server::{build_service, run_stdio, Backend};
