use super::bl201_new_authority_on_reconsideration::searched;
use super::{append_sentence, Context, Rule};
use crate::analysis::authorities;
use crate::analysis::document::DocKind;
use crate::analysis::finding::{Finding, Fix, RuleMeta};
use crate::analysis::matter::evidence_key;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// In a motion for reconsideration, a declaration, affidavit or deposition that is not
    /// in the prior record, unless the motion says nearby why it is new ("newly
    /// discovered", "could not have been", "was not available until").
    ///
    /// ## Why courts care
    /// Evidence that was available before the order was entered cannot support
    /// reconsideration; Rule 60(b)(2) reaches only evidence that, with reasonable
    /// diligence, could not have been discovered in time. In the Philips order the court
    /// faulted the defendants for submitting three new declarations on reconsideration
    /// with no representation that any of that evidence was newly discovered.
    ///
    /// ## Example
    /// ```markdown
    /// As the Zhou Decl. explains, the documents contain state secrets.
    /// ```
    ///
    /// ## Fix
    /// Drop the new evidence, or explain why it could not have been presented earlier.
    /// The quick fix inserts that explanation's scaffold, citing Rule 60(b).
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 60(b)
    /// - Publishers Resource, Inc. v. Walker-Davis Publications, Inc., 762 F.2d 557, 561 (7th Cir. 1985)
    pub struct NewEvidenceOnReconsideration {
        code: "BL202",
        name: "new-evidence-on-reconsideration",
        severity: Warning,
        summary: "Evidence offered for the first time in a motion for reconsideration",
        authorities: ["frcp-60-b", "publishers-resource-v-walker-davis"],
    }
}

static NEWLY_AVAILABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)newly[\s-]+discovered(?-u:\b)|(?-u:\b)could\s+not\s+have\s+been(?-u:\b)|(?-u:\b)was\s+not\s+available\s+until(?-u:\b)|(?-u:\b)did\s+not\s+exist\s+until(?-u:\b)|(?-u:\b)only\s+(?:recently|became\s+available)(?-u:\b)").unwrap()
});

impl Rule for NewEvidenceOnReconsideration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if cx.document.kind != DocKind::Reconsideration || cx.record.is_empty() {
            return;
        }
        let known: BTreeSet<&str> = cx
            .record
            .iter()
            .flat_map(|f| f.evidence.iter().map(String::as_str))
            .collect();
        let mut reported = BTreeSet::new();
        for citation in cx.citations {
            let Some(key) = evidence_key(citation) else {
                continue;
            };
            if known.contains(key.as_str())
                || reported.contains(&key)
                || cx.structure.is_excluded(&citation.range)
            {
                continue;
            }
            let block = cx.structure.blocks.iter().find(|b| {
                b.range.start <= citation.range.start && citation.range.end <= b.range.end
            });
            let explained =
                block.is_some_and(|b| NEWLY_AVAILABLE.is_match(&cx.text[b.range.clone()]));
            reported.insert(key.clone());
            if explained {
                continue;
            }
            let (names, related) = searched(cx);
            let mut finding = Finding::new(
                &META,
                citation.range.clone(),
                format!("The {key} is offered for the first time on reconsideration, with no showing that it could not have been presented earlier (searched: {names})"),
            );
            finding.related = related;
            if let Some(block) = block {
                let sentence = crate::analysis::sentences::split(cx.text, block.range.clone())
                    .into_iter()
                    .find(|s| s.start <= citation.range.start && citation.range.end <= s.end)
                    .unwrap_or(block.range.clone());
                let cite = authorities::cite("frcp-60-b");
                finding.fixes.push(Fix {
                    title: format!("Explain why the {key} could not have been presented earlier ({cite})"),
                    edits: vec![append_sentence(
                        cx.text,
                        &sentence,
                        &format!("The {key} could not have been presented earlier because [state when the evidence became available and why it was not available before the order] ({cite})."),
                    )],
                });
            }
            out.push(finding);
        }
    }
}
