//! The hand-over of one version of a document to the core: what an analysis needs,
//! taken from the state (`prepare`), the analysis itself with the record summary and its
//! comparison beside it (`run_analysis`), and storing the result (`store`); `analyzed`
//! decides whether that runs on the message loop or on the analysis thread.

use super::analysis_thread::on_analysis_thread;
use crate::record;
use crate::session::{lock, State};
use brieflint_core::config::{Config, RuleLevel};
use brieflint_core::document::DocKind;
use brieflint_core::matter::FilingSummary;
use brieflint_core::{self as analysis, rules, Analysis};
use ropey::Rope;
use std::sync::{Arc, Mutex};
use tower_lsp::lsp_types::Url;

/// A document's analysis with the text, rope and version it was computed for.
pub struct Snapshot {
    /// The opening of the document it was taken from (`Document::id`).
    pub document_id: u64,
    pub analysis: Arc<Analysis>,
    pub text: Arc<String>,
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
    /// The text, as a rope: it is made into a string on the thread that analyzes it
    /// (copying a 4 MB document held the message loop).
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
    if let Some((analysis, text)) = document.current_analysis() {
        return Some(Ok(Snapshot {
            document_id: document.id,
            analysis,
            text,
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
    text: Arc<String>,
    took: std::time::Duration,
    summary: Option<(FilingSummary, bool)>,
}

/// Analyzes `input` (the slow part, milliseconds to tens of them: run it off the message
/// loop).
fn run_analysis(input: &AnalysisInput) -> Analyzed {
    let started = std::time::Instant::now();
    // (Chunk by chunk into one allocation: `to_string` goes through the formatter.)
    let text = Arc::new(String::from(&input.rope));
    let name = input
        .key
        .as_deref()
        .map(|k| brieflint_core::filings::file_name_of(k).to_string())
        .unwrap_or_default();
    let filings: Vec<&FilingSummary> = input.filings.iter().map(|f| f.as_ref()).collect();
    let mut analysis =
        analysis::analyze_incremental(&text, &input.config, Some((&name, &filings)), &input.cache);
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
        text,
        took: started.elapsed(),
        summary,
    }
}

/// Stores `analysis` of `input` in the state, with the document's filing summary in the
/// record, if the document is still at that version; gives its cache back either way.
fn store(state: &mut State, input: AnalysisInput, analyzed: Analyzed) -> Snapshot {
    let Analyzed {
        analysis,
        text,
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
        document.last_analysis = Some((took, text.len()));
        if document.version == input.version {
            document.analysis = Some((input.version, analysis.clone(), text.clone()));
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
        text,
        rope: input.rope,
        version: input.version,
        _stale: stale,
        _stale_summary: stale_summary,
    }
}

/// The longest an analysis may hold the message loop. The loop must never be blocked
/// for 50 ms by one document (a hover or a keystroke elsewhere waits meanwhile).
const ON_LOOP_BUDGET: std::time::Duration = std::time::Duration::from_millis(8);

/// Whether analyzing `input` is known to take a few milliseconds at most, so that it may
/// run on the message loop itself: its last analysis took under `ON_LOOP_BUDGET`, and
/// it has not grown by more than a paste since. A first analysis, a slow document (a
/// long filing, or text dense with definitions or citations) and a large paste go to
/// the analysis thread. Not everything goes there: the regex engine keeps caches per
/// thread (about 8 MB of resident memory for a thread that analyzes, measured), and
/// the hand-over costs a millisecond or two a keystroke.
fn analyzes_quickly(input: &AnalysisInput) -> bool {
    input.last_analysis.is_some_and(|(took, len)| {
        took <= ON_LOOP_BUDGET && input.rope.len_bytes() <= len + 16 * 1024
    })
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
