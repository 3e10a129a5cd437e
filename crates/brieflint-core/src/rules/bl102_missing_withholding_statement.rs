use super::{withholding_fixes, Context, Rule, UnitFindings};
use crate::discovery::{RequestKind, ResponseUnit};
use crate::finding::{Finding, RuleMeta};

declare_rule! {
    /// ## What it flags
    /// A response to a document request (Rule 34) that objects but never says whether any
    /// responsive materials are being withheld on the basis of the objection. Stating the
    /// limits that controlled the search counts as such a statement.
    ///
    /// ## Why courts care
    /// Rule 34(b)(2)(C): "An objection must state whether any responsive materials are
    /// being withheld on the basis of that objection." The 2015 Committee Note explains
    /// the statement ends the confusion of a response that objects, produces some
    /// documents, and leaves the requesting party unsure whether anything was held back.
    /// Courts have warned that responses without it will be deemed a waiver of all
    /// objections except privilege (Fischer v. Forrest).
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE:** Acme objects to this Request to the extent it seeks documents outside
    /// the relevant time period. Acme will produce responsive documents by May 1, 2027.
    /// ```
    ///
    /// ## Fix
    /// Say, for each objection, either that nothing is being withheld on its basis or
    /// what is being withheld. The quick fixes insert either statement, citing Rule
    /// 34(b)(2)(C).
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 34(b)(2)(C)
    /// - Fed. R. Civ. P. 34 advisory committee's note to 2015 amendment
    /// - Fischer v. Forrest, Nos. 14 Civ. 1304 (PAE)(AJP), 14 Civ. 1307 (PAE)(AJP), 2017 WL 773694 (S.D.N.Y. Feb. 28, 2017)
    pub struct MissingWithholdingStatement {
        code: "BL102",
        name: "missing-withholding-statement",
        severity: Warning,
        summary: "Objection to a document request without saying whether anything is withheld",
        authorities: ["frcp-34-b-2-C", "note-2015-rule-34", "fischer-v-forrest"],
    }
}

impl Rule for MissingWithholdingStatement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut kept = UnitFindings::new(cx, &META);
        for unit in &cx.discovery.units {
            if unit.kind != RequestKind::Production || unit.states_withholding {
                continue;
            }
            out.extend(kept.in_unit(unit, || missing_statement(cx, unit).into_iter().collect()));
        }
    }
}

/// The finding on a response to a request for production that objects without saying
/// whether anything is withheld, if it objects at all.
fn missing_statement(cx: &Context, unit: &ResponseUnit) -> Option<Finding> {
    let objections: Vec<_> = unit.objections().collect();
    let (first, last) = (objections.first()?, objections.last()?);
    let number = unit
        .number
        .as_deref()
        .map(|n| format!(" to Request No. {n}"))
        .unwrap_or_default();
    let mut finding = Finding::new(
        &META,
        first.range.clone(),
        format!(
            "Objection{number} does not state whether any responsive materials are being withheld on its basis"
        ),
    );
    finding.fixes = withholding_fixes(cx.text, &last.range, objections.len()).into();
    Some(finding.waiting_for(unit.withholding_placeholder.clone()))
}
