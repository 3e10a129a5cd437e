//! Property tests: offset conversion round trips on hostile text, and fixes that always
//! apply inside the document they were computed for.

use brieflint_core::position::{offset_to_position, position_to_offset, Encoding, LineIndex};
use brieflint_core::{self as analysis, config::Config, suppress};
use proptest::prelude::*;
use ropey::Rope;

/// Pieces that break naive offset code: line endings, surrogate pairs, CJK, combining
/// marks, ZWJ sequences, and the phrases the rules look for.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a", " ", "\n", "\r\n", "\r", "😀", "王伟", "e\u{301}", "👩\u{200d}👩\u{200d}👧", "\t",
        "Acme objects to this Request as overly broad. ",
        "**REQUEST FOR PRODUCTION NO. 1:** All documents.\n\n",
        "**RESPONSE:** Subject to and without waiving its objections, Acme will produce documents. ",
        "not reasonably calculated to lead to the discovery of admissible evidence",
        "> quoted\n", "```\ncode\n```\n", "<!-- brieflint-disable-next-line BL101 -->\n",
        "(\u{201c}GuoLi\u{201d}) ", "482 U.S. 522, 544 n.29 ", "PIPL art. 41 ", "Id. at 5. ",
        "---\nkind: reconsideration\n---\n",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
    #[test]
    fn line_index_agrees_with_the_rope(text in text()) {
        // Diagnostics are converted through a LineIndex, everything else through the
        // rope: both must give the same position for every offset, in or out of range.
        let rope = Rope::from_str(&text);
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 2 {
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                prop_assert_eq!(
                    index.position(offset, encoding),
                    offset_to_position(&rope, offset, encoding),
                    "offset {} {:?} in {:?}", offset, encoding, text
                );
            }
        }
    }

    #[test]
    fn offsets_round_trip(text in text()) {
        let rope = Rope::from_str(&text);
        let bytes = text.as_bytes();
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            // Between '\r' and '\n' is not a position.
            if offset > 0 && bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n') {
                continue;
            }
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let position = offset_to_position(&rope, offset, encoding);
                prop_assert_eq!(position_to_offset(&rope, position, encoding), offset);
            }
        }
    }

}

proptest! {
    // Each case analyzes the document once per edit; fewer cases keep the suite quick.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn every_edit_applies_inside_the_document(text in text()) {
        fault_injection_from_env();
        let findings = analysis::analyze(&text, &Config::default());
        // A rule that panicked shows as BL000: that is a bug, not a finding.
        prop_assert!(findings.iter().all(|f| f.rule.code != "BL000"), "a rule failed: {findings:?}");
        for finding in &findings {
            prop_assert!(finding.range.start <= finding.range.end && finding.range.end <= text.len());
            prop_assert!(text.is_char_boundary(finding.range.start) && text.is_char_boundary(finding.range.end));
            let disable = suppress::disable_next_line_edit(&text, finding);
            let mut edits: Vec<_> = finding.fixes.iter().flat_map(|f| f.edits).collect();
            edits.push(disable);
            for edit in edits {
                prop_assert!(edit.range.end <= text.len());
                prop_assert!(text.is_char_boundary(edit.range.start) && text.is_char_boundary(edit.range.end));
                let mut applied = text.clone();
                applied.replace_range(edit.range.clone(), &edit.new_text);
                // The edited document still analyzes, every rule with it.
                let after = analysis::analyze(&applied, &Config::default());
                prop_assert!(after.iter().all(|f| f.rule.code != "BL000"), "a rule failed after an edit: {after:?}");
            }
        }
    }
}

/// `BRIEFLINT_FAULT_INJECT=BL101 cargo test --test properties` makes that rule panic on
/// every document, as the binary does: these properties must then fail (BL000).
fn fault_injection_from_env() {
    if let Ok(code) = std::env::var("BRIEFLINT_FAULT_INJECT") {
        analysis::inject_rule_fault(&code);
    }
}
