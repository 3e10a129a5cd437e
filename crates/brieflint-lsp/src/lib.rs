//! The protocol layer: the only part of brieflint that knows LSP types. It keeps open
//! documents, negotiates the position encoding, and hands text to the analysis core.
//!
//! Ordering: tower-lsp may run notification handlers concurrently (tower-lsp #284), so
//! every handler mutates document state synchronously, before its first `.await`, under
//! one mutex. Analysis and publishing happen on a single worker task fed by a channel,
//! so diagnostics are published in order and only for the latest version.

mod convert;
mod document;
mod guard;
#[doc(hidden)]
pub mod transport;

use brieflint_core::config::{self, Config};
use brieflint_core::finding::Finding;
use brieflint_core::position::Encoding;
use brieflint_core::{self as analysis, hover as hover_text, rules, suppress, toa, Analysis};
use document::Document;
use ropey::Rope;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer, LspService, Server};

#[derive(Default)]
struct State {
    documents: HashMap<Url, Document>,
    encoding: Encoding,
    related_information: bool,
    document_changes: bool,
    dynamic_watchers: bool,
    root: Option<PathBuf>,
    /// Configuration from the workspace's brieflint.toml.
    file_config: Config,
    /// Editor settings (the `brieflint` section).
    settings: serde_json::Value,
    /// `file_config` with `settings` applied: what analysis uses.
    config: Arc<Config>,
    debounce: Duration,
    /// The record index: a summary of every filing in the workspace, by file path.
    /// Open buffers replace their file's summary with their unsaved text.
    matter: HashMap<PathBuf, Arc<brieflint_core::matter::FilingSummary>>,
    matter_truncated: bool,
    matter_too_large: usize,
    limits: ScanLimits,
    /// The worker's queue, for analyses a stored analysis makes stale (`store`).
    jobs: Option<mpsc::UnboundedSender<Job>>,
    /// Files changed on disk whose re-read is queued and has not started: a file
    /// rewritten many times a second is read once per turn of the analysis thread,
    /// not once per event (the queued read will see the latest text).
    rereads_queued: HashSet<PathBuf>,
    /// Files whose events were coalesced, each noticed once.
    rereads_noticed: HashSet<PathBuf>,
}

/// Bounds on the workspace scan, from the `matter` settings (`maxFiles`, `maxFileBytes`).
#[derive(Clone, Copy, Debug)]
struct ScanLimits {
    max_files: usize,
    max_file_bytes: u64,
}

impl Default for ScanLimits {
    fn default() -> ScanLimits {
        ScanLimits {
            max_files: 2000,
            max_file_bytes: 2 * 1024 * 1024,
        }
    }
}

impl ScanLimits {
    fn from_settings(settings: &serde_json::Value) -> ScanLimits {
        let mut limits = ScanLimits::default();
        let matter = settings.get("matter");
        if let Some(n) = matter
            .and_then(|m| m.get("maxFiles"))
            .and_then(|v| v.as_u64())
        {
            limits.max_files = n as usize;
        }
        if let Some(n) = matter
            .and_then(|m| m.get("maxFileBytes"))
            .and_then(|v| v.as_u64())
        {
            limits.max_file_bytes = n;
        }
        limits
    }
}

/// What the workspace scan found, and what it left out.
#[derive(Default)]
struct RecordIndex {
    filings: HashMap<PathBuf, Arc<brieflint_core::matter::FilingSummary>>,
    /// The scan stopped at `max_files`.
    truncated: bool,
    /// Files over `max_file_bytes`, not indexed.
    too_large: usize,
}

/// Whether a folder name is one the scan never enters.
fn skipped_folder(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

fn is_markdown_name(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown")
}

/// Summarizes the Markdown filings under `root`: hidden, `target` and `node_modules`
/// folders skipped, symbolic links not followed, within `limits`.
fn scan_matter(root: &std::path::Path, limits: ScanLimits) -> RecordIndex {
    let mut index = RecordIndex::default();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // `file_type` does not follow symbolic links, so none is followed.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                if !skipped_folder(&name) {
                    stack.push(path);
                }
                continue;
            }
            if !kind.is_file() || !is_markdown_name(&name) {
                continue;
            }
            if index.filings.len() >= limits.max_files {
                tracing::warn!(
                    limit = limits.max_files,
                    "workspace scan stopped at the file limit"
                );
                index.truncated = true;
                return index;
            }
            match brieflint_workspace::files::read_text(&path, limits.max_file_bytes) {
                Ok(text) => {
                    let summary =
                        brieflint_core::matter::summarize_text(&path.to_string_lossy(), &text);
                    index.filings.insert(path, Arc::new(summary));
                }
                Err(brieflint_workspace::files::Skipped::TooLarge { .. }) => index.too_large += 1,
                Err(skipped) => tracing::info!("a filing was not indexed: {skipped}"),
            }
        }
    }
    index
}

