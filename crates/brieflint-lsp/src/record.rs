//! The record index: a summary of every filing in the workspace, so that a motion for
//! reconsideration is compared with the rest of its matter (its folder). Built by a scan
//! at start (bounded by the `matter` settings), kept current from file-watcher events and
//! from every analysis of an open buffer (whose unsaved text wins).

use crate::scheduler::{on_analysis_thread, Job};
use crate::session::{lock, State};
use crate::settings::ScanLimits;
use brieflint_core::document::DocKind;
use brieflint_core::filings;
use brieflint_core::matter::FilingSummary;
use brieflint_workspace::{files, walk};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tower_lsp::lsp_types::Url;

/// What the workspace scan found, and what it left out.
#[derive(Default)]
struct Scanned {
    /// By their names relative to the root.
    filings: HashMap<String, Arc<FilingSummary>>,
    /// The scan stopped at `max_files`.
    truncated: bool,
    /// Files over `max_file_bytes`, not indexed.
    too_large: usize,
}

/// Summarizes the filings under `root` (`brieflint_workspace::walk`), within `limits`:
/// at most `max_files` indexed (files over `max_file_bytes` are counted apart).
fn scan(root: &Path, limits: ScanLimits) -> Scanned {
    let mut scanned = Scanned::default();
    walk::visit_filings(root, &mut |path| {
        if scanned.filings.len() >= limits.max_files {
            tracing::warn!(
                limit = limits.max_files,
                "workspace scan stopped at the file limit"
            );
            scanned.truncated = true;
            return false;
        }
        match files::read_text(&path, limits.max_file_bytes) {
            Ok(text) => {
                let key = walk::relative_name(&path, root);
                let summary =
                    brieflint_core::matter::summarize_text(filings::file_name_of(&key), &text);
                scanned.filings.insert(key, Arc::new(summary));
            }
            Err(files::Skipped::TooLarge { .. }) => scanned.too_large += 1,
            Err(skipped) => tracing::info!("a filing was not indexed: {skipped}"),
        }
        true
    });
    scanned
}

/// Builds the record index of `root` again, with the current limits, on the analysis
/// thread. Open buffers keep their own summaries.
pub async fn rebuild(state: &Mutex<State>, root: PathBuf) {
    let started = std::time::Instant::now();
    let limits = lock(state).settings.scan_limits();
    let scanned = on_analysis_thread(move || scan(&root, limits))
        .await
        .unwrap_or_default();
    let mut state = lock(state);
    let mut filings = scanned.filings;
    let open: Vec<String> = state
        .documents
        .keys()
        .filter_map(|uri| uri.to_file_path().ok())
        .map(|path| state.record_key(&path))
        .collect();
    for key in open {
        if let Some(summary) = state.matter.get(&key) {
            filings.insert(key, summary.clone());
        }
    }
    state.matter = filings;
    state.matter_truncated = scanned.truncated;
    state.matter_too_large = scanned.too_large;
    state.limits = limits;
    tracing::info!(
        filings = state.matter.len(),
        ms = started.elapsed().as_millis() as u64,
        "record index built"
    );
}

/// Stores an open buffer's summary under `key`; if it changed, the open motions compared
/// with it are analyzed again.
/// Stores the summary of the open filing `uri` at `key` in the record index, and queues
/// its dependents if it changed (`changed`: whether it differs from the one stored, if
/// that is known already). Returns the summary it replaced, for the caller to free.
pub fn store_summary(
    state: &mut State,
    uri: &Url,
    key: String,
    summary: FilingSummary,
    changed: Option<bool>,
) -> Option<Arc<FilingSummary>> {
    let changed =
        changed.unwrap_or_else(|| state.matter.get(&key).is_none_or(|old| **old != summary));
    if !changed {
        // The record keeps the summary it has; the new one, equal, is the one to free.
        return Some(Arc::new(summary));
    }
    reanalyze_dependents(state, uri, &key);
    state.matter.insert(key, Arc::new(summary))
}

/// Queues a fresh analysis of the open reconsideration motions that are compared with
/// the filing at `key`, whose summary in the record just changed. Done where the
/// record changes, not where an edit arrives: when one write carries edits to a motion
/// and to its order, the motion may be analyzed first, against the order's old summary.
fn reanalyze_dependents(state: &mut State, changed: &Url, key: &str) {
    let folder = filings::folder_of(key).to_string();
    let keys: HashMap<Url, String> = state
        .documents
        .keys()
        .filter(|uri| *uri != changed)
        .filter_map(|uri| Some((uri.clone(), state.record_key(&uri.to_file_path().ok()?))))
        .collect();
    let mut queued = Vec::new();
    for (uri, document) in state.documents.iter_mut() {
        let compared = keys
            .get(uri)
            .is_some_and(|k| filings::folder_of(k) == folder)
            && document
                .analysis
                .as_ref()
                .is_some_and(|(_, a, _)| a.document.kind == DocKind::Reconsideration);
        if compared {
            document.analysis = None;
            queued.push(uri.clone());
        }
    }
    for uri in queued {
        state.schedule(Job::Analyze(uri));
    }
}

/// Files changed on disk: re-read (on the analysis thread) and summarized again, or
/// removed; open ones are left to their buffers. Returns whether the record changed.
pub async fn files_changed(state: &Arc<Mutex<State>>, changed: Vec<(PathBuf, bool)>) -> bool {
    if changed.is_empty() {
        return false;
    }
    let (max_file_bytes, changed) = {
        let state = lock(state);
        let changed: Vec<(PathBuf, String, bool)> = changed
            .into_iter()
            .map(|(path, deleted)| {
                let key = state.record_key(&path);
                (path, key, deleted)
            })
            .collect();
        (state.limits.max_file_bytes, changed)
    };
    let state_for_reads = state.clone();
    // Reading and summarizing many files (a branch switch) is the analysis thread's.
    let reads = on_analysis_thread(move || {
        // From here on a new event for these files queues a new read.
        let mut state = lock(&state_for_reads);
        for (path, _, _) in &changed {
            state.rereads_queued.remove(path);
        }
        drop(state);
        changed
            .into_iter()
            .map(|(path, key, deleted)| {
                // Regular files only, by their size before any read: a FIFO would block
                // this thread, a sparse giant fill memory, a link lead outside the matter.
                let summary = (!deleted)
                    .then(|| files::read_text(&path, max_file_bytes).ok())
                    .flatten()
                    .map(|text| {
                        brieflint_core::matter::summarize_text(filings::file_name_of(&key), &text)
                    });
                (path, key, summary)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    let mut state = lock(state);
    let record_changed = !reads.is_empty();
    for (path, key, summary) in reads {
        // Opened meanwhile: its unsaved text wins.
        let opened = Url::from_file_path(&path)
            .ok()
            .is_some_and(|uri| state.documents.contains_key(&uri));
        if opened {
            continue;
        }
        match summary {
            Some(summary)
                if state.matter.contains_key(&key)
                    || state.matter.len() < state.limits.max_files =>
            {
                state.matter.insert(key, Arc::new(summary));
            }
            Some(_) => {
                // Past the file limit: left out, and the record says it was cut.
                state.matter_truncated = true;
            }
            None => {
                state.matter.remove(&key);
            }
        }
    }
    record_changed
}
