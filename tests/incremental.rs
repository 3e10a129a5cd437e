//! Incremental re-analysis gives exactly what a full analysis gives: after every edit of
//! a random sequence, analyzing with the document's cache (what the language server does
//! on each keystroke) and analyzing the text from scratch agree on every finding, fix,
//! citation, definition, outline entry and document fact.

use brieflint_core::{
    self as analysis, config::Config, finding::Finding, incremental::Cache, Analysis,
};
use proptest::prelude::*;

/// A filing with findings of every local rule: a generated response and the must-fire
/// fixtures of the discovery, AEO and definition rules.
fn base_text() -> String {
    let mut text = brieflint_generate::discovery_response(3, 7);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/rules");
    for code in [
        "BL101", "BL102", "BL103", "BL104", "BL105", "BL106", "BL107", "BL301", "BL401", "BL601",
        "BL602",
    ] {
        let fixture = std::fs::read_to_string(format!("{root}/{code}/fire.md")).unwrap();
        text.push_str("\n\n");
        text.push_str(&fixture);
    }
    text
}

/// Edits that change what the rules see: labels, objections, quotations, code, comments,
/// block breaks, and text in other scripts.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "",
        "x",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "😀",
        "王伟",
        "e\u{301}",
        "`",
        "\"",
        "“",
        "*",
        "**REQUEST FOR PRODUCTION NO. 9:** All documents.\n\n",
        "**RESPONSE TO REQUEST FOR PRODUCTION NO. 9:** ",
        "INTERROGATORY NO. 2: Identify.\n\nANSWER: ",
        "## GENERAL OBJECTIONS\n\n",
        "## ARGUMENT\n\n",
        "Acme objects to this Request as overly broad and unduly burdensome. ",
        "Acme will produce responsive documents. ",
        "Nothing is being withheld on the basis of this objection. ",
        "by March 1, 2027",
        "privileged and protected by the work-product doctrine. ",
        "A privilege log will be served. ",
        "Production will be completed no later than [date]. ",
        " because [state the facts of the burden]",
        "[",
        "]",
        "Subject to and without waiving the foregoing objections, ",
        "not reasonably calculated to lead to the discovery of admissible evidence",
        "All documents produced shall be designated Attorneys' Eyes Only. ",
        "The DSL and the PIPL bar production. ",
        "the Data Security Law (\"DSL\") ",
        "> quoted text\n",
        "```\ncode\n```\n",
        "<!-- note -->",
        "<!--",
        "-->",
        "<!-- brieflint-disable-next-line BL101 -->\n",
        "482 U.S. 522, 544 (1987) ",
        "Id. at 5. ",
        "---\nkind: response\n---\n",
    ])
}

#[derive(Debug, Clone)]
struct Edit {
    /// Where, as a share of the text's length (per mille).
    at: u32,
    delete: usize,
    insert: &'static str,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (0u32..=1000, 0usize..40, piece()).prop_map(|(at, delete, insert)| Edit {
            at,
            delete,
            insert,
        }),
        1..10,
    )
}

fn apply(text: &mut String, edit: &Edit) {
    let boundary = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let start = boundary(text.len() * edit.at as usize / 1000);
    let end = boundary(start + edit.delete);
    text.replace_range(start..end, edit.insert);
}

/// Everything a finding says, comparable.
fn finding_facts(f: &Finding) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        f.rule.code,
        f.severity,
        f.range.clone(),
        &f.message,
        &f.related,
        &f.fixes,
        &f.placeholder,
    )
}

/// `BRIEFLINT_FAULT_INJECT=BL101 cargo test --test incremental` makes that rule panic on
/// every document, as the binary does: these tests must then fail (BL000 on both sides
/// would otherwise compare equal).
fn fault_injection_from_env() {
    if let Ok(code) = std::env::var("BRIEFLINT_FAULT_INJECT") {
        analysis::inject_rule_fault(&code);
    }
}

fn assert_same(incremental: &Analysis, full: &Analysis, text: &str) {
    for analysis in [incremental, full] {
        let failed: Vec<&str> = analysis
            .findings
            .iter()
            .filter(|f| f.rule.code == "BL000")
            .map(|f| &*f.message)
            .collect();
        assert!(failed.is_empty(), "a rule failed: {failed:?}");
    }
    let a: Vec<_> = incremental.findings.iter().map(finding_facts).collect();
    let b: Vec<_> = full.findings.iter().map(finding_facts).collect();
    assert_eq!(a, b, "findings differ on:\n{text}");
    assert_eq!(incremental.citations, full.citations, "citations differ");
    assert_eq!(
        incremental.definitions, full.definitions,
        "definitions differ"
    );
    assert_eq!(incremental.outline, full.outline, "outline differs");
    assert_eq!(
        format!("{:?}", incremental.document),
        format!("{:?}", full.document),
        "document facts differ"
    );
}

#[test]
fn the_base_text_has_findings_of_every_local_rule() {
    fault_injection_from_env();
    let findings = analysis::analyze(&base_text(), &Config::default());
    for code in [
        "BL101", "BL102", "BL103", "BL104", "BL105", "BL106", "BL107", "BL401", "BL601",
    ] {
        assert!(
            findings.iter().any(|f| f.rule.code == code),
            "{code} does not fire on the base text"
        );
    }
}