enum Job {
    /// Compile the analysis's regular expressions, a step at a time.
    WarmUp,
    /// Build the record index of the workspace at this root (none: no workspace).
    Scan(Option<PathBuf>),
    Analyze(Url),
    /// Publish (or clear) diagnostics on a configuration file.
    ConfigDiagnostics(Url, Vec<Diagnostic>),
    Clear(Url),
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    jobs: mpsc::UnboundedSender<Job>,
    /// Becomes true once the workspace scan queued at `initialized` is done.
    index_ready: tokio::sync::watch::Receiver<bool>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock must not take the server down with it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Backend {
    fn schedule(&self, job: Job) {
        let _ = self.jobs.send(job);
    }

    fn reanalyze_all(&self, state: &State) {
        for uri in state.documents.keys() {
            self.schedule(Job::Analyze(uri.clone()));
        }
    }

    /// Reloads brieflint.toml from the workspace root and recomputes the configuration.
    fn reload_config(&self, state: &mut State) {
        let Some(root) = state.root.clone() else {
            state.config = Arc::new(rebuild(
                &state.file_config,
                &state.settings,
                &self.client_log(),
            ));
            return;
        };
        let path = root.join(config::FILE_NAME);
        let Ok(uri) = Url::from_file_path(&path) else {
            return;
        };
        match brieflint_workspace::files::read_text(&path, config::MAX_FILE_BYTES) {
            Ok(text) => match Config::from_toml(&text) {
                Ok(config) => {
                    state.file_config = config;
                    self.schedule(Job::ConfigDiagnostics(uri, Vec::new()));
                }
                Err(error) => {
                    tracing::warn!(path = %path.display(), "{}; using defaults", error.message);
                    state.file_config = Config::default();
                    let rope = Rope::from_str(&text);
                    let range = error.range.clone().unwrap_or(0..0);
                    let diagnostic = Diagnostic {
                        range: convert::range(&rope, range, state.encoding),
                        severity: Some(DiagnosticSeverity::ERROR),
                        source: Some("brieflint".to_string()),
                        message: format!("{} (brieflint is using its defaults)", error.message),
                        ..Diagnostic::default()
                    };
                    self.schedule(Job::ConfigDiagnostics(uri, vec![diagnostic]));
                }
            },
            Err(_) => {
                state.file_config = Config::default();
                self.schedule(Job::ConfigDiagnostics(uri, Vec::new()));
            }
        }
        state.config = Arc::new(rebuild(
            &state.file_config,
            &state.settings,
            &self.client_log(),
        ));
    }

    fn client_log(&self) -> Client {
        self.client.clone()
    }
}

/// The configuration file merged with editor settings; bad settings are reported and
/// ignored.
fn rebuild(file_config: &Config, settings: &serde_json::Value, client: &Client) -> Config {
    match file_config.merge_settings(settings) {
        Ok(config) => config,
        Err(error) => {
            tracing::warn!("{}", error.message);
            let client = client.clone();
            let message = format!("brieflint: {} (setting ignored)", error.message);
            tokio::spawn(async move { client.show_message(MessageType::WARNING, message).await });
            file_config.clone()
        }
    }
}

/// A document's analysis with the text, rope and version it was computed for.
struct Snapshot {
    /// The opening of the document it was taken from (`Document::id`).
    document_id: u64,
    analysis: Arc<Analysis>,
    text: String,
    rope: Rope,
    version: i32,
    /// The analysis this one replaced, to be freed once the caller is done.
    _stale: Option<Arc<Analysis>>,
}

/// What an analysis of one version of a document needs, taken from the state so that
/// the analysis can run on another thread while the message loop goes on.
struct AnalysisInput {
    uri: Url,
    document_id: u64,
    text: String,
    rope: Rope,
    version: i32,
    config: Arc<Config>,
    path: Option<PathBuf>,
    /// The other filings in the document's folder.
    filings: Vec<Arc<brieflint_core::matter::FilingSummary>>,
    /// The document's cache, lent to the analysis and given back after it.
    cache: brieflint_core::incremental::Cache,
    /// The file limit the workspace index stopped at, if it did (BL004).
    record_cut_at: Option<usize>,
}

/// The current version's snapshot if it has been analyzed, else what analyzing it needs.
fn prepare(state: &mut State, uri: &Url) -> Option<std::result::Result<Snapshot, AnalysisInput>> {
    let config = state.config.clone();
    let document = state.documents.get(uri)?;
    if let Some(analysis) = document.current_analysis() {
        let document = state.documents.get_mut(uri)?;
        return Some(Ok(Snapshot {
            document_id: document.id,
            analysis,
            text: document.rope.to_string(),
            rope: document.rope.clone(),
            version: document.version,
            _stale: document.stale.take(),
        }));
    }
    let path = uri.to_file_path().ok();
    let folder = path.as_ref().and_then(|p| p.parent());
    let filings = state
        .matter
        .iter()
        .filter(|(p, _)| folder.is_some() && p.parent() == folder)
        .map(|(_, f)| f.clone())
        .collect();
    let record_cut_at = |state: &State| state.matter_truncated.then_some(state.limits.max_files);
    let record_cut_at = record_cut_at(state);
    let document = state.documents.get_mut(uri)?;
    Some(Err(AnalysisInput {
        uri: uri.clone(),
        document_id: document.id,
        text: document.rope.to_string(),
        rope: document.rope.clone(),
        version: document.version,
        config,
        path,
        filings,
        cache: std::mem::take(&mut document.cache),
        record_cut_at,
    }))
}

/// Analyzes `input` (the slow part, milliseconds to tens of them: run it off the message
/// loop).
fn run_analysis(input: &AnalysisInput) -> Analysis {
    let path_name = input
        .path
        .as_ref()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let filings: Vec<&brieflint_core::matter::FilingSummary> =
        input.filings.iter().map(|f| f.as_ref()).collect();
    let mut analysis = analysis::analyze_incremental(
        &input.text,
        &input.config,
        Some((&path_name, &filings)),
        &input.cache,
    );
    if let Some(max_files) = input.record_cut_at {
        if analysis.document.kind == brieflint_core::document::DocKind::Reconsideration {
            let mut notice = rules::bl004_incomplete_record::finding(max_files);
            match input.config.level(notice.rule.code) {
                Some(config::RuleLevel::Off) => {}
                level => {
                    if let Some(config::RuleLevel::On(severity)) = level {
                        notice.severity = severity;
                    }
                    analysis.findings.insert(0, notice);
                }
            }
        }
    }
    analysis
}

/// Stores `analysis` of `input` in the state, with the document's filing summary in the
/// record, if the document is still at that version; gives its cache back either way.
fn store(state: &mut State, input: AnalysisInput, analysis: Arc<Analysis>) -> Snapshot {
    let mut stale = None;
    let document = state
        .documents
        .get_mut(&input.uri)
        .filter(|d| d.id == input.document_id);
    if let Some(document) = document {
        document.cache = input.cache;
        if document.version == input.version {
            document.analysis = Some((input.version, analysis.clone()));
            stale = document.stale.take();
            if let Some(path) = input.path {
                let summary = brieflint_core::matter::summarize(
                    &path.to_string_lossy(),
                    &analysis.document,
                    &analysis.citations,
                );
                let changed = state.matter.get(&path).is_none_or(|old| **old != summary);
                state.matter.insert(path.clone(), Arc::new(summary));
                if changed {
                    reanalyze_dependents(state, &input.uri, &path);
                }
            }
        }
    }
    Snapshot {
        document_id: input.document_id,
        analysis,
        text: input.text,
        rope: input.rope,
        version: input.version,
        _stale: stale,
    }
}

/// Queues a fresh analysis of the open reconsideration motions that are compared with
/// the filing at `path`, whose summary in the record just changed. Done where the
/// record changes, not where an edit arrives: when one write carries edits to a motion
/// and to its order, the motion may be analyzed first, against the order's old summary.
fn reanalyze_dependents(state: &mut State, changed: &Url, path: &std::path::Path) {
    let folder = path.parent();
    let Some(jobs) = state.jobs.clone() else {
        return;
    };
    for (uri, document) in state.documents.iter_mut() {
        let compared = uri != changed
            && uri
                .to_file_path()
                .ok()
                .as_deref()
                .and_then(std::path::Path::parent)
                == folder
            && document.analysis.as_ref().is_some_and(|(_, a)| {
                a.document.kind == brieflint_core::document::DocKind::Reconsideration
            });
        if compared {
            document.analysis = None;
            let _ = jobs.send(Job::Analyze(uri.clone()));
        }
    }
}

/// Whether analyzing `input` takes a few milliseconds at most, so that it may run on the
/// message loop itself: a filing of up to about 150 pages, or one of up to about 600
/// pages whose earlier analysis left a warm cache (see BENCHMARKS.md). Longer ones go to
/// the analysis thread. Not everything goes there: the regex engine keeps caches per
/// thread (about 8 MB of resident memory for a thread that analyzes, measured), and the
/// hand-over costs a millisecond or two a keystroke.
fn analyzes_quickly(input: &AnalysisInput) -> bool {
    let warm = input.cache.stats().entries > 0;
    input.text.len() <= 256 * 1024 || (warm && input.text.len() <= 1024 * 1024)
}

type AnalysisJob = Box<dyn FnOnce() + Send>;

/// The analysis thread: long analyses and the workspace scan run there, in the order
/// asked, so that the message loop is never held up by one.
fn analyzer() -> &'static std::sync::mpsc::Sender<AnalysisJob> {
    static ANALYZER: std::sync::OnceLock<std::sync::mpsc::Sender<AnalysisJob>> =
        std::sync::OnceLock::new();
    ANALYZER.get_or_init(|| {
        let (sender, jobs) = std::sync::mpsc::channel::<AnalysisJob>();
        let spawned = std::thread::Builder::new()
            .name("brieflint-analysis".to_string())
            .spawn(move || {
                for job in jobs {
                    // A panic outside the rules (which are isolated one by one) must not
                    // end the thread: whoever asked gets nothing and goes on.
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).is_err() {
                        tracing::error!("a job on the analysis thread failed");
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start the analysis thread: {e}");
        }
        sender
    })
}

/// Runs `work` on the analysis thread and waits for it without blocking the message loop.
async fn on_analysis_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (reply, done) = tokio::sync::oneshot::channel();
    analyzer()
        .send(Box::new(move || {
            let _ = reply.send(work());
        }))
        .ok()?;
    done.await.ok()
}

/// Who needs an analysis: the worker, to publish diagnostics, or a request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// May run on the message loop when it is quick (`analyzes_quickly`).
    Publish,
    /// Always awaited from the analysis thread, so that `$/cancelRequest` can end the
    /// request while it waits. (Requests mostly find the worker's analysis ready.)
    Request,
}

