//! Tests over every fixture under fixtures/, analyzed as `brieflint check` analyzes it
//! (each folder a matter, its nearest brieflint.toml), and again under each court and
//! circuit the rules know, so that court- and circuit-specific fixes are exercised too.
//! `verification` walks the same fixtures. Compiled only for tests.

use super::config::Config;
use super::finding::{Finding, Fix};
use super::{analyze_in_matter, matter};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

pub(crate) fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Every Markdown fixture's text, read once.
pub(crate) fn texts() -> &'static [String] {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut files = Vec::new();
        let fixtures = root().join("fixtures");
        markdown_files(&fixtures, &mut files);
        assert!(files.len() > 100, "fixtures found: {}", files.len());
        // Hostile fixtures that are not UTF-8 are no text to check.
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect()
    })
}

/// The smallest pieces the cutting rules allow (`markdown::pieces`), as ranges: what the
/// pieces tests give a `Structure` in place of the `CHUNK_BYTES` ones.
pub(crate) fn finest_pieces(text: &str) -> Vec<std::ops::Range<usize>> {
    crate::markdown::pieces(text, 1)
        .map(|(offset, piece)| offset..offset + piece.len())
        .collect()
}

/// Runs `same_in_pieces` (which asserts that reading a text in the smallest pieces the
/// cutting rules allow gives what reading it whole gives, and returns how many pieces) on
/// every fixture and a CRLF copy of it, and checks that real documents were cut.
pub(crate) fn every_fixture_reads_the_same_in_pieces(same_in_pieces: impl Fn(&str) -> usize) {
    let mut files = Vec::new();
    markdown_files(&root().join("fixtures"), &mut files);
    let mut cut = 0;
    for file in &files {
        // (A few fixtures are deliberately not UTF-8.)
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        cut += same_in_pieces(&text) - 1;
        same_in_pieces(&text.replace('\n', "\r\n"));
    }
    assert!(cut > files.len(), "{cut} cuts in {} files", files.len());
}

/// The configuration `brieflint check` would use for a file in `dir` under fixtures/.
fn config_for(dir: &Path) -> Config {
    let mut at = Some(dir);
    while let Some(d) = at {
        if let Ok(text) = std::fs::read_to_string(d.join("brieflint.toml")) {
            return Config::from_toml(&text).unwrap();
        }
        if d.ends_with("fixtures") {
            break;
        }
        at = d.parent();
    }
    Config::default()
}

/// One way of analyzing one fixture.
pub(crate) struct Variant<'a> {
    /// The fixture's path, and the court or circuit added, for messages.
    pub label: String,
    /// The file's name in its folder (its matter).
    pub name: &'a str,
    pub config: Config,
    pub text: String,
    /// The summaries of the filings in the fixture's folder.
    pub filings: &'a [&'a matter::FilingSummary],
}

impl Variant<'_> {
    pub fn analyze(&self, text: &str) -> Vec<Finding> {
        analyze_in_matter(text, &self.config, Some((self.name, self.filings))).findings
    }
}

/// Calls `visit` with every fixture as it is, under each court, and with each circuit.
pub(crate) fn for_each_variant(mut visit: impl FnMut(&Variant)) {
    let mut files = Vec::new();
    markdown_files(&root().join("fixtures"), &mut files);
    files.sort();
    let mut by_folder: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for file in files {
        by_folder
            .entry(file.parent().unwrap().to_path_buf())
            .or_default()
            .push(file);
    }
    for (folder, files) in by_folder {
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|f| {
                let name = f.file_name().unwrap().to_string_lossy().to_string();
                let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
                (name, text)
            })
            .collect();
        let summaries: Vec<matter::FilingSummary> = texts
            .iter()
            .map(|(name, text)| matter::summarize_text(name, text))
            .collect();
        let filings: Vec<&matter::FilingSummary> = summaries.iter().collect();
        let base = config_for(&folder);
        for (name, text) in &texts {
            let path = format!("{}/{name}", folder.display());
            let mut variants = vec![(path.clone(), base.clone(), text.clone())];
            for court in ["S.D.N.Y.", "N.D. Ill.", "C.D. Cal.", "N.D. Cal.", "D. Nev."] {
                let mut config = base.clone();
                config.court = Some(court.to_string());
                variants.push((format!("{path} (court {court})"), config, text.clone()));
            }
            // The circuit, for the fixes that cite a circuit's case.
            if !text.contains("\ncircuit:") {
                for circuit in ["1st", "2d", "7th", "9th"] {
                    let with_circuit = match text.strip_prefix("---\n") {
                        Some(rest) => format!("---\ncircuit: {circuit}\n{rest}"),
                        None => format!("---\ncircuit: {circuit}\n---\n{text}"),
                    };
                    variants.push((
                        format!("{path} (circuit {circuit})"),
                        base.clone(),
                        with_circuit,
                    ));
                }
            }
            for (label, config, text) in variants {
                visit(&Variant {
                    label,
                    name,
                    config,
                    text,
                    filings: &filings,
                });
            }
        }
    }
}

