use super::{withholding_fixes, Context, Rule, UnitFindings};
use crate::discovery::{find_all_in, RequestKind, ResponseUnit};
use crate::finding::{Finding, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// "Subject to and without waiving" and its variants ("without waiving and subject
    /// to", "subject to the foregoing objections", "notwithstanding these objections",
    /// "without waiving this objection", a bare "Without waiving, ...") in a response that
    /// never says whether anything is withheld.
    ///
    /// ## Why courts care
    /// An answer given "subject to" objections leaves the requesting party unable to tell
    /// whether the answer is complete or something was held back on the objections. Many
    /// courts deem such objections waived and the answer to stand (Estridge v. Target
    /// Corp.), and certifying them without a reasonable inquiry has drawn Rule 26(g)
    /// sanctions (Heller v. City of Dallas). Rule 34(b)(2)(C) requires saying whether
    /// materials are withheld on the basis of each objection.
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE:** Subject to and without waiving the foregoing objections, Acme will
    /// produce non-privileged responsive documents.
    /// ```
    ///
    /// ## Fix
    /// Drop the hedge. State which objections you stand on, and whether anything is
    /// withheld on their basis; the quick fixes insert the Rule 34(b)(2)(C) statement
    /// for document requests.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 34(b)(2)(C)
    /// - Estridge v. Target Corp. (S.D. Fla. 2012)
    /// - Heller v. City of Dallas, 303 F.R.D. 466 (N.D. Tex. 2014)
    pub struct SubjectToWithoutWaiving {
        code: "BL104",
        name: "subject-to-without-waiving",
        severity: Warning,
        summary: "\"Subject to and without waiving\" leaves unclear what is withheld",
        authorities: ["frcp-34-b-2-C", "estridge-v-target", "heller-v-dallas"],
    }
}

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        (?:(?-u:\b)|\[)\[?s\]?ubject\s+to,?\s+and\s+without\s+(?:in\s+any\s+way\s+)?(?:waiving|waiver\s+of|wai[0-9A-Za-z_\u{C0}-\u{24F}]+)
        | (?-u:\b)without\s+waiving,?\s+and\s+subject\s+to
        | (?-u:\b)subject\s+to\s+(?:and\s+)?(?:the\s+foregoing|said|these|those|its|their|the\s+above(?:-stated)?|the\s+aforementioned|the\s+specific)\s+(?:general\s+and\s+specific\s+|specific\s+|general\s+)?objections?
        | (?-u:\b)notwithstanding\s+(?:the\s+foregoing|these|its|said|those)\s+objections?
        | (?-u:\b)without\s+waiving\s+(?:the\s+foregoing|these|this|that|such|its|said|any|those|the\s+above)\s+(?:general\s+and\s+specific\s+|specific\s+|general\s+)?objections?
        | (?-u:\b)without\s+waiving(?:\s+(?:the\s+same|same|it))?\s*,
    ").unwrap()
});

/// The hedge's opening words as written ("Subject to", "Without waiving",
/// "Notwithstanding"), which the message quotes.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\A(?:subject\s+to|without\s+waiving|notwithstanding)").unwrap()
});

impl Rule for SubjectToWithoutWaiving {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut kept = UnitFindings::new(cx, &META);
        for unit in &cx.discovery.units {
            if unit.states_withholding {
                continue;
            }
            out.extend(kept.in_unit(unit, || hedges(cx, unit)));
        }
    }
}

/// The findings on one response's hedges ("subject to and without waiving").
fn hedges(cx: &Context, unit: &ResponseUnit) -> Vec<Finding> {
    let objections = unit.objections().count().max(1);
    let mut found = Vec::new();
    for sentence in &unit.sentences {
        for hedge in find_all_in(&HEDGE, cx.text, &sentence.range, cx.structure) {
            let lead = LEAD
                .find(&cx.text[hedge.clone()])
                .map_or("", |m| m.as_str());
            let lead = lead.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut finding = Finding::new(
                &META,
                hedge,
                format!("\"{lead}\" the objections, with no statement of whether anything is withheld on their basis"),
            );
            if unit.kind == RequestKind::Production {
                finding.fixes = withholding_fixes(cx.text, &sentence.range, objections).into();
            }
            found.push(finding.waiting_for(unit.withholding_placeholder.clone()));
        }
    }
    found
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&HEDGE);
    LazyLock::force(&LEAD);
}