/// The analyzed snapshot of `uri` at its current version, analyzed on the analysis
/// thread if needed.
async fn analyzed(state: &Mutex<State>, uri: &Url, purpose: Purpose) -> Option<Snapshot> {
    let input = match prepare(&mut lock(state), uri)? {
        Ok(snapshot) => return Some(snapshot),
        Err(input) => input,
    };
    if purpose == Purpose::Publish && analyzes_quickly(&input) {
        // Rules are isolated one by one; this catches a failure anywhere else, which
        // would otherwise end the worker and with it every later diagnostic.
        let analysis =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_analysis(&input)))
                .map_err(|_| tracing::error!("analysis failed; no diagnostics for this version"))
                .ok()?;
        return Some(store(&mut lock(state), input, Arc::new(analysis)));
    }
    // Awaited: the message loop goes on meanwhile, and a request cancelled meanwhile
    // ($/cancelRequest) ends here.
    let (input, analysis) = on_analysis_thread(move || {
        let analysis = run_analysis(&input);
        (input, analysis)
    })
    .await?;
    Some(store(&mut lock(state), input, Arc::new(analysis)))
}

/// The snapshot of `uri`, analyzed, and the position encoding in use.
async fn snapshot_of(state: &Mutex<State>, uri: &Url) -> Option<(Snapshot, Encoding)> {
    let encoding = lock(state).encoding;
    analyzed(state, uri, Purpose::Request)
        .await
        .map(|snapshot| (snapshot, encoding))
}

