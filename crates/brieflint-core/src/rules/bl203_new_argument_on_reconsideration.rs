use super::bl201_new_authority_on_reconsideration::{searched, standard_sentence};
use super::{Context, Rule};
use crate::document::DocKind;
use crate::finding::{Finding, RuleMeta};
use crate::matter::argument_terms;
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it flags
    /// In a motion for reconsideration, a doctrine, remedy or term of art the motion
    /// relies on that the prior record never mentions: estoppel, waiver, laches, res
    /// judicata, remittitur, a requirements contract, the statute of limitations, a
    /// continuing violation or contract, relation back, "the merger and bar doctrine" and
    /// the like (any "... doctrine" counts). A new argument
    /// often comes with no new citation, which BL201 cannot see. Each term is flagged
    /// once, at its first use, and the message names it. The prior record is what BL201
    /// searches: the filings named in `prior`, or else every earlier filing in the
    /// folder. Quoted material, code and comments are not read.
    ///
    /// ## Why courts care
    /// Reconsideration is not a second chance to make arguments that could have been made
    /// before the order (see BL201 for the standards). In the Philips order the court
    /// held that the defendants "improperly treat[ed] their motion for reconsideration as
    /// an opportunity to develop new arguments by raising China's Data Security Law for
    /// the first time". An argument resting on a doctrine the earlier briefing never
    /// raised is the same kind of new argument, whether or not it cites anything new.
    ///
    /// ## Example
    /// ```markdown
    /// Under the merger and bar doctrine, Defendant's claim for fees merged into the
    /// judgment.
    /// ```
    ///
    /// ## Fix
    /// Drop the argument, or show why it could not have been made before the order (an
    /// intervening change in controlling law, evidence not available before). If the
    /// record did raise it in other words, cite where.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 54(b)
    /// - Fed. R. Civ. P. 59(e)
    /// - Fed. R. Civ. P. 60(b)
    /// - Philips Medical Systems (Cleveland), Inc. v. Buan, No. 19 CV 2648, 2022 WL 602485 (N.D. Ill. Mar. 1, 2022)
    pub struct NewArgumentOnReconsideration {
        code: "BL203",
        name: "new-argument-on-reconsideration",
        severity: Information,
        summary: "Doctrine or term of art argued for the first time in a motion for reconsideration",
        authorities: ["frcp-54-b", "frcp-59-e", "frcp-60-b", "philips-v-buan"],
    }
}

impl Rule for NewArgumentOnReconsideration {
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
            .flat_map(|f| f.terms.iter().map(String::as_str))
            .collect();
        let mut reported = BTreeSet::new();
        for (range, term) in argument_terms(cx.text, cx.structure, cx.cache) {
            if known.contains(term.as_str()) || !reported.insert(term.clone()) {
                continue;
            }
            let (names, related) = searched(cx);
            let mut finding = Finding::new(
                &META,
                range,
                format!(
                    "New argument on reconsideration: the motion relies on {term}, which appears nowhere in the prior record ({names}). {}",
                    standard_sentence(cx.record)
                ),
            );
            finding.related = related;
            out.push(finding);
        }
    }
}