#[test]
fn unchanged_text_is_served_from_the_cache() {
    fault_injection_from_env();
    let text = base_text();
    let config = Config::default();
    let cache = Cache::new();
    let first = analysis::analyze_incremental(&text, &config, None, &cache);
    let cold = cache.stats();
    let second = analysis::analyze_incremental(&text, &config, None, &cache);
    let warm = cache.stats();
    assert!(
        cold.misses > 0 && warm.misses == 0,
        "{cold:?} then {warm:?}"
    );
    assert_eq!(warm.hits, cold.misses + cold.hits);
    assert_same(&second, &first, &text);
}

#[test]
fn a_new_configuration_is_not_served_stale_findings() {
    fault_injection_from_env();
    let text = base_text();
    let cache = Cache::new();
    let plain = Config::default();
    analysis::analyze_incremental(&text, &plain, None, &cache);
    let strict = Config::from_toml("[boilerplate]\nextra-phrases = [\"all documents\"]\n")
        .expect("valid configuration");
    let incremental = analysis::analyze_incremental(&text, &strict, None, &cache);
    let full = analysis::analyze_document(&text, &strict);
    assert_same(&incremental, &full, &text);
}

#[test]
fn the_same_text_under_an_objections_label_and_a_response_label_is_told_apart() {
    fault_injection_from_env();
    // One paragraph, word for word, is an objection in the first unit and not in the
    // second: a cache keyed by text alone would give the second the first's reading.
    let text = "**REQUEST FOR PRODUCTION NO. 1:** All documents.\n\n**OBJECTIONS:**\n\nThe documents are kept in Texas.\n\n**REQUEST FOR PRODUCTION NO. 2:** All records.\n\n**RESPONSE:**\n\nThe documents are kept in Texas.\n";
    let config = Config::default();
    let cache = Cache::new();
    let incremental = analysis::analyze_incremental(text, &config, None, &cache);
    let full = analysis::analyze_document(text, &config);
    assert_eq!(
        full.findings
            .iter()
            .filter(|f| f.rule.code == "BL102")
            .count(),
        1,
        "only the objection lacks a withholding statement"
    );
    assert_same(&incremental, &full, text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn incremental_analysis_equals_full_analysis_after_random_edits(edits in edits()) {
        fault_injection_from_env();
        let config = Config::default();
        let cache = Cache::new();
        let mut text = base_text();
        analysis::analyze_incremental(&text, &config, None, &cache);
        for edit in &edits {
            apply(&mut text, edit);
            let incremental = analysis::analyze_incremental(&text, &config, None, &cache);
            let full = analysis::analyze_document(&text, &config);
            assert_same(&incremental, &full, &text);
        }
    }
}

/// A filing long enough to be read in several pieces (`markdown::pieces`): the base text
/// after a generated response of about 150 KB, so that edits land in the later pieces
/// whose structure and citations are reused from the cache.
fn long_text() -> String {
    let mut text = brieflint_generate::discovery_response(90, 11);
    text.push_str("\n\n");
    text.push_str(&base_text());
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]
    #[test]
    fn a_long_document_read_in_pieces_stays_equal_to_a_full_analysis(edits in edits()) {
        let config = Config::default();
        let cache = Cache::new();
        let mut text = long_text();
        analysis::analyze_incremental(&text, &config, None, &cache);
        for edit in edits.iter().take(4) {
            apply(&mut text, edit);
            let incremental = analysis::analyze_incremental(&text, &config, None, &cache);
            // On one thread: the incremental analysis, on two, is compared with both the
            // plain analysis and the two threads' division of the work.
            let full = analysis::on_one_thread(|| analysis::analyze_document(&text, &config));
            assert_same(&incremental, &full, &text);
        }
    }
}

/// Every filing under fixtures/ that is UTF-8 (as `brieflint check` finds them), one
/// after another: a long document of every shape the rules know.
fn every_fixture() -> String {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");
    let found = brieflint_workspace::walk::filings_under(std::path::Path::new(fixtures), 10_000);
    assert!(found.filings.len() > 100 && !found.truncated);
    let texts: Vec<String> = found
        .filings
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    texts.join("\n\n")
}

/// A long document is analyzed on two threads (`parallel`): what it gives is what one
/// thread gives, for a whole analysis and for the analyses after keystrokes.
#[test]
fn two_threads_give_what_one_thread_gives() {
    fault_injection_from_env();
    let config = Config::default();
    for (text, keystrokes) in [
        (brieflint_generate::discovery_response(100, 3), true),
        (brieflint_generate::brief(100, 3), true),
        (long_text(), true),
        (every_fixture(), false),
    ] {
        assert!(text.len() > 150_000, "long enough for two threads");
        let one = analysis::on_one_thread(|| analysis::analyze_document(&text, &config));
        let two = analysis::analyze_document(&text, &config);
        assert!(!one.findings.is_empty());
        assert_same(&two, &one, &text);
        if !keystrokes {
            continue;
        }
        // Keystrokes: in the first half, in the middle, near the end.
        let cache = Cache::new();
        let mut edited = text.clone();
        analysis::analyze_incremental(&edited, &config, None, &cache);
        for at in [text.len() / 5, text.len() / 2, text.len() - 2_000] {
            let at = (at..).find(|&i| edited.is_char_boundary(i)).unwrap();
            edited.insert_str(at, "x");
            let two = analysis::analyze_incremental(&edited, &config, None, &cache);
            let one = analysis::on_one_thread(|| analysis::analyze_document(&edited, &config));
            assert_same(&two, &one, &edited);
        }
    }
}