/// The snapshot of `uri` and the byte offset of `position` in it.
async fn snapshot_at(
    state: &Mutex<State>,
    uri: &Url,
    position: Position,
) -> Option<(Snapshot, usize, Encoding)> {
    let (snapshot, encoding) = snapshot_of(state, uri).await?;
    let offset = convert::offset(&snapshot.rope, position, encoding);
    Some((snapshot, offset, encoding))
}

/// The defined term at `offset` (its definition or a use), if any.
fn term_at(analysis: &Analysis, offset: usize) -> Option<&brieflint_core::definitions::Definition> {
    let inside = |r: &std::ops::Range<usize>| r.start <= offset && offset <= r.end;
    analysis
        .definitions
        .iter()
        .find(|d| inside(&d.term_range) || d.uses.iter().any(inside))
}

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
    let _ = frames.send(transport::notification_frame(
        "textDocument/publishDiagnostics",
        &params,
    ));
}

async fn worker(
    frames: mpsc::UnboundedSender<Vec<u8>>,
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
        let debounce = lock(&state).debounce;
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
                        let started = std::time::Instant::now();
                        let limits = lock(&state).limits;
                        let index = on_analysis_thread(move || scan_matter(&root, limits))
                            .await
                            .unwrap_or_default();
                        let mut state = lock(&state);
                        // Open buffers' own summaries win over the files on disk.
                        let mut filings = index.filings;
                        for (path, summary) in state.matter.drain() {
                            filings.insert(path, summary);
                        }
                        state.matter = filings;
                        state.matter_truncated = index.truncated;
                        state.matter_too_large = index.too_large;
                        tracing::info!(
                            filings = state.matter.len(),
                            ms = started.elapsed().as_millis() as u64,
                            "record index built"
                        );
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
                    // One index for all: a long filing has thousands of findings.
                    let index = brieflint_core::position::LineIndex::new(&snapshot.text);
                    let frame = fragments.entry(uri.clone()).or_default().frame(
                        &convert::PublishedFindings {
                            uri: &uri,
                            version: Some(snapshot.version),
                            findings: &snapshot.analysis.findings,
                            index: &index,
                            encoding,
                            related_supported: related,
                        },
                    );
                    drop(index);
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
                    // one replaced (thousands of findings): that is off the keystroke's path.
                    tokio::task::yield_now().await;
                    drop(snapshot);
                }
                Job::Clear(uri) => {
                    published.remove(&uri);
                    fragments.remove(&uri);
                    if seen.insert(uri.clone()) {
                        publish(&frames, uri, Vec::new(), None);
                    }
                }
                Job::ConfigDiagnostics(uri, diagnostics) => {
                    if seen.insert(uri.clone()) {
                        publish(&frames, uri, diagnostics, None);
                    }
                }
            }
        }
    }
}

