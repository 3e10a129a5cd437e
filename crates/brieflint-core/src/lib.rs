//! The analysis core: pure and IO-free. Text and configuration in, findings out.
//! Nothing here knows about LSP, files or the terminal.

pub mod authorities;
pub mod caseless;
pub mod citations;
pub mod config;
pub mod counting;
pub mod definitions;
pub mod discovery;
pub mod document;
pub mod editor;
pub mod filings;
pub mod finding;
#[cfg(test)]
mod fixture_tests;
mod foreign_claims;
pub mod gate;
pub mod hover;
pub mod incremental;
pub mod letter;
pub mod markdown;
pub mod matter;
pub mod outline;
mod parallel;
#[doc(hidden)]
pub use parallel::on_one_thread;
pub mod placeholders;
pub mod position;
pub mod profiles;
pub mod rules;
pub mod sentences;
pub mod suppress;
pub mod text;
pub mod toa;

use config::{Config, RuleLevel};
use finding::Finding;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The rule made to fail, for testing fault isolation: set once per process by the edge
/// (the binary reads `BRIEFLINT_FAULT_INJECT=BL101`; the core reads no environment).
static FAULT_INJECTED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Makes the rule `code` panic on every document from now on, in this process: a test of
/// fault isolation (a panicking rule becomes BL000). The first call wins.
pub fn inject_rule_fault(code: &str) {
    let _ = FAULT_INJECTED.set(code.to_string());
}

fn fault_injected(code: &str) -> bool {
    FAULT_INJECTED
        .get()
        .is_some_and(|injected| injected == code)
}

/// Logs a rule's failure once per process (the document's text is never logged).
fn report_rule_failure(code: &'static str) {
    static REPORTED: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut reported = REPORTED.lock().unwrap_or_else(|p| p.into_inner());
    if !reported.contains(&code) {
        reported.push(code);
        tracing::error!(
            rule = code,
            "rule failed and was skipped; its findings are missing"
        );
    }
}

/// The analysis's regular expressions compile on first use: about 45 ms in all, once
/// per process. The server compiles those that most filings use ahead of its first
/// analysis, one step (one module) at a time, so that no step holds up its message loop
/// for long (the largest, citations, takes about 20 ms). Compiling is all a step does:
/// the regex engine's search caches, kept per thread, are made by the thread that first
/// searches.
pub fn warm_up_steps() -> Vec<fn()> {
    let mut steps: Vec<fn()> = vec![
        citations::compile_patterns,
        discovery::compile_patterns,
        definitions::compile_patterns,
        suppress::compile_patterns,
        placeholders::compile_patterns,
    ];
    steps.extend(rules::PATTERN_COMPILERS);
    steps
}

/// Everything the analysis knows of one filing.
#[derive(Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub citations: Vec<citations::Citation>,
    pub definitions: Vec<definitions::Definition>,
    pub outline: Vec<outline::Symbol>,
    pub document: document::DocumentInfo,
    /// The length limit that governs the filing and its count (see `profiles`), when one
    /// does.
    pub length: Option<profiles::LengthInfo>,
}

/// Analyzes one Markdown filing. Findings are sorted by position, then code.
pub fn analyze(text: &str, config: &Config) -> Vec<Finding> {
    analyze_document(text, config).findings
}

/// Analyzes one Markdown filing: findings, citations, definitions and outline.
pub fn analyze_document(text: &str, config: &Config) -> Analysis {
    analyze_in_matter(text, config, None)
}

/// Analyzes one filing of a matter: `matter` is this filing's path and the summaries of
/// the matter's filings, from which its prior record is chosen (see `matter`).
pub fn analyze_in_matter(
    text: &str,
    config: &Config,
    matter: Option<(&str, &[&matter::FilingSummary])>,
) -> Analysis {
    analyze_with(text, config, matter, None)
}

/// `analyze_in_matter` for a document being edited: what an earlier analysis of it
/// computed for blocks that have not changed is reused from `cache` (see `incremental`).
/// The result is the same as a full analysis of `text`.
pub fn analyze_incremental(
    text: &str,
    config: &Config,
    matter: Option<(&str, &[&matter::FilingSummary])>,
    cache: &incremental::Cache,
) -> Analysis {
    cache.begin(config, text);
    let analysis = analyze_with(text, config, matter, Some(cache));
    cache.end();
    analysis
}

