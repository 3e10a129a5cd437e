use super::bl101_boilerplate_objection::states_reasons;
use super::{BlockFindings, Context, Rule};
use crate::caseless::{Caseless, Lowered};
use crate::finding::{Finding, Fix, RuleMeta};
use crate::gate::Gate;
use crate::sentences;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// The "reasonably calculated to lead to the discovery of admissible evidence"
    /// standard and its variants ("likely to lead to the discovery of admissible
    /// evidence", "reasonably calculated to the discovery of admissible evidence", "... of
    /// relevant, admissible evidence"), used as the test for discovery anywhere in a
    /// filing. Quotations (including one that runs over several sentences), block quotes,
    /// and sentences about the phrase's history ("the 2015 amendments deleted ...") are
    /// not flagged.
    ///
    /// ## Why courts care
    /// The December 1, 2015 amendments deleted the phrase from Rule 26(b)(1). Discovery
    /// now reaches nonprivileged matter "relevant to any party's claim or defense and
    /// proportional to the needs of the case". An objection or argument built on the old
    /// phrase states a standard that no longer exists; courts have called it out
    /// (Fischer v. Forrest; In re Bard IVC Filters: "[o]ld habits die hard").
    ///
    /// ## Example
    /// ```markdown
    /// Acme objects to this Request because it is not reasonably calculated to lead to
    /// the discovery of admissible evidence.
    /// ```
    ///
    /// ## Fix
    /// State the current standard of Rule 26(b)(1): relevance to a claim or defense and
    /// proportionality to the needs of the case. The quick fix rewrites the phrase and
    /// keeps its negation: "is not reasonably calculated ..." becomes "is not relevant to
    /// any party's claim or defense or is not proportional to the needs of the case". When
    /// the sentence gives no reasons for the objection, it adds ", because [state ...]", a
    /// placeholder for the reasons an objection must give (see BL101) that you fill in.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 26(b)(1)
    /// - Fed. R. Civ. P. 26(b)(1) (2014)
    /// - Fischer v. Forrest, Nos. 14 Civ. 1304 (PAE)(AJP), 14 Civ. 1307 (PAE)(AJP), 2017 WL 773694 (S.D.N.Y. Feb. 28, 2017)
    /// - In re Bard IVC Filters Prods. Liab. Litig., No. MDL 15-02641-PHX DGC, 2016 WL 4943393 (D. Ariz. Sept. 16, 2016)
    pub struct ObsoleteDiscoveryStandard {
        code: "BL105",
        name: "obsolete-discovery-standard",
        severity: Error,
        summary: "\"Reasonably calculated to lead to the discovery of admissible evidence\" was deleted in 2015",
        authorities: ["frcp-26-b-1", "frcp-26-b-1-2014", "fischer-v-forrest", "in-re-bard-ivc-filters"],
    }
}

static OLD_STANDARD: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?ix)
        (?:(?-u:\b)(?P<nor>nor)\s+)?
        (?:(?-u:\b)(?P<copula>is|are|was|were|be)\s+)?
        (?:(?-u:\b)(?P<not>not|neither)\s+)?
        (?-u:\b)(?P<phrase>(?:(?:reasonably\s+calculated|likely|designed)\s+to\s+lead\s+to|reasonably\s+calculated\s+to)\s+(?:the\s+)?discovery\s+of\s+(?:any\s+)?(?:relevant\s*,?\s+(?:and\s+|or\s+)?)?admissible\s*,?\s+evidence)(?-u:\b)
    ",
    )
});

/// A negation shortly before the old standard ("does not seek documents ...").
static NEGATION: LazyLock<Caseless> =
    LazyLock::new(|| Caseless::new(r"(?i)(?-u:\b)(?:not|neither|no)(?-u:\b)"));

/// A cheap test that a block may contain the old standard at all.
/// The word every match of `OLD_STANDARD` holds.
static ADMISSIBLE: LazyLock<Gate> = LazyLock::new(|| Gate::new(&["admissible"]));

/// Sentences that talk about the old standard rather than apply it.
static HISTORY: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?i)(?-u:\b)(?:delet[0-9A-Za-z_\u{C0}-\u{24F}]*|amend[0-9A-Za-z_\u{C0}-\u{24F}]*|former(?:ly)?|no\s+longer|eliminat[0-9A-Za-z_\u{C0}-\u{24F}]*|2015|obsolete|old|abrogat[0-9A-Za-z_\u{C0}-\u{24F}]*|supersed[0-9A-Za-z_\u{C0}-\u{24F}]*|outdated|remov[0-9A-Za-z_\u{C0}-\u{24F}]*|repudiat[0-9A-Za-z_\u{C0}-\u{24F}]*|discard[0-9A-Za-z_\u{C0}-\u{24F}]*|abandon[0-9A-Za-z_\u{C0}-\u{24F}]*|pre-amendment|prior\s+version|used\s+to|once)(?-u:\b)",
    )
});