fn settings_section(value: &serde_json::Value) -> serde_json::Value {
    match value.get("brieflint") {
        Some(section) => section.clone(),
        None => value.clone(),
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = {
            let mut state = lock(&self.state);
            let caps = &params.capabilities;
            let offers_utf8 = caps
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_ref())
                .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
            state.encoding = if offers_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            let text_document = caps.text_document.as_ref();
            state.related_information = text_document
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false);
            let workspace = caps.workspace.as_ref();
            state.document_changes = workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|w| w.document_changes)
                .unwrap_or(false);
            state.dynamic_watchers = workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            #[allow(deprecated)]
            let root_uri = params
                .workspace_folders
                .as_ref()
                .and_then(|f| f.first())
                .map(|f| f.uri.clone())
                .or(params.root_uri.clone());
            state.root = root_uri.and_then(|u| u.to_file_path().ok());
            if let Some(options) = &params.initialization_options {
                state.settings = settings_section(options);
                if let Some(ms) = state.settings.get("debounceMs").and_then(|v| v.as_u64()) {
                    state.debounce = Duration::from_millis(ms.min(2000));
                }
            }
            state.encoding
        };
        tracing::info!(?encoding, "initialized");
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    Encoding::Utf16 => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "brieflint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Load the configuration here, not in `initialize`: a diagnostic on a broken
        // brieflint.toml can only be published once the client is initialized.
        let dynamic = {
            let mut state = lock(&self.state);
            self.reload_config(&mut state);
            state.limits = ScanLimits::from_settings(&state.settings);
            // Scanning hundreds of filings takes longer than the message loop may wait:
            // the worker does it, before it analyzes any document opened after this.
            self.schedule(Job::WarmUp);
            self.schedule(Job::Scan(state.root.clone()));
            state.dynamic_watchers
        };
        if dynamic {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![
                    FileSystemWatcher {
                        glob_pattern: GlobPattern::String(format!("**/{}", config::FILE_NAME)),
                        kind: None,
                    },
                    FileSystemWatcher {
                        glob_pattern: GlobPattern::String("**/*.{md,markdown}".to_string()),
                        kind: None,
                    },
                ],
            };
            let registration = Registration {
                id: "brieflint-config-watcher".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                tracing::warn!("could not register the configuration watcher: {e}");
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        lock(&self.state).documents.insert(
            uri.clone(),
            Document::new(&params.text_document.text, params.text_document.version),
        );
        self.schedule(Job::Analyze(uri));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut state = lock(&self.state);
            let encoding = state.encoding;
            let Some(document) = state.documents.get_mut(&uri) else {
                tracing::warn!(%uri, "change to a document that is not open; ignored");
                return;
            };
            for change in &params.content_changes {
                document.apply(change, encoding);
            }
            document.version = params.text_document.version;
            tracing::trace!(
                %uri,
                version = document.version,
                changes = params.content_changes.len(),
                "change applied"
            );
            // Open reconsideration motions compared with this filing are analyzed again
            // once its new summary is stored (`reanalyze_dependents`).
            self.schedule(Job::Analyze(uri.clone()));
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        lock(&self.state).documents.remove(&uri);
        self.schedule(Job::Clear(uri));
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let mut state = lock(&self.state);
        state.settings = settings_section(&params.settings);
        if let Some(ms) = state.settings.get("debounceMs").and_then(|v| v.as_u64()) {
            state.debounce = Duration::from_millis(ms.min(2000));
        }
        state.config = Arc::new(rebuild(&state.file_config, &state.settings, &self.client));
        for document in state.documents.values_mut() {
            document.analysis = None;
        }
        self.reanalyze_all(&state);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let touches_config = params
            .changes
            .iter()
            .any(|c| c.uri.path().ends_with(config::FILE_NAME));
        // Filings changed on disk update the record index, unless open (unsaved text wins).
        let (changed, max_file_bytes) = {
            let mut state = lock(&self.state);
            if touches_config {
                self.reload_config(&mut state);
            }
            let changed: Vec<(PathBuf, bool)> = params
                .changes
                .iter()
                .filter_map(|change| {
                    let path = change.uri.to_file_path().ok()?;
                    let name = path.to_string_lossy();
                    if !is_markdown_name(&name) || state.documents.contains_key(&change.uri) {
                        return None;
                    }
                    // The same bounds as the scan: inside the workspace, no skipped folder.
                    let inside = state
                        .root
                        .as_ref()
                        .and_then(|root| path.strip_prefix(root).ok())
                        .is_some_and(|rel| {
                            rel.parent().is_none_or(|p| {
                                p.components()
                                    .all(|c| !skipped_folder(&c.as_os_str().to_string_lossy()))
                            })
                        });
                    inside.then_some((path, change.typ == FileChangeType::DELETED))
                })
                .collect();
            // A re-read already queued for a file will read its latest text: this event
            // adds nothing (a file rewritten many times a second would otherwise queue a
            // read per write and hold the analysis thread).
            let mut coalesced = Vec::new();
            let changed: Vec<(PathBuf, bool)> = changed
                .into_iter()
                .filter(|(path, deleted)| {
                    let queue = *deleted || state.rereads_queued.insert(path.clone());
                    if !queue && state.rereads_noticed.insert(path.clone()) {
                        coalesced.push(path.clone());
                    }
                    queue
                })
                .collect();
            for path in coalesced {
                tracing::info!(
                    "a filing changes on disk faster than it is re-read; its latest text is read once at a time"
                );
                let client = self.client.clone();
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                tokio::spawn(async move {
                    client
                        .log_message(
                            MessageType::INFO,
                            format!("brieflint: {name} changes on disk faster than it can be re-read; brieflint reads its latest version once at a time"),
                        )
                        .await
                });
            }
            (changed, state.limits.max_file_bytes)
        };
        let state_for_reads = self.state.clone();
        // Reading and summarizing many files (a branch switch) is the analysis thread's.
        let summaries = if changed.is_empty() {
            Vec::new()
        } else {
            on_analysis_thread(move || {
                // From here on a new event for these files queues a new read.
                let mut state = lock(&state_for_reads);
                for (path, _) in &changed {
                    state.rereads_queued.remove(path);
                }
                drop(state);
                changed
                    .into_iter()
                    .map(|(path, deleted)| {
                        // Regular files only, by their size before any read: a FIFO
                        // would block this thread, a sparse giant fill memory, a link
                        // lead outside the matter.
                        let summary = (!deleted)
                            .then(|| {
                                brieflint_workspace::files::read_text(&path, max_file_bytes).ok()
                            })
                            .flatten()
                            .map(|text| {
                                brieflint_core::matter::summarize_text(
                                    &path.to_string_lossy(),
                                    &text,
                                )
                            });
                        (path, summary)
                    })
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default()
        };
        let mut state = lock(&self.state);
        let record_changed = !summaries.is_empty();
        for (path, summary) in summaries {
            // Opened meanwhile: its unsaved text wins.
            let opened = Url::from_file_path(&path)
                .ok()
                .is_some_and(|uri| state.documents.contains_key(&uri));
            if opened {
                continue;
            }
            match summary {
                Some(summary)
                    if state.matter.contains_key(&path)
                        || state.matter.len() < state.limits.max_files =>
                {
                    state.matter.insert(path, Arc::new(summary));
                }
                Some(_) => {
                    // Past the file limit: left out, and the record says it was cut.
                    state.matter_truncated = true;
                }
                None => {
                    state.matter.remove(&path);
                }
            }
        }
        if touches_config || record_changed {
            for document in state.documents.values_mut() {
                document.analysis = None;
            }
            self.reanalyze_all(&state);
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let (encoding, related, document_changes) = {
            let state = lock(&self.state);
            (
                state.encoding,
                state.related_information,
                state.document_changes,
            )
        };
        let Some(Snapshot {
            analysis,
            text,
            rope,
            version,
            ..
        }) = analyzed(&self.state, &uri, Purpose::Request).await
        else {
            return Ok(None);
        };
        let start = convert::offset(&rope, params.range.start, encoding);
        let end = convert::offset(&rope, params.range.end, encoding);
        let mut actions = Vec::new();
        for finding in analysis.findings.iter() {
            let touches = finding.range.start <= end && start <= finding.range.end;
            if !touches {
                continue;
            }
            let to_range = |r| convert::range(&rope, r, encoding);
            let diagnostic = convert::diagnostic(&uri, &to_range, finding, related);
            for (index, fix) in finding.fixes.iter().enumerate() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(convert::workspace_edit(
                        &uri,
                        version,
                        &rope,
                        &fix.edits,
                        encoding,
                        document_changes,
                    )),
                    is_preferred: Some(index == 0),
                    ..CodeAction::default()
                }));
            }
            let disable = suppress::disable_next_line_edit(&text, finding);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {} for this line", finding.rule.code),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(convert::workspace_edit(
                    &uri,
                    version,
                    &rope,
                    &[disable],
                    encoding,
                    document_changes,
                )),
                ..CodeAction::default()
            }));
        }
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let Some((snapshot, offset, encoding)) = snapshot_at(&self.state, &uri, position).await
        else {
            return Ok(None);
        };
        let Snapshot {
            analysis,
            text,
            rope,
            ..
        } = snapshot;
        let reply = |value: String, range: std::ops::Range<usize>| {
            Ok(Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                }),
                range: Some(convert::range(&rope, range, encoding)),
            }))
        };
        let rule_markdown = |finding: Option<&Finding>,
                             meta: &brieflint_core::finding::RuleMeta| {
            let mut value = format!("### {} {}\n\n", meta.code, meta.name);
            if let Some(finding) = finding {
                value.push_str(&format!("**{}**\n\n---\n\n", finding.message));
            }
            value.push_str(&meta.doc_markdown());
            value
        };
        // A citation is the most specific thing under the cursor, then a defined term,
        // then a diagnostic's span, then a rule code written in the text.
        // (On a case's name too: "Fischer v. Forrest", "Fischer, 2017 WL 773694".)
        if let Some((citation, range)) =
            brieflint_core::citations::citation_at(&analysis.citations, offset)
        {
            return reply(
                hover_text::citation_markdown(&text, &analysis.citations, citation),
                range,
            );
        }
        if let Some(definition) = term_at(&analysis, offset) {
            let range = std::iter::once(&definition.term_range)
                .chain(&definition.uses)
                .find(|r| r.start <= offset && offset <= r.end)
                .cloned()
                .unwrap_or(definition.term_range.clone());
            return reply(hover_text::definition_markdown(&text, definition), range);
        }
        if let Some(finding) = analysis
            .findings
            .iter()
            .find(|f| f.range.start <= offset && offset < f.range.end.max(f.range.start + 1))
        {
            return reply(
                rule_markdown(Some(finding), finding.rule),
                finding.range.clone(),
            );
        }
        let word = brieflint_core::text::run_around(&text, offset, |c| c.is_ascii_alphanumeric());
        if let Some(meta) =
            rules::lookup(&text[word.clone()]).filter(|m| m.code == &text[word.clone()])
        {
            return reply(rule_markdown(None, meta), word);
        }
        Ok(None)
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        let Some((snapshot, encoding)) = snapshot_of(&self.state, &uri).await else {
            return Ok(None);
        };
        let citations = &snapshot.analysis.citations;
        // A link on each citation, and on a case's name before it.
        let rope = &snapshot.rope;
        let links = citations
            .iter()
            .filter_map(|c| Some((c, hover_text::source_url(citations, c)?)))
            .flat_map(|(c, url)| {
                std::iter::once(c.range.clone())
                    .chain(c.name_range.clone())
                    .map(move |range| DocumentLink {
                        range: convert::range(rope, range, encoding),
                        target: Url::parse(&url).ok(),
                        tooltip: Some(format!("Open {}", c.identity)),
                        data: None,
                    })
            })
            .collect();
        Ok(Some(links))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some((snapshot, encoding)) = snapshot_of(&self.state, &uri).await else {
            return Ok(None);
        };
        fn to_lsp(
            rope: &Rope,
            symbol: &brieflint_core::outline::Symbol,
            encoding: Encoding,
        ) -> DocumentSymbol {
            #[allow(deprecated)]
            DocumentSymbol {
                name: if symbol.name.is_empty() {
                    "(untitled)".to_string()
                } else {
                    symbol.name.clone()
                },
                detail: None,
                kind: match symbol.kind {
                    brieflint_core::outline::SymbolKind::Heading => SymbolKind::STRING,
                    brieflint_core::outline::SymbolKind::Request => SymbolKind::FIELD,
                    brieflint_core::outline::SymbolKind::GeneralObjections => SymbolKind::NAMESPACE,
                },
                tags: None,
                deprecated: None,
                range: convert::range(rope, symbol.range.clone(), encoding),
                selection_range: convert::range(rope, symbol.selection.clone(), encoding),
                children: Some(
                    symbol
                        .children
                        .iter()
                        .map(|c| to_lsp(rope, c, encoding))
                        .collect(),
                ),
            }
        }
        let symbols = snapshot
            .analysis
            .outline
            .iter()
            .map(|s| to_lsp(&snapshot.rope, s, encoding))
            .collect();
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let Some((snapshot, offset, encoding)) = snapshot_at(&self.state, &uri, position).await
        else {
            return Ok(None);
        };
        Ok(term_at(&snapshot.analysis, offset).map(|d| {
            GotoDefinitionResponse::Scalar(Location::new(
                uri.clone(),
                convert::range(&snapshot.rope, d.term_range.clone(), encoding),
            ))
        }))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri;
        let position = params.text_document_position.position;
        let Some((snapshot, offset, encoding)) = snapshot_at(&self.state, &uri, position).await
        else {
            return Ok(None);
        };
        Ok(term_at(&snapshot.analysis, offset).map(|d| {
            let declaration = params.context.include_declaration.then_some(&d.term_range);
            declaration
                .into_iter()
                .chain(&d.uses)
                .map(|r| {
                    Location::new(
                        uri.clone(),
                        convert::range(&snapshot.rope, r.clone(), encoding),
                    )
                })
                .collect()
        }))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((snapshot, offset, encoding)) =
            snapshot_at(&self.state, &params.text_document.uri, params.position).await
        else {
            return Ok(None);
        };
        Ok(term_at(&snapshot.analysis, offset).map(|d| {
            let range = std::iter::once(&d.term_range)
                .chain(&d.uses)
                .find(|r| r.start <= offset && offset <= r.end)
                .cloned()
                .unwrap_or(d.term_range.clone());
            PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(&snapshot.rope, range, encoding),
                placeholder: d.term.clone(),
            }
        }))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let uri = params.text_document_position.text_document.uri;
        let position = params.text_document_position.position;
        let new_name = params.new_name.trim().to_string();
        if new_name.is_empty() || new_name.contains(['"', '“', '”', '\n']) {
            return Err(tower_lsp::jsonrpc::Error::invalid_params(
                "a defined term cannot be empty or contain quotation marks or line breaks",
            ));
        }
        let document_changes = lock(&self.state).document_changes;
        let Some((snapshot, offset, encoding)) = snapshot_at(&self.state, &uri, position).await
        else {
            return Ok(None);
        };
        let Some(definition) = term_at(&snapshot.analysis, offset) else {
            return Ok(None);
        };
        let edits: Vec<brieflint_core::finding::Edit> = std::iter::once(&definition.term_range)
            .chain(&definition.uses)
            .map(|r| brieflint_core::finding::Edit {
                range: r.clone(),
                new_text: new_name.clone(),
            })
            .collect();
        Ok(Some(convert::workspace_edit(
            &uri,
            snapshot.version,
            &snapshot.rope,
            &edits,
            encoding,
            document_changes,
        )))
    }
}

