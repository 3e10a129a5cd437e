//! When analyses run and where: the worker task (one, so diagnostics are published in
//! order and only for the latest version), the analysis thread for long work, and the
//! hand-over of a document's text, configuration and matter to the core.

use crate::convert;
use crate::record;
use crate::session::{lock, ConfigProblem, State};
use brieflint_core::config::{Config, RuleLevel};
use brieflint_core::document::DocKind;
use brieflint_core::matter::FilingSummary;
use brieflint_core::{self as analysis, rules, Analysis};
use ropey::Rope;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tower_lsp::lsp_types::*;

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

/// A document's analysis with the text, rope and version it was computed for.
pub struct Snapshot {
    /// The opening of the document it was taken from (`Document::id`).
    pub document_id: u64,
    pub analysis: Arc<Analysis>,
    pub text: String,
    pub rope: Rope,
    pub version: i32,
    /// The analysis this one replaced, to be freed once the caller is done.
    _stale: Option<Arc<Analysis>>,
    /// The record summary this analysis replaced, likewise.
    _stale_summary: Option<Arc<FilingSummary>>,
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
    /// The filing's name in the record index (`State::record_key`), if it is a file.
    key: Option<String>,
    /// The filings of its matter (its folder).
    filings: Vec<Arc<FilingSummary>>,
    /// Its own summary in the record index now, compared with the new one beside the
    /// analysis (a long filing's has a hundred thousand authorities).
    previous_summary: Option<Arc<FilingSummary>>,
    /// The document's cache, lent to the analysis and given back after it.
    cache: brieflint_core::incremental::Cache,
    /// The file limit the workspace index stopped at, if it did (BL004).
    record_cut_at: Option<usize>,
    /// How long the document's last analysis took, and its length then.
    last_analysis: Option<(std::time::Duration, usize)>,
}

/// The current version's snapshot if it has been analyzed, else what analyzing it needs.
fn prepare(state: &mut State, uri: &Url) -> Option<Result<Snapshot, AnalysisInput>> {
    let document = state.documents.get_mut(uri)?;
    if let Some(analysis) = document.current_analysis() {
        return Some(Ok(Snapshot {
            document_id: document.id,
            analysis,
            text: document.rope.to_string(),
            rope: document.rope.clone(),
            version: document.version,
            _stale: document.stale.take(),
            _stale_summary: None,
        }));
    }
    let path = uri.to_file_path().ok();
    let config = state.config_for(path.as_deref());
    let key = path.as_deref().map(|p| state.record_key(p));
    let filings = key
        .as_deref()
        .map(|k| state.matter_of(k))
        .unwrap_or_default();
    let previous_summary = key.as_ref().and_then(|k| state.matter.get(k).cloned());
    let record_cut_at = state.matter_truncated.then_some(state.limits.max_files);
    let document = state.documents.get_mut(uri)?;
    let last_analysis = document.last_analysis;
    Some(Err(AnalysisInput {
        last_analysis,
        uri: uri.clone(),
        document_id: document.id,
        text: document.rope.to_string(),
        rope: document.rope.clone(),
        version: document.version,
        config,
        key,
        filings,
        previous_summary,
        cache: std::mem::take(&mut document.cache),
        record_cut_at,
    }))
}

/// What one analysis produced: the analysis, how long it took, and the document's
/// summary for the record index (when it is a file) with whether it differs from
/// `AnalysisInput::previous_summary`, both computed beside the analysis so that storing
/// them on the message loop is quick.
struct Analyzed {
    analysis: Analysis,
    took: std::time::Duration,
    summary: Option<(FilingSummary, bool)>,
}

/// Analyzes `input` (the slow part, milliseconds to tens of them: run it off the message
/// loop).
fn run_analysis(input: &AnalysisInput) -> Analyzed {
    let started = std::time::Instant::now();
    let name = input
        .key
        .as_deref()
        .map(|k| brieflint_core::filings::file_name_of(k).to_string())
        .unwrap_or_default();
    let filings: Vec<&FilingSummary> = input.filings.iter().map(|f| f.as_ref()).collect();
    let mut analysis = analysis::analyze_incremental(
        &input.text,
        &input.config,
        Some((&name, &filings)),
        &input.cache,
    );
    if let Some(max_files) = input.record_cut_at {
        if analysis.document.kind == DocKind::Reconsideration {
            let mut notice = rules::bl004_incomplete_record::finding(max_files);
            match input.config.level(notice.rule.code) {
                Some(RuleLevel::Off) => {}
                level => {
                    if let Some(RuleLevel::On(severity)) = level {
                        notice.severity = severity;
                    }
                    analysis.findings.insert(0, notice);
                }
            }
        }
    }
    let summary = input.key.as_deref().map(|key| {
        let summary = brieflint_core::matter::summarize(
            brieflint_core::filings::file_name_of(key),
            &analysis.document,
            &analysis.citations,
        );
        let changed = input.previous_summary.as_deref() != Some(&summary);
        (summary, changed)
    });
    Analyzed {
        analysis,
        took: started.elapsed(),
        summary,
    }
}

