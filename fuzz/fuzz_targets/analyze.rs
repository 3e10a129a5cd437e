//! The analyzer on arbitrary bytes, read as the CLI reads a file (lossy UTF-8).
//!
//! Besides "no panic" (libfuzzer-sys aborts on any panic, even one that the analysis
//! catches around a rule, so a rule that panics is reported here too), it checks what
//! the CLI and the LSP rely on when they turn byte ranges into positions, slice the
//! text for hovers and apply fixes:
//! - every finding range, related range (in this document), citation, definition and
//!   outline range lies within the text, start <= end, on char boundaries, and an
//!   outline symbol's selection lies inside its range (VS Code rejects it otherwise);
//! - every fix's edits lie within the text on char boundaries and do not overlap
//!   (LSP forbids overlapping edits in one change; inserts at one point are allowed);
//! - applying a fix's edits yields valid UTF-8;
//! - `citations::recognize` alone keeps its ranges in the text too.
#![no_main]

use brieflint_core::{analyze_document, citations, config::Config};
use libfuzzer_sys::fuzz_target;
use std::ops::Range;
use std::sync::LazyLock;

static CONFIG: LazyLock<Config> = LazyLock::new(Config::default);

fn check_range(text: &str, range: &Range<usize>, what: &dyn Fn() -> String) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{} range {range:?} outside the text of {} bytes",
        what(),
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{} range {range:?} not on char boundaries",
        what()
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let analysis = analyze_document(text, &CONFIG);

    for finding in &analysis.findings {
        let code = finding.rule.code;
        check_range(text, &finding.range, &|| format!("{code} finding"));
        for related in finding.related.iter().filter(|r| r.path.is_none()) {
            check_range(text, &related.range, &|| format!("{code} related"));
        }
        for fix in &finding.fixes {
            let title = &fix.title;
            let mut edits: Vec<_> = fix.edits.iter().collect();
            for edit in &edits {
                check_range(text, &edit.range, &|| format!("{code} fix {title:?} edit"));
            }
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            for pair in edits.windows(2) {
                assert!(
                    pair[0].range.end <= pair[1].range.start,
                    "{code} fix {title:?}: overlapping edits {:?} and {:?}",
                    pair[0].range,
                    pair[1].range
                );
            }
            // Apply as bytes, from the end, then require UTF-8.
            let mut bytes = text.as_bytes().to_vec();
            for edit in edits.iter().rev() {
                bytes.splice(edit.range.clone(), edit.new_text.bytes());
            }
            assert!(
                std::str::from_utf8(&bytes).is_ok(),
                "{code} fix {title:?} yields invalid UTF-8"
            );
        }
    }
    for (i, citation) in analysis.citations.iter().enumerate() {
        check_range(text, &citation.range, &|| format!("citation {i}"));
        if let Some(target) = citation.resolves_to {
            assert!(
                target < analysis.citations.len(),
                "citation {i} resolves to {target} of {}",
                analysis.citations.len()
            );
        }
    }
    for definition in &analysis.definitions {
        let term = &definition.term;
        check_range(text, &definition.term_range, &|| format!("definition {term:?}"));
        check_range(text, &definition.sentence, &|| format!("definition {term:?} sentence"));
        for range in &definition.uses {
            check_range(text, range, &|| format!("definition {term:?} use"));
        }
    }
    let mut symbols: Vec<_> = analysis.outline.iter().collect();
    while let Some(symbol) = symbols.pop() {
        let name = &symbol.name;
        check_range(text, &symbol.range, &|| format!("outline {name:?}"));
        check_range(text, &symbol.selection, &|| format!("outline {name:?} selection"));
        // VS Code rejects a DocumentSymbol whose selectionRange is not inside its range.
        assert!(
            symbol.range.start <= symbol.selection.start && symbol.selection.end <= symbol.range.end,
            "outline {name:?}: selection {:?} outside range {:?}",
            symbol.selection,
            symbol.range
        );
        symbols.extend(symbol.children.iter());
    }

    for (i, citation) in citations::recognize(text, &[]).iter().enumerate() {
        check_range(text, &citation.range, &|| format!("recognize citation {i}"));
    }
});
