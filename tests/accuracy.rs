//! Accuracy on real filings: runs the analysis over the labelled corpus in
//! `fixtures/corpus/` (see its `manifest.toml` and `README.md`), prints per-rule and
//! per-family precision, recall and line-level recall, checks that `ACCURACY.md` is up to
//! date, and fails when a figure falls below its floor in `fixtures/corpus/floors.toml`.
//!
//! `BRIEFLINT_WRITE_ACCURACY=1 cargo test --test accuracy` rewrites `ACCURACY.md` and
//! raises (never lowers) the floors to the figures reached.

use brieflint_core::{self as analysis, config::Config, matter};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FAMILIES: &[(&str, &str)] = &[
    ("R1", "BL1xx discovery responses"),
    ("R2", "BL2xx reconsideration"),
    ("R3", "BL3xx foreign blocking statutes"),
    ("R4", "BL401 attorneys'-eyes-only"),
    ("R5", "BL5xx meet and confer"),
];

/// The rules measured: BL1xx to BL5xx. BL0xx (notices) and BL6xx (definitions) are not.
fn family_of(code: &str) -> Option<&'static str> {
    match code.as_bytes().get(2) {
        Some(b'1') => Some("R1"),
        Some(b'2') => Some("R2"),
        Some(b'3') => Some("R3"),
        Some(b'4') => Some("R4"),
        Some(b'5') => Some("R5"),
        _ => None,
    }
}