/// Stores `analysis` of `input` in the state, with the document's filing summary in the
/// record, if the document is still at that version; gives its cache back either way.
fn store(state: &mut State, input: AnalysisInput, analyzed: Analyzed) -> Snapshot {
    let Analyzed {
        analysis,
        took,
        summary,
    } = analyzed;
    let analysis = Arc::new(analysis);
    let mut stale = None;
    let mut stale_summary = None;
    let document = state
        .documents
        .get_mut(&input.uri)
        .filter(|d| d.id == input.document_id);
    if let Some(document) = document {
        document.cache = input.cache;
        document.last_analysis = Some((took, input.text.len()));
        if document.version == input.version {
            document.analysis = Some((input.version, analysis.clone()));
            stale = document.stale.take();
            if let (Some(key), Some((summary, changed))) = (input.key, summary) {
                // Compared beside the analysis with the summary the record held then;
                // if the record has changed since, compared again here.
                let compared = input.previous_summary.as_ref();
                let changed = match (state.matter.get(&key), compared) {
                    (Some(now), Some(then)) if Arc::ptr_eq(now, then) => Some(changed),
                    (None, None) => Some(true),
                    _ => None,
                };
                stale_summary = record::store_summary(state, &input.uri, key, summary, changed);
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
        _stale_summary: stale_summary,
    }
}

/// The longest an analysis may hold the message loop. The loop must never be blocked
/// for 50 ms by one document (a hover or a keystroke elsewhere waits meanwhile).
const ON_LOOP_BUDGET: std::time::Duration = std::time::Duration::from_millis(8);

/// Diagnostics for more findings than this are written as JSON off the message loop.
const FRAME_ON_LOOP_FINDINGS: usize = 1000;

/// A document longer than this has what its analysis replaced freed off the message
/// loop.
const FREE_ON_LOOP_BYTES: usize = 256 * 1024;

/// Whether analyzing `input` is known to take a few milliseconds at most, so that it may
/// run on the message loop itself: its last analysis took under `ON_LOOP_BUDGET`, and
/// it has not grown by more than a paste since. A first analysis, a slow document (a
/// long filing, or text dense with definitions or citations) and a large paste go to
/// the analysis thread. Not everything goes there: the regex engine keeps caches per
/// thread (about 8 MB of resident memory for a thread that analyzes, measured), and
/// the hand-over costs a millisecond or two a keystroke.
fn analyzes_quickly(input: &AnalysisInput) -> bool {
    input
        .last_analysis
        .is_some_and(|(took, len)| took <= ON_LOOP_BUDGET && input.text.len() <= len + 16 * 1024)
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
pub async fn on_analysis_thread<T: Send + 'static>(
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
pub enum Purpose {
    /// May run on the message loop when it is quick (`analyzes_quickly`).
    Publish,
    /// Always awaited from the analysis thread, so that `$/cancelRequest` can end the
    /// request while it waits. (Requests mostly find the worker's analysis ready.)
    Request,
}

/// The analyzed snapshot of `uri` at its current version, analyzed on the analysis
/// thread if needed.
pub async fn analyzed(state: &Mutex<State>, uri: &Url, purpose: Purpose) -> Option<Snapshot> {
    let input = match prepare(&mut lock(state), uri)? {
        Ok(snapshot) => return Some(snapshot),
        Err(input) => input,
    };
    if purpose == Purpose::Publish && analyzes_quickly(&input) {
        // Rules are isolated one by one; this catches a failure anywhere else, which
        // would otherwise end the worker and with it every later diagnostic.
        let analyzed =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_analysis(&input)))
                .map_err(|_| tracing::error!("analysis failed; no diagnostics for this version"))
                .ok()?;
        return Some(store(&mut lock(state), input, analyzed));
    }
    // Awaited: the message loop goes on meanwhile, and a request cancelled meanwhile
    // ($/cancelRequest) ends here.
    let (input, analyzed) = on_analysis_thread(move || {
        let analyzed = run_analysis(&input);
        (input, analyzed)
    })
    .await?;
    Some(store(&mut lock(state), input, analyzed))
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
