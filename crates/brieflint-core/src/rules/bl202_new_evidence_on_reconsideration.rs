use super::bl201_new_authority_on_reconsideration::{searched, standard_sentence};
use super::{append_sentence, fix_citations, short_cite, Context, Rule};
use crate::authorities;
use crate::document::DocKind;
use crate::finding::{Finding, Fix, RuleMeta};
use crate::matter::{evidence_key, reconsidered, Reconsidered};
use crate::placeholders::{self, Statement};
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
    /// Courts generally refuse to consider, on reconsideration, evidence that was
    /// available before the order was entered, unless the movant shows why it could not
    /// have been presented then. How that showing is made depends on what is being
    /// reconsidered. For an interlocutory order (Fed. R. Civ. P. 54(b)), in the Philips
    /// order the court faulted the defendants for submitting three new declarations (the
    /// Huang, Ying and Zhou declarations) on reconsideration when they "make no
    /// representations that any of this evidence is newly discovered", and noted that in
    /// the Seventh Circuit such motions are "particularly disfavored when they raise facts
    /// or evidence that could have been previously presented" (quoting SFG, Inc. v. Musk).
    /// For a final judgment, Rule 60(b)(2) reaches
    /// only "newly discovered evidence that, with reasonable diligence, could not have
    /// been discovered in time to move for a new trial under Rule 59(b)"; Rule 60(b) does
    /// not reach an interlocutory discovery order, since it applies to "a final judgment,
    /// order, or proceeding". What is being reconsidered is read from the prior record as
    /// for BL201; when it is unknown the message and the fix say so.
    ///
    /// ## Example
    /// ```markdown
    /// As the Zhou Decl. explains, the documents contain state secrets.
    /// ```
    ///
    /// ## Fix
    /// Drop the new evidence, or explain why it could not have been presented earlier.
    /// The quick fix inserts that explanation's scaffold: for an interlocutory order it
    /// cites the Philips order; for a final judgment, Rule 60(b); when the record does not
    /// show which, it cites nothing and says so in its title.
    ///
    /// ## Authorities
    /// - Philips Medical Systems (Cleveland), Inc. v. Buan, No. 19 CV 2648, 2022 WL 602485 (N.D. Ill. Mar. 1, 2022)
    /// - Fed. R. Civ. P. 54(b)
    /// - Fed. R. Civ. P. 60(b)
    pub struct NewEvidenceOnReconsideration {
        code: "BL202",
        name: "new-evidence-on-reconsideration",
        severity: Warning,
        summary: "Evidence offered for the first time in a motion for reconsideration",
        authorities: ["philips-v-buan", "frcp-54-b", "frcp-60-b"],
    }
}

/// Documents the motion itself introduces, other than declarations: "attaches them now
/// as Exhibits A through D", "submits for the first time the parties' 2019 contract",
/// "attaches two new affidavits".
static NEW_DOCUMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        (?-u:\b)(?:attach(?:es|ed|ing)?|submit(?:s|ted|ting)?|offer(?:s|ed|ing)?|present(?:s|ed|ing)?|introduc(?:es|ed|ing)|provid(?:es|ed|ing)|files?|filed|enclos(?:es|ed|ing))(?-u:\b)
        [^.;]{0,60}?(?-u:\b)(?:now|herewith|hereto|for\s+the\s+first\s+time|new(?:ly)?|additional|supplemental)(?-u:\b)
        [^.;]{0,60}?(?-u:\b)(?P<what>exhibits?|documents?|e-?mails?|contracts?|agreements?|letters?|records?|photographs?|invoices?|reports?|affidavits?|declarations?|evidence|spreadsheets?|text\s+messages?)(?-u:\b)
    ").unwrap()
});

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
            let explained = block.map_or(Statement::Absent, |b| {
                placeholders::statement_of(&NEWLY_AVAILABLE, cx.text, cx.structure, &b.range)
            });
            reported.insert(key.clone());
            if explained.is_made() {
                continue;
            }
            let (names, related) = searched(cx);
            let mut finding = Finding::new(
                &META,
                citation.range.clone(),
                format!(
                    "The {key} is offered for the first time on reconsideration, with no showing that it could not have been presented earlier (searched: {names}). {}",
                    standard_sentence(cx.record)
                ),
            );
            finding.related = related;
            finding.placeholder = explained.placeholder();
            if let Some(block) = block {
                let sentence = crate::sentences::split(cx.text, block.range.clone())
                    .into_iter()
                    .find(|s| s.start <= citation.range.start && citation.range.end <= s.end)
                    .unwrap_or(block.range.clone());
                let (title, insert) = match reconsidered(cx.record) {
                    Reconsidered::Interlocutory => {
                        let see = fix_citations(cx, [format!("see {}", authorities::fix_cite("philips-v-buan"))]);
                        (
                            format!(
                                "Explain why the {key} could not have been presented before the order (interlocutory order; {})",
                                short_cite("philips-v-buan")
                            ),
                            format!("The {key} could not have been presented before the order was entered because [state when the evidence became available and why it was not available before the order]{see}."),
                        )
                    }
                    Reconsidered::FinalJudgment => {
                        let cite = authorities::fix_cite("frcp-60-b");
                        (
                            format!("Explain why the {key} could not have been presented before judgment ({cite})"),
                            format!("The {key} could not have been presented before judgment: it is newly discovered evidence that, with reasonable diligence, could not have been discovered in time to move for a new trial, because [state when the evidence became available and why it was not available before judgment] ({cite}(2))."),
                        )
                    }
                    Reconsidered::Unknown => (
                        format!("Explain why the {key} could not have been presented earlier (the prior record does not show whether the order is interlocutory or a final judgment, so no standard is cited)"),
                        format!("The {key} could not have been presented before the order was entered because [state when the evidence became available and why it was not available before the order]."),
                    ),
                };
                finding.fixes.push(Fix {
                    title: title.into(),
                    edits: vec![append_sentence(cx.text, &sentence, &insert)],
                });
            }
            out.push(finding);
        }
        // New documents the motion introduces that no declaration key names ("attaches
        // Exhibits A through D now"): one finding per sentence, unless the paragraph says
        // why they could not have been presented before.
        if !reported.is_empty() {
            return;
        }
        for block in &cx.structure.blocks {
            if matches!(block.kind, crate::markdown::BlockKind::Heading(_)) {
                continue;
            }
            let body = &cx.text[block.range.clone()];
            if NEWLY_AVAILABLE.is_match(body) {
                continue;
            }
            for sentence in crate::sentences::split(cx.text, block.range.clone()) {
                let Some(caps) = NEW_DOCUMENTS.captures(&cx.text[sentence.clone()]) else {
                    continue;
                };
                let m = caps.get(0).unwrap();
                let range = sentence.start + m.start()..sentence.start + m.end();
                // "presents no new evidence", "did not attach": nothing is offered.
                let lower = m.as_str().to_ascii_lowercase();
                if [" no ", " not ", "without", " nor "]
                    .iter()
                    .any(|w| lower.contains(w))
                    || cx.structure.is_excluded(&range)
                {
                    continue;
                }
                let what = caps["what"].to_lowercase();
                let (names, related) = searched(cx);
                let mut finding = Finding::new(
                    &META,
                    range,
                    format!(
                        "New evidence ({what}) offered for the first time on reconsideration, with no showing that it could not have been presented earlier (searched: {names}). {}",
                        standard_sentence(cx.record)
                    ),
                );
                finding.related = related;
                out.push(finding);
            }
        }
    }
}