#[derive(Deserialize)]
struct Manifest {
    excerpt: Vec<Excerpt>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Excerpt {
    id: String,
    file: String,
    /// R1..R5 (the family the excerpt was collected for), or "long".
    family: String,
    /// verbatim | trimmed | composed | reconstructed
    provenance: String,
    source: String,
    #[serde(default)]
    url: String,
    /// "BL101@12": line 12 (1-based, in the file) must carry a BL101 finding.
    #[serde(default)]
    expect: Vec<String>,
    /// A folder (relative to the corpus) whose Markdown files are the matter this filing
    /// belongs to: for reconsideration motions, the record they are compared with.
    #[serde(default)]
    matter: Option<String>,
    /// Findings on a long document that are justified: "BL105@88" with a reason in `note`.
    #[serde(default)]
    justified: Vec<String>,
    #[serde(default)]
    note: String,
    /// Collection batch. `"2026-12-holdout"`: kept out of sight while the rules were
    /// changed, scored separately (and its misses are not printed, so they stay unseen);
    /// `"2026-12-tune"`: collected at the same time and used to change the rules. Absent:
    /// the first collection.
    #[serde(default)]
    batch: Option<String>,
}

impl Excerpt {
    fn held_out(&self) -> bool {
        self.batch
            .as_deref()
            .is_some_and(|b| b.ends_with("-holdout"))
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus() -> PathBuf {
    root().join("fixtures/corpus")
}

fn parse_label(label: &str, id: &str) -> (String, usize) {
    let (code, line) = label
        .split_once('@')
        .unwrap_or_else(|| panic!("{id}: label {label:?} is not CODE@LINE"));
    let line: usize = line
        .parse()
        .unwrap_or_else(|_| panic!("{id}: label {label:?} has no line number"));
    assert!(line >= 1, "{id}: lines are 1-based");
    (code.to_string(), line)
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

struct Outcome {
    /// (code, first line, last line) of every BL1xx-BL5xx finding.
    findings: Vec<(String, usize, usize)>,
    words: usize,
}

fn analyze(ex: &Excerpt) -> Outcome {
    let path = corpus().join(&ex.file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read {}: {e}", ex.id, path.display()));
    let config = Config::default();
    let analysis = match &ex.matter {
        Some(folder) => {
            let dir = corpus().join(folder);
            let mut summaries = Vec::new();
            // The matter: the folder's filings and those in its `record/` subfolder.
            let mut entries: Vec<PathBuf> = Vec::new();
            for d in [dir.clone(), dir.join("record")] {
                if let Ok(rd) = std::fs::read_dir(&d) {
                    entries.extend(
                        rd.map(|e| e.unwrap().path())
                            .filter(|p| p.extension().is_some_and(|x| x == "md")),
                    );
                }
            }
            assert!(!entries.is_empty(), "{}: matter {folder} is empty", ex.id);
            entries.sort();
            for p in &entries {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                let t = std::fs::read_to_string(p).unwrap();
                summaries.push(matter::summarize_text(&name, &t));
            }
            let refs: Vec<&matter::FilingSummary> = summaries.iter().collect();
            let this = path.file_name().unwrap().to_string_lossy().to_string();
            analysis::analyze_in_matter(&text, &config, Some((&this, &refs)))
        }
        None => analysis::analyze_document(&text, &config),
    };
    let findings = analysis
        .findings
        .iter()
        .filter(|f| family_of(f.rule.code).is_some())
        .map(|f| {
            let first = line_of(&text, f.range.start);
            let last = line_of(&text, f.range.end.saturating_sub(1).max(f.range.start));
            (f.rule.code.to_string(), first, last)
        })
        .collect();
    Outcome {
        findings,
        words: text.split_whitespace().count(),
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    /// Findings on an expected line of their rule, or justified.
    correct: usize,
    /// Findings of the rule nowhere expected.
    wrong: usize,
    /// (excerpt, rule) pairs expected, and those found.
    expected: usize,
    found: usize,
    /// Expected (rule, line) labels, and those covered by a finding of the rule.
    lines: usize,
    lines_found: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.correct += o.correct;
        self.wrong += o.wrong;
        self.expected += o.expected;
        self.found += o.found;
        self.lines += o.lines;
        self.lines_found += o.lines_found;
    }
    /// With no findings there is no false alarm: 1.0, so that the floor catches the first.
    fn precision(&self) -> Option<f64> {
        let n = self.correct + self.wrong;
        Some(if n == 0 {
            1.0
        } else {
            self.correct as f64 / n as f64
        })
    }
    fn recall(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.found as f64 / self.expected as f64)
    }
    fn line_recall(&self) -> Option<f64> {
        (self.lines > 0).then(|| self.lines_found as f64 / self.lines as f64)
    }
}

fn fmt(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |v| format!("{v:.3}"))
}

/// Scores one excerpt: per rule, the counts.
fn score(ex: &Excerpt, outcome: &Outcome) -> (BTreeMap<String, Counts>, Vec<String>) {
    let mut expected: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for label in ex.expect.iter().chain(&ex.justified) {
        let (code, line) = parse_label(label, &ex.id);
        expected.entry(code).or_default().insert(line);
    }
    let mut per_rule: BTreeMap<String, Counts> = BTreeMap::new();
    let mut misses = Vec::new();
    for (code, first, last) in &outcome.findings {
        let c = per_rule.entry(code.clone()).or_default();
        let hit = expected
            .get(code)
            .is_some_and(|lines| lines.range(*first..=*last).next().is_some());
        if hit {
            c.correct += 1;
        } else {
            c.wrong += 1;
            misses.push(format!("{}: unexpected {code} at line {first}", ex.id));
        }
    }
    for (code, lines) in &expected {
        let c = per_rule.entry(code.clone()).or_default();
        c.expected += 1;
        let covered: Vec<usize> = lines
            .iter()
            .copied()
            .filter(|l| {
                outcome
                    .findings
                    .iter()
                    .any(|(fc, first, last)| fc == code && first <= l && l <= last)
            })
            .collect();
        if !covered.is_empty() {
            c.found += 1;
        }
        c.lines += lines.len();
        c.lines_found += covered.len();
        for l in lines.iter().filter(|l| !covered.contains(l)) {
            misses.push(format!("{}: missed {code} at line {l}", ex.id));
        }
    }
    (per_rule, misses)
}

/// One held-out batch: counts per rule, and its positive and negative excerpts.
#[derive(Default)]
struct HeldOut {
    counts: BTreeMap<String, Counts>,
    positive: usize,
    negative: usize,
}

struct Report {
    markdown: String,
    /// "R1.precision" / "BL101.recall" -> value on verbatim excerpts; "all.R1.precision"
    /// on the whole corpus.
    figures: BTreeMap<String, f64>,
    misses: Vec<String>,
}

fn load_manifest() -> Vec<Excerpt> {
    let text = std::fs::read_to_string(corpus().join("manifest.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).expect("manifest.toml");
    manifest.excerpt
}

fn table(
    out: &mut String,
    per_rule: &BTreeMap<String, Counts>,
    figures: Option<&mut BTreeMap<String, f64>>,
) {
    let mut fams: BTreeMap<&str, Counts> = BTreeMap::new();
    for (code, c) in per_rule {
        if let Some(f) = family_of(code) {
            fams.entry(f).or_default().add(c);
        }
    }
    out.push_str("| Rule or family | Precision | Recall | Line recall | Findings (correct/all) | Expected (found/all) | Lines (found/all) |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    let mut figs = BTreeMap::new();
    for (fam, name) in FAMILIES {
        let c = fams.get(fam).copied().unwrap_or_default();
        row(out, &format!("**{fam}** ({name})"), &c, "**");
        record(&mut figs, fam, &c);
        for (code, c) in per_rule.iter().filter(|(k, _)| family_of(k) == Some(fam)) {
            row(out, code, c, "");
            record(&mut figs, code, c);
        }
    }
    if let Some(f) = figures {
        *f = figs;
    }
}

/// One table row: the label, the three figures (in `strong` markup for a family), the counts.
fn row(out: &mut String, label: &str, c: &Counts, strong: &str) {
    let _ = writeln!(
        out,
        "| {label} | {strong}{}{strong} | {strong}{}{strong} | {strong}{}{strong} | {}/{} | {}/{} | {}/{} |",
        fmt(c.precision()),
        fmt(c.recall()),
        fmt(c.line_recall()),
        c.correct,
        c.correct + c.wrong,
        c.found,
        c.expected,
        c.lines_found,
        c.lines
    );
}

fn record(figs: &mut BTreeMap<String, f64>, key: &str, c: &Counts) {
    if let Some(p) = c.precision() {
        figs.insert(format!("{key}.precision"), p);
    }
    if let Some(r) = c.recall() {
        figs.insert(format!("{key}.recall"), r);
    }
    if let Some(r) = c.line_recall() {
        figs.insert(format!("{key}.line_recall"), r);
    }
}

fn build_report(excerpts: &[Excerpt]) -> Report {
    let mut verbatim: BTreeMap<String, Counts> = BTreeMap::new();
    let mut all: BTreeMap<String, Counts> = BTreeMap::new();
    let mut held_out: BTreeMap<String, HeldOut> = BTreeMap::new();
    // Printed, not written: the second batch alone, verbatim and all provenances.
    let mut batch_verbatim: BTreeMap<String, Counts> = BTreeMap::new();
    let mut batch_all: BTreeMap<String, Counts> = BTreeMap::new();
    let mut misses = Vec::new();
    // Composition: family x provenance x positive/negative.
    let mut comp: BTreeMap<(String, String, bool), usize> = BTreeMap::new();
    let mut long_rows = Vec::new();
    for ex in excerpts {
        let outcome = analyze(ex);
        let (per_rule, m) = score(ex, &outcome);
        let positive = !ex.expect.is_empty();
        *comp
            .entry((ex.family.clone(), ex.provenance.clone(), positive))
            .or_default() += 1;
        for (code, c) in &per_rule {
            all.entry(code.clone()).or_default().add(c);
            if ex.provenance == "verbatim" {
                verbatim.entry(code.clone()).or_default().add(c);
            }
            if ex.held_out() {
                let batch = held_out
                    .entry(ex.batch.clone().unwrap_or_default())
                    .or_default();
                batch.counts.entry(code.clone()).or_default().add(c);
            }
            if ex
                .batch
                .as_deref()
                .is_some_and(|b| b.starts_with("2026-12"))
            {
                batch_all.entry(code.clone()).or_default().add(c);
                if ex.provenance == "verbatim" {
                    batch_verbatim.entry(code.clone()).or_default().add(c);
                }
            }
        }
        if ex.held_out() {
            let batch = held_out
                .entry(ex.batch.clone().unwrap_or_default())
                .or_default();
            if positive {
                batch.positive += 1;
            } else {
                batch.negative += 1;
            }
        }
        // Held-out misses stay unseen unless asked for by name.
        let show =
            !ex.held_out() || std::env::var("BRIEFLINT_ACCURACY_VERBOSE").is_ok_and(|v| v == "all");
        if show {
            misses.extend(m.into_iter().map(|m| format!("[{}] {m}", ex.provenance)));
        }
        if ex.family == "long" {
            long_rows.push((ex.clone(), outcome.words, outcome.findings.len()));
        }
    }

    let mut md = String::new();
    md.push_str("# Accuracy on real filings\n\n");
    md.push_str(
        "Generated by `cargo test --test accuracy` from the corpus in `fixtures/corpus/` \
         (`BRIEFLINT_WRITE_ACCURACY=1` rewrites this part of the file; the test fails when it is stale \
         or when a figure falls below its floor in `fixtures/corpus/floors.toml`). \
         Do not edit by hand.\n\n",
    );
    md.push_str("## Rule accuracy\n\n");
    md.push_str(
        "Precision: findings on a line labelled for their rule (or justified on a long \
         document), over all findings of the rule anywhere in the corpus (1.000 when the \
         family flags nothing: no false alarm). Recall: excerpts labelled for a rule in which \
         the rule flags at least one labelled line. Line recall: labelled lines the rule \
         flags. A dash: nothing in that part of the corpus is labelled for the rule. BL0xx \
         and BL6xx are not measured.\n\n",
    );
    md.push_str(
        "How the corpus was built, what each provenance means and what it still lacks: \
         `fixtures/corpus/README.md`.\n\n",
    );
    md.push_str("### Headline: verbatim excerpts only\n\n");
    let mut figures = BTreeMap::new();
    table(&mut md, &verbatim, Some(&mut figures));
    md.push_str("\n### Whole corpus (verbatim, trimmed, reconstructed and composed)\n\n");
    let mut all_figures = BTreeMap::new();
    table(&mut md, &all, Some(&mut all_figures));
    // The whole corpus has floors too ("all.R4.recall"): R2-R5 positives are not verbatim.
    figures.extend(
        all_figures
            .into_iter()
            .map(|(k, v)| (format!("all.{k}"), v)),
    );
    for (
        batch,
        HeldOut {
            counts,
            positive,
            negative,
        },
    ) in &held_out
    {
        let how = match batch.as_str() {
            "2026-12-holdout" => {
                "collected in the second batch and kept out of sight while the rules were \
                 changed (every third excerpt collected, chosen when it was written down); \
                 the test never prints their misses unless `BRIEFLINT_ACCURACY_VERBOSE=all`. \
                 Caveat: the run before any rule change printed them once, and a BL101 miss \
                 and a BL501 false alarm seen there informed the changes (see the \
                 out-of-sample section below)"
            }
            "2026-12b-holdout" => {
                "collected after the rules were changed for batch 2026-12 and scored with no \
                 rule change after"
            }
            "2026-12c-holdout" => {
                "of the R4/R5 collection of batch 2026-12c (every third excerpt, marked when \
                 written down); the rule changes after the first run covered the one false \
                 alarm and the one miss seen there, so these figures count as tuned \
                 (fixtures/corpus/README.md)"
            }
            "2026-12d-holdout" => {
                "of the R1/R2 collection of batch 2026-12d (every third excerpt, marked when \
                 written down); a BL105 false alarm seen on the first run was then fixed, so \
                 BL105's figures here count as tuned (fixtures/corpus/README.md)"
            }
            "2026-12e-holdout" => {
                "of the R3 collection of batch 2026-12e (every third excerpt, marked when \
                 written down; fixtures/corpus/README.md)"
            }
            "2026-12f-holdout" => {
                "collected for R4/R5 after the rule changes of batch 2026-12c and scored once, \
                 with no rule change after"
            }
            "2026-12g-holdout" => {
                "of the R3/R4 collection of batch 2026-12g (verbatim near-misses; every third \
                 excerpt of each family, marked when written down, before that part's first \
                 run; no rule change after)"
            }
            "2026-12h-holdout" => {
                "of the R2/R5 collection of batch 2026-12h (every third excerpt in the order \
                 written, marked when written down, before any run; the rule changes after the \
                 first run answered a miss and a false alarm on tuned excerpts, none held out; \
                 fixtures/corpus/README.md)"
            }
            "2026-12i-holdout" => {
                "of the R1/R4/R5 collection of batch 2026-12i (verbatim, mostly from docketed filings; \
                 every third excerpt in the order written, marked when written down, before \
                 any run; the two BL501 changes after the first run answered false alarms and \
                 a wrong citation on tuned excerpts; fixtures/corpus/README.md)"
            }
            "2026-12j-holdout" => {
                "of the R3/R4 collection of batch 2026-12j (verbatim near-misses from rulings \
                 and commentary; every third excerpt in the order written, marked when written \
                 down, before any run; no rule change after; fixtures/corpus/README.md)"
            }
            "2026-12k-holdout" => {
                "of the R3/R4 collection of batch 2026-12k (verbatim near-misses from rulings, \
                 a tentative ruling and commentary; every third excerpt in the order written, \
                 marked when written down, before its first run; no rule change after; \
                 fixtures/corpus/README.md)"
            }
            _ => "held out",
        };
        let _ = write!(
            md,
            "\n### Held-out excerpts (batch `{batch}`, all provenances)\n\n\
             {positive} positive and {negative} negative excerpts {how}.\n\n"
        );
        table(&mut md, counts, None);
    }

    md.push_str("\n## Corpus composition\n\n");
    md.push_str("Positive: at least one line must be flagged. Negative: nothing may be.\n\n");
    md.push_str("| Family | Provenance | Positive | Negative |\n|---|---|---|---|\n");
    let mut keys: BTreeSet<(String, String)> = BTreeSet::new();
    for (f, p, _) in comp.keys() {
        keys.insert((f.clone(), p.clone()));
    }
    for (f, p) in &keys {
        let pos = comp
            .get(&(f.clone(), p.clone(), true))
            .copied()
            .unwrap_or(0);
        let neg = comp
            .get(&(f.clone(), p.clone(), false))
            .copied()
            .unwrap_or(0);
        let _ = writeln!(md, "| {f} | {p} | {pos} | {neg} |");
    }
    let _ = writeln!(md, "| **all** | | | **{} excerpts** |", excerpts.len());

    md.push_str("\n## Long documents\n\n");
    md.push_str(
        "Real documents of 2,000+ words that must stay clean: at most one justified \
         finding per 10,000 words.\n\n| Document | Provenance | Words | Findings | Per 10,000 words |\n|---|---|---|---|---|\n",
    );
    for (ex, words, n) in &long_rows {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.1} |",
            ex.id,
            ex.provenance,
            words,
            n,
            *n as f64 * 10_000.0 / (*words).max(1) as f64
        );
    }
    let mut batch_md = String::from("\n### Batch 2026-12 only, verbatim\n\n");
    table(&mut batch_md, &batch_verbatim, None);
    batch_md.push_str("\n### Batch 2026-12 only, all provenances\n\n");
    table(&mut batch_md, &batch_all, None);
    println!("{batch_md}");
    Report {
        markdown: md,
        figures,
        misses,
    }
}

#[test]
fn manifest_is_complete_and_consistent() {
    let excerpts = load_manifest();
    let mut ids = BTreeSet::new();
    let mut files = BTreeSet::new();
    for ex in &excerpts {
        assert!(ids.insert(ex.id.clone()), "duplicate id {}", ex.id);
        assert!(
            ["verbatim", "trimmed", "composed", "reconstructed"].contains(&ex.provenance.as_str()),
            "{}: provenance {:?}",
            ex.id,
            ex.provenance
        );
        assert!(
            ["R1", "R2", "R3", "R4", "R5", "long"].contains(&ex.family.as_str()),
            "{}: family {:?}",
            ex.id,
            ex.family
        );
        assert!(!ex.source.trim().is_empty(), "{}: no source", ex.id);
        if ex.provenance != "composed" {
            // A public URL, or `seed:NAME` for the project's seed orders in
            // /work/shared/seeds/ (public orders without a recorded URL).
            assert!(
                ex.url.starts_with("http") || ex.url.starts_with("seed:"),
                "{}: a real excerpt needs its URL",
                ex.id
            );
        }
        if !ex.justified.is_empty() {
            assert!(!ex.note.is_empty(), "{}: justify findings in note", ex.id);
        }
        let text = std::fs::read_to_string(corpus().join(&ex.file))
            .unwrap_or_else(|e| panic!("{}: {}: {e}", ex.id, ex.file));
        let lines: Vec<&str> = text.lines().collect();
        for label in ex.expect.iter().chain(&ex.justified) {
            let (code, line) = parse_label(label, &ex.id);
            assert!(
                family_of(&code).is_some(),
                "{}: {code} is not measured",
                ex.id
            );
            assert!(
                line <= lines.len() && !lines[line - 1].trim().is_empty(),
                "{}: {label} points at an empty or missing line",
                ex.id
            );
        }
        if ex.family == "long" {
            assert!(
                text.split_whitespace().count() >= 2000,
                "{}: a long document has 2,000+ words",
                ex.id
            );
        }
        files.insert(ex.file.clone());
    }
    // Every excerpt file is in the manifest (matter records are not excerpts).
    let mut stack = vec![corpus()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "record") {
                    continue;
                }
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
            {
                let rel = p
                    .strip_prefix(corpus())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                assert!(files.contains(&rel), "{rel} is not in manifest.toml");
            }
        }
    }
}

/// ACCURACY.md holds other sections too (`## Citations`, written by hand): this test owns
/// only the text between these markers.
const BEGIN: &str = "<!-- rule-accuracy: generated by tests/accuracy.rs, do not edit by hand -->\n";
const END: &str = "<!-- /rule-accuracy -->\n";

fn own_section(file: &str) -> Option<&str> {
    let start = file.find(BEGIN)? + BEGIN.len();
    let end = start + file[start..].find(END)?;
    Some(&file[start..end])
}

/// `file` with the generated section replaced, or put first when it has none.
fn with_own_section(file: &str, section: &str) -> String {
    match (file.find(BEGIN), file.find(END)) {
        (Some(b), Some(e)) if b < e => {
            format!(
                "{}{BEGIN}{section}{END}{}",
                &file[..b],
                &file[e + END.len()..]
            )
        }
        _ if file.trim().is_empty() => format!("{BEGIN}{section}{END}"),
        _ => format!("{BEGIN}{section}{END}\n{file}"),
    }
}

#[derive(Deserialize, serde::Serialize, Default)]
struct Floors {
    #[serde(default)]
    floors: BTreeMap<String, f64>,
}

#[test]
fn accuracy_meets_floors_and_report_is_current() {
    let excerpts = load_manifest();
    let report = build_report(&excerpts);
    println!("{}", report.markdown);
    if std::env::var_os("BRIEFLINT_ACCURACY_VERBOSE").is_some() {
        for m in &report.misses {
            println!("{m}");
        }
    }
    let floors_path = corpus().join("floors.toml");
    let accuracy_path = root().join("ACCURACY.md");
    let write = std::env::var_os("BRIEFLINT_WRITE_ACCURACY").is_some_and(|v| v == "1");
    let mut floors: Floors =
        toml::from_str(&std::fs::read_to_string(&floors_path).unwrap_or_default())
            .expect("floors.toml");
    if write {
        // The ratchet: floors only go up.
        for (k, v) in &report.figures {
            let v = (v * 1000.0).floor() / 1000.0;
            let e = floors.floors.entry(k.clone()).or_insert(v);
            if v > *e {
                *e = v;
            }
        }
        let mut text = String::from(
            "# Accuracy floors (verbatim excerpts; \"all.\" the whole corpus), raised by BRIEFLINT_WRITE_ACCURACY=1.\n\
             # Never lower a floor without saying why in the commit message.\n",
        );
        text.push_str(&toml::to_string(&floors).unwrap());
        std::fs::write(&floors_path, text).unwrap();
        let current = std::fs::read_to_string(&accuracy_path).unwrap_or_default();
        std::fs::write(&accuracy_path, with_own_section(&current, &report.markdown)).unwrap();
    }
    let mut below = Vec::new();
    for (k, floor) in &floors.floors {
        match report.figures.get(k) {
            Some(v) if *v + 1e-9 >= *floor => {}
            Some(v) => below.push(format!("{k}: {v:.3} < floor {floor:.3}")),
            None => below.push(format!("{k}: no longer measured (floor {floor:.3})")),
        }
    }
    assert!(
        below.is_empty(),
        "accuracy fell below its floors:\n{}\n(BRIEFLINT_ACCURACY_VERBOSE=1 lists the misses)",
        below.join("\n")
    );
    let current = std::fs::read_to_string(&accuracy_path).unwrap_or_default();
    assert!(
        own_section(&current) == Some(report.markdown.as_str()),
        "ACCURACY.md is stale: run BRIEFLINT_WRITE_ACCURACY=1 cargo test --test accuracy"
    );
}

#[test]
fn long_documents_stay_clean() {
    for ex in load_manifest().iter().filter(|e| e.family == "long") {
        let outcome = analyze(ex);
        let allowed: BTreeSet<(String, usize)> = ex
            .justified
            .iter()
            .map(|l| parse_label(l, &ex.id))
            .collect();
        let unjustified: Vec<_> = outcome
            .findings
            .iter()
            .filter(|(code, first, last)| {
                !allowed
                    .iter()
                    .any(|(c, l)| c == code && first <= l && l <= last)
            })
            .collect();
        assert!(
            unjustified.is_empty(),
            "{}: unjustified findings on a long real document: {unjustified:?}",
            ex.id
        );
        assert!(
            outcome.findings.len() * 10_000 <= outcome.words,
            "{}: more than one (justified) finding per 10,000 words",
            ex.id
        );
    }
}