#[derive(serde::Deserialize)]
struct RuleDocumentationParams {
    code: String,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct TableOfAuthoritiesParams {
    text_document: TextDocumentIdentifier,
}

#[derive(serde::Deserialize)]
struct NoParams {}

impl Backend {
    /// `brieflint/recordIndex`: what the workspace scan indexed (for :checkhealth-style
    /// diagnostics and tests).
    async fn record_index(&self, _: NoParams) -> Result<serde_json::Value> {
        let mut ready = self.index_ready.clone();
        let _ = tokio::time::timeout(Duration::from_secs(30), ready.wait_for(|r| *r)).await;
        let state = lock(&self.state);
        let mut filings: Vec<String> = state
            .matter
            .keys()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        filings.sort();
        let notice = state.matter_truncated.then(|| {
            format!(
                "The index stopped at {} files; filings beyond them are not part of the record. Raise brieflint.matter.maxFiles to index more.",
                state.limits.max_files
            )
        });
        Ok(serde_json::json!({
            "filings": filings,
            "notice": notice,
            "truncated": state.matter_truncated,
            "tooLarge": state.matter_too_large,
            "limits": {"maxFiles": state.limits.max_files, "maxFileBytes": state.limits.max_file_bytes},
        }))
    }

    /// `brieflint/ruleDocumentation`: a rule's documentation as Markdown.
    async fn rule_documentation(
        &self,
        params: RuleDocumentationParams,
    ) -> Result<serde_json::Value> {
        match rules::lookup(&params.code) {
            Some(meta) => Ok(serde_json::json!({
                "code": meta.code,
                "markdown": format!("# {} {}\n\n{}", meta.code, meta.name, meta.doc_markdown()),
            })),
            None => Err(tower_lsp::jsonrpc::Error::invalid_params(format!(
                "unknown rule {:?}",
                params.code
            ))),
        }
    }