/// `text` with `fix` applied, and where each edit's new text now lies.
fn apply(text: &str, fix: &Fix) -> (String, Vec<Range<usize>>) {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len());
    let mut inserted = Vec::new();
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.range.start]);
        inserted.push(out.len()..out.len() + edit.new_text.len());
        out.push_str(&edit.new_text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    (out, inserted)
}

/// The bracketed placeholders a fix's text holds, counting a nested one with its outer
/// one ("[denied / heard on [date] ...]" is one).
fn bracket_groups(text: &str) -> usize {
    let mut depth = 0usize;
    let mut groups = 0;
    for c in text.chars() {
        match c {
            '[' => {
                if depth == 0 {
                    groups += 1;
                }
                depth += 1;
            }
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    groups
}

fn counts(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for finding in findings {
        *counts.entry(finding.rule.code).or_insert(0) += 1;
    }
    counts
}

/// Applying any fix of any finding removes that finding and adds none, except BL003 on
/// each placeholder the fix itself inserted: the document is not clean until the
/// drafter fills them.
#[test]
fn every_fix_removes_its_finding_and_adds_none_but_bl003_on_its_placeholders() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut placeholders = 0;
    for_each_variant(|variant| {
        let before = variant.analyze(&variant.text);
        let before_counts = counts(&before);
        for finding in &before {
            let code = finding.rule.code;
            for fix in finding.fixes.iter() {
                checked += 1;
                let (fixed, inserted) = apply(&variant.text, &fix);
                let after = variant.analyze(&fixed);
                let after_counts = counts(&after);
                let mut fail = |what: String| {
                    failures.push(format!(
                        "{}: {code} fix {:?} {what}",
                        variant.label, fix.title
                    ))
                };
                let count =
                    |c: &BTreeMap<&str, usize>, code: &str| c.get(code).copied().unwrap_or(0);
                if count(&after_counts, code) >= count(&before_counts, code) {
                    fail(format!("leaves its {code} finding"));
                }
                for (other, n) in &after_counts {
                    if *other != "BL003" && *n > count(&before_counts, other) {
                        fail(format!("adds a {other} finding"));
                    }
                }
                let on_inserted = |f: &&Finding| {
                    inserted
                        .iter()
                        .any(|r| r.start <= f.range.start && f.range.end <= r.end)
                };
                let (own, elsewhere): (Vec<&Finding>, Vec<&Finding>) = after
                    .iter()
                    .filter(|f| f.rule.code == "BL003")
                    .partition(on_inserted);
                if elsewhere.len() != count(&before_counts, "BL003") {
                    fail("changes BL003 findings outside its own text".to_string());
                }
                let expected: usize = fix.edits.iter().map(|e| bracket_groups(&e.new_text)).sum();
                if own.len() != expected {
                    let flagged: Vec<&str> = own.iter().map(|f| &fixed[f.range.clone()]).collect();
                    fail(format!(
                        "inserts {expected} placeholders but BL003 flags {}: {flagged:?}",
                        own.len()
                    ));
                }
                placeholders += expected;
            }
        }
    });
    assert!(
        failures.is_empty(),
        "{} of {checked} fixes:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 200, "too few fixes exercised: {checked}");
    assert!(
        placeholders > 200,
        "too few placeholders inserted: {placeholders}"
    );
}
