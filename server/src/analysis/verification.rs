//! Tests that hold the knowledge base to its verification policy (see VERIFICATION.md):
//! a quick fix inserts only citations of entries verified against the opinion or the
//! official text, and VERIFICATION.md's counts are the knowledge base's. Compiled only
//! for tests, as a module of `authorities`.

mod tests {
    use crate::analysis::authorities;
    use crate::analysis::citations::{recognize, CitationKind};
    use crate::analysis::config::Config;
    use crate::analysis::{analyze_in_matter, matter};
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf()
    }

    fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                markdown_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
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

    /// Every fix of every finding on every fixture, analyzed as `brieflint check` does
    /// (each folder a matter), plus each fixture under each court and circuit the rules
    /// know, so that court- and circuit-specific fixes are exercised too. Returns
    /// (fixture, code, inserted text) for every edit.
    fn every_inserted_text() -> Vec<(String, String, String)> {
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
        let mut out = Vec::new();
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
            let refs: Vec<&matter::FilingSummary> = summaries.iter().collect();
            let base = config_for(&folder);
            let mut configs = vec![base.clone()];
            for court in ["S.D.N.Y.", "N.D. Ill.", "C.D. Cal.", "N.D. Cal.", "D. Nev."] {
                let mut config = base.clone();
                config.court = Some(court.to_string());
                configs.push(config);
            }
            for (name, text) in &texts {
                let mut variants: Vec<(Config, String)> =
                    configs.iter().map(|c| (c.clone(), text.clone())).collect();
                // The circuit, for the fixes that cite a circuit's case.
                for circuit in ["1st", "2d", "7th", "9th"] {
                    let with_circuit = match text.strip_prefix("---\n") {
                        Some(rest) => format!("---\ncircuit: {circuit}\n{rest}"),
                        None => format!("---\ncircuit: {circuit}\n---\n{text}"),
                    };
                    if !text.contains("\ncircuit:") {
                        variants.push((base.clone(), with_circuit));
                    }
                }
                for (config, text) in variants {
                    let analysis = analyze_in_matter(&text, &config, Some((name, &refs)));
                    for finding in analysis.findings {
                        assert_ne!(
                            finding.rule.code,
                            "BL000",
                            "{}/{name}: a rule failed: {}",
                            folder.display(),
                            finding.message
                        );
                        for fix in finding.fixes {
                            for edit in fix.edits {
                                out.push((
                                    format!("{}/{name}", folder.display()),
                                    finding.rule.code.to_string(),
                                    edit.new_text,
                                ));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_citation_a_fix_inserts_is_verified_against_the_opinion_or_official_text() {
        let inserted = every_inserted_text();
        assert!(
            inserted.len() > 50,
            "too few fixes exercised: {}",
            inserted.len()
        );
        let mut cited = BTreeMap::new();
        for (fixture, code, text) in &inserted {
            for citation in recognize(text, &[]) {
                // A record cite is the filing's own evidence, and a foreign law named in a
                // scaffold is the law the filing itself invokes, not authority for what the
                // fix says.
                if matches!(
                    citation.kind,
                    CitationKind::Record
                        | CitationKind::Id
                        | CitationKind::Supra
                        | CitationKind::ForeignLaw
                ) {
                    continue;
                }
                let authority = authorities::for_identity(&citation.identity).unwrap_or_else(|| {
                    panic!(
                        "{fixture}: a {code} fix cites {:?}, which is not in the knowledge base: {text}",
                        citation.identity
                    )
                });
                assert!(
                    authority.verified_against.citable(),
                    "{fixture}: a {code} fix cites {} ({}), verified only against secondary sources: {text}",
                    authority.cite,
                    authority.id
                );
                *cited.entry(authority.id.clone()).or_insert(0) += 1;
            }
        }
        // The fixes do cite: rules, and the one opinion a reconsideration fix relies on.
        for id in [
            "frcp-34-b-2-C",
            "frcp-26-b-5-A",
            "frcp-26-c-1",
            "philips-v-buan",
        ] {
            assert!(cited.contains_key(id), "no fix cites {id}: {cited:?}");
        }
    }

    /// Every id a rule passes to `fix_cite` is verified; `fix_cite` also checks this at
    /// run time in debug builds, which the test above exercises.
    #[test]
    fn rules_pass_only_verified_ids_to_fix_cite() {
        let dir = root().join("server/src/analysis/rules");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            for piece in source.split("fix_cite(\"").skip(1) {
                let id = piece.split('"').next().unwrap();
                let authority = authorities::get(id)
                    .unwrap_or_else(|| panic!("{}: fix_cite of unknown {id}", path.display()));
                assert!(
                    authority.verified_against.citable(),
                    "{}: fix_cite(\"{id}\") names an entry verified only against secondary sources",
                    path.display()
                );
                seen += 1;
            }
        }
        assert!(seen >= 5, "{seen}");
    }

    /// The counts VERIFICATION.md states, computed from the knowledge base.
    fn counts() -> BTreeMap<(&'static str, &'static str), usize> {
        let mut counts = BTreeMap::new();
        for a in authorities::all() {
            let group = if matches!(a.kind.as_str(), "case" | "order") {
                "decisions"
            } else {
                "other"
            };
            *counts
                .entry((group, a.verified_against.as_str()))
                .or_insert(0) += 1;
        }
        counts
    }

    #[test]
    fn verification_md_states_the_knowledge_base_counts() {
        let doc = std::fs::read_to_string(root().join("VERIFICATION.md")).unwrap();
        let counts = counts();
        let get = |group, status| counts.get(&(group, status)).copied().unwrap_or(0);
        let total = authorities::all().len();
        let decisions: usize = ["opinion", "official-text", "secondary"]
            .iter()
            .map(|s| get("decisions", s))
            .sum();
        let mut expected = vec![format!("| All entries | {total} |")];
        for (group, label) in [
            ("decisions", "Decisions"),
            ("other", "Rules, statutes, foreign laws and other texts"),
        ] {
            for status in ["opinion", "official-text", "secondary"] {
                let n = get(group, status);
                if group == "other" && status == "opinion" {
                    assert_eq!(n, 0);
                    continue;
                }
                expected.push(format!("| {label}: `{status}` | {n} |"));
            }
        }
        expected.push(format!("| Decisions in all | {decisions} |"));
        for line in &expected {
            assert!(
                doc.contains(line.as_str()),
                "VERIFICATION.md lacks the line `{line}`; the counts are:\n{}",
                expected.join("\n")
            );
        }
        // The date of the last full check is the latest `checked` date.
        let latest = authorities::all()
            .iter()
            .map(|a| a.checked.as_str())
            .max()
            .unwrap();
        assert!(
            doc.contains(&format!("Last full check: {latest}")),
            "VERIFICATION.md must state `Last full check: {latest}`"
        );
    }
}