    /// `brieflint/tableOfAuthorities`: the open document's table of authorities.
    async fn table_of_authorities(
        &self,
        params: TableOfAuthoritiesParams,
    ) -> Result<serde_json::Value> {
        let Some((snapshot, _)) = snapshot_of(&self.state, &params.text_document.uri).await else {
            return Err(tower_lsp::jsonrpc::Error::invalid_params(
                "the document is not open",
            ));
        };
        let entries = toa::entries(&snapshot.text, &snapshot.analysis.citations);
        Ok(serde_json::json!({"markdown": toa::markdown(&entries), "entries": entries}))
    }
}

/// The language server as a tower service, without stdio or the panic boundary: what
/// `run_stdio` serves, and what the `requests` fuzz target calls directly (where a panic
/// must surface). Must be called inside a tokio runtime (the worker is spawned on it);
/// the worker's diagnostics frames go to `frames`.
#[doc(hidden)]
pub fn build_service(
    frames: mpsc::UnboundedSender<Vec<u8>>,
) -> (LspService<Backend>, tower_lsp::ClientSocket) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let state = Arc::new(Mutex::new(State {
        jobs: Some(sender.clone()),
        ..State::default()
    }));
    let (ready_tx, ready_rx) = tokio::sync::watch::channel(false);
    LspService::build(|client| {
        tokio::spawn(worker(frames, state.clone(), receiver, ready_tx));
        Backend {
            client,
            state: state.clone(),
            jobs: sender,
            index_ready: ready_rx,
        }
    })
    .custom_method("brieflint/ruleDocumentation", Backend::rule_documentation)
    .custom_method("brieflint/recordIndex", Backend::record_index)
    .custom_method(
        "brieflint/tableOfAuthorities",
        Backend::table_of_authorities,
    )
    .finish()
}