/// The findings of the rules this thread takes from `rules::all()` (the next not yet
/// taken, counted by `next`, until none is left), each rule's with its index, at the
/// level the configuration gives it. A rule that panics is skipped and reported as BL000.
fn run_rules(cx: &rules::Context, next: &AtomicUsize) -> Vec<(usize, Vec<Finding>)> {
    let config = cx.config;
    let mut by_rule = Vec::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(rule) = rules::all().get(index) else {
            break;
        };
        let meta = rule.meta();
        let severity = match config.level(meta.code) {
            Some(RuleLevel::Off) => continue,
            Some(RuleLevel::On(severity)) => severity,
            None => meta.default_severity,
        };
        let mut found = Vec::new();
        // A bug in one rule must not take down the others, or the server: the rule is
        // skipped, logged once, and reported as an information diagnostic.
        let run = catch_unwind(AssertUnwindSafe(|| {
            if fault_injected(meta.code) {
                panic!("fault injected into {}", meta.code);
            }
            rule.check(cx, &mut found)
        }));
        if run.is_err() {
            report_rule_failure(meta.code);
            let mut finding = rules::bl000_internal_error::finding(meta);
            finding.severity = match config.level("BL000") {
                Some(RuleLevel::Off) => continue,
                Some(RuleLevel::On(severity)) => severity,
                None => finding.severity,
            };
            by_rule.push((index, vec![finding]));
            continue;
        }
        for finding in &mut found {
            finding.severity = severity;
        }
        by_rule.push((index, found));
    }
    by_rule
}

/// The analysis of a file that is not analyzed, for `reason` (BL002, at the level the
/// configuration gives it): also for a file too large to be read at all.
pub fn not_analyzed(reason: String, config: &Config) -> Analysis {
    let mut finding = rules::bl002_not_analyzed::finding(reason);
    let findings = match config.level(finding.rule.code) {
        Some(RuleLevel::Off) => Vec::new(),
        Some(RuleLevel::On(severity)) => {
            finding.severity = severity;
            vec![finding]
        }
        None => vec![finding],
    };
    Analysis {
        findings,
        ..Analysis::default()
    }
}

fn analyze_with(
    text: &str,
    config: &Config,
    matter: Option<(&str, &[&matter::FilingSummary])>,
    cache: Option<&incremental::Cache>,
) -> Analysis {
    // A file too large or not text gets one finding saying so, and nothing else.
    if let Some(reason) = rules::bl002_not_analyzed::skip_reason(text, config.max_document_bytes())
    {
        return not_analyzed(reason, config);
    }
    let structure = markdown::parse_cached(text, cache);
    let two_threads = parallel::worth_two_threads(text);
    // A discovery response's work is mostly its units (discovery), a brief's its
    // citations and its length: each side of the two threads holds one of them.
    let ((citations, definitions), (discovery, document, length)) = parallel::join(
        two_threads,
        || {
            (
                citations::recognize_cached(text, &structure, cache),
                definitions::find_cached(text, &structure, cache),
            )
        },
        || {
            let discovery = discovery::analyze(text, &structure, cache);
            let mut document =
                document::analyze_cached(text, &structure, !discovery.units.is_empty(), cache);
            if document.court.is_none() {
                document.court = config.court.clone();
            }
            let length = rules::length_of(text, &structure, &document, config, cache);
            (discovery, document, length)
        },
    );
    let record: Vec<&matter::FilingSummary> = match matter {
        Some((path, filings)) => matter::prior_record(path, &document, filings),
        None => Vec::new(),
    };
    let cx = rules::Context {
        text,
        structure: &structure,
        discovery: &discovery,
        citations: &citations,
        definitions: &definitions,
        document: &document,
        record: &record,
        memo: rules::Memo::with_length(length),
        cache,
        config,
    };
    // On two threads, each takes the next rule not yet taken until none is left.
    let next_rule = AtomicUsize::new(0);
    let take_rules = || run_rules(&cx, &next_rule);
    let (beside, here) = parallel::join(two_threads, take_rules, take_rules);
    // In the order of `rules::all()`, as on one thread.
    let mut by_rule = here;
    by_rule.extend(beside);
    by_rule.sort_by_key(|(index, _)| *index);
    let mut findings: Vec<Finding> = by_rule
        .into_iter()
        .flat_map(|(_, findings)| findings)
        .collect();
    suppress::apply(text, &mut findings);
    // A finding whose statement is written but for a placeholder gives way to BL003
    // standing on that placeholder; with BL003 off or suppressed there, it stays.
    let standing: Vec<std::ops::Range<usize>> = findings
        .iter()
        .filter(|f| std::ptr::eq(f.rule, &rules::bl003_unfilled_placeholder::META))
        .map(|f| f.range.clone())
        .collect();
    findings.retain(|f| {
        f.placeholder
            .as_ref()
            .map_or(true, |p| !standing.contains(p))
    });
    findings.sort_by(|a, b| {
        (a.range.start, a.rule.code, a.range.end).cmp(&(b.range.start, b.rule.code, b.range.end))
    });
    findings.dedup_by(|a, b| a.rule.code == b.rule.code && a.range == b.range);
    let outline = outline::build(text, &structure, &discovery);
    let length = rules::length(&cx).map(|applied| applied.info(text));
    drop(cx);
    Analysis {
        findings,
        citations,
        definitions,
        outline,
        document,
        length,
    }
}
