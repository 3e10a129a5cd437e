//! The citation recognizer against hand-made expectations for the two seed orders:
//! every citation found with the right kind, none invented.

use brieflint::analysis::citations::{recognize, CitationKind};
use brieflint::analysis::markdown;
use serde_json::Value;
use std::path::Path;

fn kind_of(name: &str) -> CitationKind {
    match name {
        "rule" => CitationKind::Rule,
        "local-rule" => CitationKind::LocalRule,
        "statute" => CitationKind::Statute,
        "regulation" => CitationKind::Regulation,
        "restatement" => CitationKind::Restatement,
        "case" => CitationKind::Case,
        "case-short" => CitationKind::CaseShort,
        "id" => CitationKind::Id,
        "supra" => CitationKind::Supra,
        "foreign-law" => CitationKind::ForeignLaw,
        "record" => CitationKind::Record,
        other => panic!("unknown kind {other}"),
    }
}

fn check(fixture: &str, expected: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join(fixture)).unwrap();
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(root.join(expected)).unwrap()).unwrap();
    let structure = markdown::parse(&text);
    let citations = recognize(&text, &structure.opaque);
    let mut spans = Vec::new();
    let mut from = 0;
    let mut missed = Vec::new();
    for item in &expected {
        let needle = item["text"].as_str().unwrap();
        let start = from
            + text[from..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in {fixture}"));
        let span = start..start + needle.len();
        from = span.end;
        let kind = kind_of(item["kind"].as_str().unwrap());
        let hit = citations
            .iter()
            .any(|c| c.kind == kind && c.range.start < span.end && span.start < c.range.end);
        if !hit {
            missed.push(format!("{kind:?} {needle:?}"));
        }
        spans.push(span);
    }
    let invented: Vec<String> = citations
        .iter()
        .filter(|c| {
            !spans
                .iter()
                .any(|s| c.range.start < s.end && s.start < c.range.end)
        })
        .map(|c| format!("{:?} {:?}", c.kind, &text[c.range.clone()]))
        .collect();
    assert!(
        missed.is_empty() && invented.is_empty(),
        "{fixture}\nmissed ({}):\n  {}\ninvented ({}):\n  {}",
        missed.len(),
        missed.join("\n  "),
        invented.len(),
        invented.join("\n  ")
    );
}

#[test]
fn seed_order_000() {
    check(
        "fixtures/prose/seed-000-order.md",
        "fixtures/citations/seed-000-expected.json",
    );
}

#[test]
fn seed_order_001_philips() {
    check(
        "fixtures/prose/seed-001-philips-order.md",
        "fixtures/citations/seed-001-expected.json",
    );
}