/// Serves LSP over stdin/stdout until the client exits.
pub fn run_stdio() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    let filter = tracing_subscriber::EnvFilter::try_from_env("BRIEFLINT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // tower-lsp traces every message it reads and writes, document text included: those
    // lines are dropped at any log level unless BRIEFLINT_LOG_TEXT=1 asks for them.
    let log_text = std::env::var_os("BRIEFLINT_LOG_TEXT").is_some_and(|v| v == "1");
    let privileged = tracing_subscriber::filter::filter_fn(move |meta| {
        log_text
            || !(meta.target().starts_with("tower_lsp::codec")
                && *meta.level() == tracing::Level::TRACE)
    });
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(false)
                .with_filter(filter)
                .with_filter(privileged),
        )
        .try_init();
    // One thread for the message loop, which also runs the analyses that take a few
    // milliseconds; one for the long ones and the workspace scan (`analyzer`).
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("brieflint: cannot start the async runtime: {e}");
            std::process::exit(2);
        }
    };
    runtime.block_on(async {
        // Frames written to stdout beside tower-lsp's: error responses to malformed input
        // and the diagnostics the worker publishes.
        let (frames_tx, frames_rx) = mpsc::unbounded_channel();
        let (service, socket) = build_service(frames_tx.clone());
        // tower-lsp reads and writes through pipes; `transport` guards the real stdio.
        let (server_input, guard_input) = tokio::io::duplex(1 << 16);
        let (server_output, guard_output) = tokio::io::duplex(1 << 16);
        let input = tokio::spawn(transport::filter_input(
            tokio::io::stdin(),
            guard_input,
            frames_tx,
        ));
        let output = tokio::spawn(transport::merge_output(
            guard_output,
            frames_rx,
            tokio::io::stdout(),
        ));
        Server::new(server_input, server_output, socket)
            .serve(guard::CatchPanics::new(service))
            .await;
        input.abort();
        let _ = output.await;
    });
}
