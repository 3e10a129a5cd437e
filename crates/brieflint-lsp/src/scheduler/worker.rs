//! The worker task: takes jobs in order, coalesces a batch, analyzes each document once
//! and publishes its diagnostics (never for a version an edit has overtaken), clears
//! closed documents and reports on configuration files.

use super::analysis_thread::on_analysis_thread;
use super::handover::{analyzed, Purpose, Snapshot};
use super::Job;
use crate::convert;
use crate::record;
use crate::session::{lock, ConfigProblem, State};
use brieflint_core::{self as analysis, Analysis};
use ropey::Rope;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tower_lsp::lsp_types::*;

/// Diagnostics for more findings than this are written as JSON off the message loop.
const FRAME_ON_LOOP_FINDINGS: usize = 1000;

/// A document longer than this has what its analysis replaced freed off the message
/// loop.
const FREE_ON_LOOP_BYTES: usize = 256 * 1024;

/// Sends `publishDiagnostics` for `uri` on `frames` (see `transport::merge_output`): for
/// clearing a document and for diagnostics on `brieflint.toml`. A document's findings go
/// through `convert::DiagnosticFragments`.
fn publish(
    frames: &mpsc::UnboundedSender<Vec<u8>>,
    uri: Url,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    let _ = frames.send(crate::transport::notification_frame(
        "textDocument/publishDiagnostics",
        &params,
    ));
}

/// The diagnostic on a broken configuration file.
fn config_diagnostic(state: &State, (text, error): &ConfigProblem) -> Diagnostic {
    let rope = Rope::from_str(text);
    let range = error.range.clone().unwrap_or(0..0);
    Diagnostic {
        range: convert::range(&rope, range, state.encoding),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("brieflint".to_string()),
        message: format!("{} (brieflint is using its defaults)", error.message),
        ..Diagnostic::default()
    }
}

pub async fn worker(
    frames: mpsc::UnboundedSender<Vec<u8>>,
    client: tower_lsp::Client,
    state: Arc<Mutex<State>>,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    index_ready: tokio::sync::watch::Sender<bool>,
) {
    // The analysis last published for each document: an edit that arrives while its
    // document is being analyzed queues a job for a version that analysis may already
    // have covered, and publishing it twice would cost a long filing milliseconds.
    let mut published: HashMap<Url, std::sync::Weak<Analysis>> = HashMap::new();
    // Each document's last diagnostics as JSON, reused where a keystroke left them alone.
    let mut fragments: HashMap<Url, convert::DiagnosticFragments> = HashMap::new();
    while let Some(job) = jobs.recv().await {
        let debounce = lock(&state).settings.debounce();
        if !debounce.is_zero() {
            tokio::time::sleep(debounce).await;
        }
        // Coalesce: analyze each document once for everything queued so far.
        let mut batch = vec![job];
        while let Ok(job) = jobs.try_recv() {
            batch.push(job);
        }
        let mut seen = HashSet::new();
        // In arrival order: a prior filing is re-summarized before the motion that
        // depends on it is checked again.
        for job in batch.into_iter() {
            match job {
                Job::WarmUp => {
                    let started = std::time::Instant::now();
                    for step in analysis::warm_up_steps() {
                        step();
                        // Lets the message loop answer between steps.
                        tokio::task::yield_now().await;
                    }
                    tracing::debug!(
                        ms = started.elapsed().as_millis() as u64,
                        "patterns compiled"
                    );
                }
                Job::Scan(root) => {
                    if let Some(root) = root {
                        let supported = lock(&state).work_done_progress;
                        let progress = crate::progress::WorkDone::begin(
                            &client,
                            supported,
                            "brieflint: indexing the matter's filings",
                        )
                        .await;
                        record::rebuild(&state, root).await;
                        if let Some(progress) = progress {
                            let filings = lock(&state).matter.len();
                            let noun = if filings == 1 { "filing" } else { "filings" };
                            progress.end(format!("{filings} {noun} indexed")).await;
                        }
                    }
                    let _ = index_ready.send(true);
                }
                Job::Analyze(uri) => {
                    if !seen.insert(uri.clone()) {
                        continue;
                    }
                    let Some(snapshot) = analyzed(&state, &uri, Purpose::Publish).await else {
                        continue;
                    };
                    let repeated = published
                        .get(&uri)
                        .and_then(std::sync::Weak::upgrade)
                        .is_some_and(|last| Arc::ptr_eq(&last, &snapshot.analysis));
                    if repeated {
                        continue;
                    }
                    let (encoding, related) = {
                        let state = lock(&state);
                        (state.encoding, state.related_information)
                    };
                    let fragment = fragments.remove(&uri).unwrap_or_default();
                    // Thousands of diagnostics take tens of milliseconds to write as JSON:
                    // the analysis thread does that, and the message loop goes on.
                    let heavy = snapshot.analysis.findings.len() > FRAME_ON_LOOP_FINDINGS;
                    // Freeing a long document's old analysis and record summary (a
                    // hundred thousand citations) takes milliseconds too.
                    let free_off_loop = heavy || snapshot.text.len() > FREE_ON_LOOP_BYTES;
                    let frame_for = uri.clone();
                    let build = move |mut fragment: convert::DiagnosticFragments,
                                      snapshot: Snapshot| {
                        // One index for all: a long filing has thousands of findings.
                        let index = brieflint_core::position::LineIndex::new(&snapshot.text);
                        let frame = fragment.frame(&convert::PublishedFindings {
                            uri: &frame_for,
                            version: Some(snapshot.version),
                            findings: &snapshot.analysis.findings,
                            index: &index,
                            encoding,
                            related_supported: related,
                        });
                        (frame, fragment, snapshot)
                    };
                    let (frame, fragment, snapshot) = if heavy {
                        match on_analysis_thread(move || build(fragment, snapshot)).await {
                            Some(built) => built,
                            None => continue,
                        }
                    } else {
                        build(fragment, snapshot)
                    };
                    fragments.insert(uri.clone(), fragment);
                    // Never publish a version an edit has overtaken (its own job is
                    // queued): checked and sent with no await between, so no change can
                    // be applied in between.
                    let current = lock(&state).documents.get(&uri).is_some_and(|d| {
                        d.id == snapshot.document_id && d.version == snapshot.version
                    });
                    if !current {
                        continue;
                    }
                    tracing::debug!(
                        %uri,
                        version = snapshot.version,
                        diagnostics = snapshot.analysis.findings.len(),
                        "publishing diagnostics"
                    );
                    let _ = frames.send(frame);
                    published.insert(uri.clone(), Arc::downgrade(&snapshot.analysis));
                    // Let the output task write the frame before freeing the analysis this
                    // one replaced (thousands of findings): that is off the keystroke's path,
                    // and for a long list off the message loop too.
                    tokio::task::yield_now().await;
                    if free_off_loop {
                        let _ = on_analysis_thread(move || drop(snapshot)).await;
                    } else {
                        drop(snapshot);
                    }
                }
                Job::Clear(uri) => {
                    published.remove(&uri);
                    fragments.remove(&uri);
                    if seen.insert(uri.clone()) {
                        publish(&frames, uri, Vec::new(), None);
                    }
                }
                Job::ConfigDiagnostics(uri, problem) => {
                    let diagnostics = match &problem {
                        Some(problem) => vec![config_diagnostic(&lock(&state), problem)],
                        None => Vec::new(),
                    };
                    // The latest word on a configuration file wins within a batch.
                    publish(&frames, uri, diagnostics, None);
                }
            }
        }
    }
}
