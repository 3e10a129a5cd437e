//! Incremental re-analysis against a full analysis: a text and up to 16 edits, all taken
//! from the fuzzer's bytes (lossy UTF-8), are analyzed after each edit with one cache,
//! as the language server does on each keystroke, and from scratch. Every finding (code,
//! severity, range, message, related places, fixes), citation, definition and outline
//! entry must be the same.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use brieflint_core::{self as analysis, config::Config, incremental::Cache, Analysis};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CONFIG: LazyLock<Config> = LazyLock::new(Config::default);

#[derive(Arbitrary, Debug)]
struct Edit {
    at: u16,
    delete: u8,
    insert: Vec<u8>,
}

fn same(a: &Analysis, b: &Analysis) {
    let facts = |x: &Analysis| {
        x.findings
            .iter()
            .map(|f| {
                (
                    f.rule.code,
                    f.severity,
                    f.range.clone(),
                    f.message.clone(),
                    f.related.clone(),
                    f.fixes.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(facts(a), facts(b), "findings differ");
    assert_eq!(a.citations, b.citations, "citations differ");
    assert_eq!(a.definitions, b.definitions, "definitions differ");
    assert_eq!(a.outline, b.outline, "outline differs");
}

fuzz_target!(|data: &[u8]| {
    let mut input = Unstructured::new(data);
    let Ok(base) = Vec::<u8>::arbitrary(&mut input) else {
        return;
    };
    let mut text = String::from_utf8_lossy(&base).into_owned();
    let cache = Cache::new();
    analysis::analyze_incremental(&text, &CONFIG, None, &cache);
    for _ in 0..16 {
        let Ok(edit) = Edit::arbitrary(&mut input) else {
            break;
        };
        let boundary = |text: &str, mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i += 1;
            }
            i
        };
        let start = boundary(&text, edit.at as usize);
        let end = boundary(&text, start + edit.delete as usize);
        text.replace_range(start..end, &String::from_utf8_lossy(&edit.insert));
        let incremental = analysis::analyze_incremental(&text, &CONFIG, None, &cache);
        let full = analysis::analyze_document(&text, &CONFIG);
        same(&incremental, &full);
    }
});
