//! When analyses run and where: the worker task (one, so diagnostics are published in
//! order and only for the latest version; worker.rs), the analysis thread for long work
//! (analysis_thread.rs), and the hand-over of a document's text, configuration and
//! matter to the core (handover.rs).

mod analysis_thread;
mod handover;
mod worker;

pub use analysis_thread::on_analysis_thread;
pub use handover::{analyzed, Purpose, Snapshot};
pub use worker::worker;

use crate::session::ConfigProblem;
use std::path::PathBuf;
use tower_lsp::lsp_types::Url;

pub enum Job {
    /// Compile the analysis's regular expressions, a step at a time.
    WarmUp,
    /// Build the record index of the workspace at this root (none: no workspace).
    Scan(Option<PathBuf>),
    Analyze(Url),
    /// Publish (with an error) or clear (none) diagnostics on a configuration file.
    ConfigDiagnostics(Url, Option<ConfigProblem>),
    Clear(Url),
}
