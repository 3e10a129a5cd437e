//! Tests that hold the knowledge base to its verification policy (see VERIFICATION.md):
//! a quick fix inserts only citations of entries verified against the opinion or the
//! official text, and VERIFICATION.md's counts are the knowledge base's. Compiled only
//! for tests, as a module of `authorities`.

mod tests {
    use crate::authorities;
    use crate::citations::{recognize, CitationKind};
    use crate::fixture_tests::{for_each_variant, root};
    use std::collections::BTreeMap;

    /// Every fix of every finding on every fixture variant (see `fixture_tests`). Returns
    /// (fixture, code, inserted text) for every edit.
    fn every_inserted_text() -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for_each_variant(|variant| {
            for finding in variant.analyze(&variant.text) {
                assert_ne!(
                    finding.rule.code, "BL000",
                    "{}: a rule failed: {}",
                    variant.label, finding.message
                );
                for fix in finding.fixes.iter() {
                    for edit in fix.edits {
                        out.push((
                            variant.label.clone(),
                            finding.rule.code.to_string(),
                            edit.new_text.to_string(),
                        ));
                    }
                }
            }
        });
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
            // A table of authorities (BL703) lists the filing's own citations; it asserts
            // nothing about them.
            if code == "BL703" {
                continue;
            }
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
        let dir = root().join("crates/brieflint-core/src/rules");
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