/// Whether `at` falls inside a quotation opened earlier in `block`: a quotation may run
/// over several sentences ("Rule 26(b) provides, that \"the deponent may be examined ...
/// It is not ground for objection ... reasonably calculated to lead to ...\"").
fn inside_quotation(block: &str, at: usize) -> bool {
    let before = &block[..at];
    let straight = before.matches('"').count();
    let opened = before.matches('“').count();
    let closed = before.matches('”').count();
    straight % 2 == 1 || opened > closed
}

impl Rule for ObsoleteDiscoveryStandard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut kept = BlockFindings::new(cx, &META);
        for block in &cx.structure.blocks {
            out.extend(kept.in_block(&block.range, || {
                let mut found = Vec::new();
                check_block(cx, &block.range, &mut found);
                found
            }));
        }
    }
}

fn check_block(cx: &Context, block: &std::ops::Range<usize>, out: &mut Vec<Finding>) {
    let body = &cx.text[block.clone()];
    let owner = &mut String::new();
    let lowered_body = Lowered::lower(body, owner);
    if !ADMISSIBLE.admits_lowered(lowered_body) {
        return;
    }
    for sentence in sentences::split(cx.text, block.clone()) {
        let text = &cx.text[sentence.clone()];
        let lowered = lowered_body.get(sentence.start - block.start..sentence.end - block.start);
        if !ADMISSIBLE.admits_lowered(lowered) || HISTORY.is_match_lowered(lowered) {
            continue;
        }
        for caps in OLD_STANDARD.captures_in(text) {
            let whole = caps.range();
            let range = sentence.start + whole.start..sentence.start + whole.end;
            if cx.structure.is_excluded(&range) || inside_quotation(body, range.start - block.start)
            {
                continue;
            }
            let copula = caps.name("copula");
            let negated = caps.name("not").is_some();
            let mut replacement = match (caps.name("nor").is_some(), copula, negated) {
                        // "neither relevant nor reasonably calculated ..."
                        (true, Some(c), _) => format!("nor {c} proportional to the needs of the case"),
                        (true, None, _) => "nor proportional to the needs of the case".to_string(),
                        (false, Some(c), true) => format!(
                            "{c} not relevant to any party's claim or defense or {c} not proportional to the needs of the case"
                        ),
                        (false, None, true) => "not relevant to any party's claim or defense or not proportional to the needs of the case".to_string(),
                        (false, Some(c), false) => format!(
                            "{c} relevant to any party's claim or defense and proportional to the needs of the case"
                        ),
                        (false, None, false) => "relevant to any party's claim or defense and proportional to the needs of the case".to_string(),
                    };
            // A negated standard is an objection: unless the sentence gives its reasons,
            // the current standard asks for them, or the rewritten objection would itself
            // be boilerplate (BL101).
            let rewritten = format!(
                "{}{replacement}{}",
                &text[..whole.start],
                &text[whole.end..]
            );
            // "does not seek documents reasonably calculated to ...": negated a few words
            // earlier, an objection all the same.
            let negated_earlier = {
                let mut from = whole.start.saturating_sub(48);
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                NEGATION.is_match(&text[from..whole.start])
            };
            if (negated || negated_earlier)
                && caps.name("nor").is_none()
                && !states_reasons(&rewritten)
            {
                replacement.push_str(", because [state the claims or defenses the request is not relevant to, or the proportionality factors it fails, and why]");
            }
            let written = caps
                .name("phrase")
                .expect("the phrase is in every match")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let message = if written.to_ascii_lowercase().starts_with("reasonably") {
                format!("Obsolete discovery standard: \"{written}\" was deleted from Rule 26(b)(1) in 2015")
            } else {
                format!("Obsolete discovery standard: \"{written}\" restates the \"reasonably calculated to lead to the discovery of admissible evidence\" test deleted from Rule 26(b)(1) in 2015")
            };
            out.push(
                Finding::new(&META, range.clone(), message).with_fix(Fix::replace(
                    format!(
                        "Use the relevance-and-proportionality standard ({})",
                        crate::authorities::fix_cite("frcp-26-b-1")
                    ),
                    range,
                    replacement,
                )),
            );
        }
    }
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&OLD_STANDARD);
    LazyLock::force(&ADMISSIBLE);
    LazyLock::force(&HISTORY);
    LazyLock::force(&NEGATION);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_admits_every_old_standard() {
        let samples = [
            "The request is not reasonably calculated to lead to the discovery of admiſsible evidence.",
        ];
        crate::gate::assert_guards(&ADMISSIBLE, &OLD_STANDARD.original(), &samples);
        crate::caseless::assert_same_matches(&OLD_STANDARD, &samples);
        crate::caseless::assert_same_matches(&NEGATION, &["It is not, and never was."]);
        crate::caseless::assert_same_matches(&HISTORY, &["the 2015 amendments deleted it"]);
    }
}
