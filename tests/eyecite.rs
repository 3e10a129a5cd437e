//! The differential test against eyecite (Free Law Project's citation extractor, the one
//! CourtListener runs): over the real opinions in `fixtures/opinions/`, brieflint must
//! find a case citation over at least 99% of the spans where eyecite finds a full,
//! short or `Id.` case citation, and every span it misses must be listed, with its
//! reason, in `fixtures/opinions/misses.tsv` (a miss not listed fails; a listed miss
//! that is now found fails too, so the list stays exact).
//!
//! eyecite's spans are `fixtures/opinions/eyecite-spans.json`; `tests/eyecite/run.sh`
//! (part of `scripts/test`) installs eyecite 2.7.8 from PyPI, recomputes them and
//! checks they equal the committed file, then runs this test. Set
//! `BRIEFLINT_EYECITE_SPANS` to compare with another file. What brieflint finds that
//! eyecite does not is listed in `fixtures/opinions/brieflint-only.tsv`,
//! which must match (`BRIEFLINT_UPDATE_EYECITE=1` rewrites it).

use brieflint_core::citations::{recognize, CitationKind};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const CASE_KINDS: [CitationKind; 4] = [
    CitationKind::Case,
    CitationKind::CaseShort,
    CitationKind::Id,
    CitationKind::Supra,
];

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn brieflint_covers_eyecite_case_citations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap();
    let folder = root.join("fixtures/opinions");
    let spans_path = std::env::var("BRIEFLINT_EYECITE_SPANS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| folder.join("eyecite-spans.json"));
    let spans: Value = serde_json::from_str(&std::fs::read_to_string(&spans_path).unwrap())
        .expect("eyecite spans JSON");
    let files = spans["files"].as_object().unwrap();
    assert!(
        files.len() >= 30,
        "the corpus has {} documents",
        files.len()
    );

    // The listed misses: file, start byte, the span's text, the reason.
    let listed: BTreeSet<(String, usize)> = std::fs::read_to_string(folder.join("misses.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(
                f.len() == 4 && !f[3].trim().is_empty(),
                "misses.tsv: every line is file, start, text, reason: {l:?}"
            );
            (f[0].to_string(), f[1].parse().unwrap())
        })
        .collect();

    let (mut total, mut covered) = (0usize, 0usize);
    let mut unlisted = Vec::new();
    let mut missed = BTreeSet::new();
    let mut extras = Vec::new();
    let mut by_kind = std::collections::BTreeMap::<String, (usize, usize)>::new();
    for (name, list) in files {
        let text = std::fs::read_to_string(folder.join(name)).unwrap();
        let citations = recognize(&text, &[]);
        let ours: Vec<_> = citations
            .iter()
            .filter(|c| CASE_KINDS.contains(&c.kind))
            .collect();
        let theirs: Vec<(String, usize, usize)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s[0].as_str().unwrap().to_string(),
                    s[1].as_u64().unwrap() as usize,
                    s[2].as_u64().unwrap() as usize,
                )
            })
            .collect();
        for (kind, start, end) in &theirs {
            total += 1;
            let entry = by_kind.entry(kind.clone()).or_default();
            entry.0 += 1;
            let hit = ours
                .iter()
                .any(|c| c.range.start < *end && *start < c.range.end);
            if hit {
                covered += 1;
                entry.1 += 1;
            } else {
                missed.insert((name.clone(), *start));
                if !listed.contains(&(name.clone(), *start)) {
                    unlisted.push(format!(
                        "{name}\t{start}\t{}\t({kind}) REASON",
                        one_line(&text[*start..*end])
                    ));
                }
            }
        }
        for c in &ours {
            if !theirs
                .iter()
                .any(|(_, s, e)| c.range.start < *e && *s < c.range.end)
            {
                extras.push(format!(
                    "{name}\t{}\t{:?}\t{}",
                    c.range.start,
                    c.kind,
                    one_line(&text[c.range.clone()])
                ));
            }
        }
    }
    let stale: Vec<_> = listed.difference(&missed).collect();
    let target = root.join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("eyecite-extras.tsv"), extras.join("\n") + "\n");
    // The committed list of what brieflint finds and eyecite does not: a change to it
    // shows up in review (BRIEFLINT_UPDATE_EYECITE=1 rewrites it).
    let committed_path = folder.join("brieflint-only.tsv");
    let listing = format!(
        "# Case citations brieflint finds where eyecite finds none (tests/eyecite.rs).\n# file\tstart byte\tkind\ttext\n{}\n",
        extras.join("\n")
    );
    if std::env::var_os("BRIEFLINT_UPDATE_EYECITE").is_some() {
        std::fs::write(&committed_path, &listing).unwrap();
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    let share = covered as f64 / total as f64;
    eprintln!(
        "eyecite case citations: {total}; covered by brieflint: {covered} ({:.2}%); by kind {by_kind:?}; brieflint-only case citations: {}",
        100.0 * share,
        extras.len()
    );
    assert!(
        unlisted.is_empty(),
        "misses not in fixtures/opinions/misses.tsv ({}):\n{}",
        unlisted.len(),
        unlisted.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed in misses.tsv but now found (remove them): {stale:?}"
    );
    assert!(share >= 0.99, "coverage {:.2}% < 99%", 100.0 * share);
    assert!(
        committed == listing,
        "fixtures/opinions/brieflint-only.tsv differs from what brieflint finds now \
         (target/eyecite-extras.tsv); review and rerun with BRIEFLINT_UPDATE_EYECITE=1"
    );
}
