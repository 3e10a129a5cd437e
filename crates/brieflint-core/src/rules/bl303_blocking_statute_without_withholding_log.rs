use super::{append_sentence, fix_citations, Context, Rule};
use crate::authorities;
use crate::finding::{Finding, Fix, RuleMeta};
use crate::foreign_claims::{claims, Lead};

declare_rule! {
    /// ## What it flags
    /// A foreign-law objection that identifies the documents and the provision but never
    /// says what is being withheld on that basis: no withholding log, no Rule
    /// 26(b)(5)(A)-style description, and no Rule 34(b)(2)(C) statement. When the
    /// documents or the provision are missing too, the claim is reported once, as BL301
    /// or BL302, with this element listed. A response to a document request that says
    /// nothing at all about withholding is left to BL102, whose fixes supply the statement.
    ///
    /// ## Why courts care
    /// Rule 34(b)(2)(C) requires every objection to "state whether any responsive
    /// materials are being withheld on the basis of that objection," and Rule 26(b)(5)(A)
    /// requires a party withholding otherwise discoverable information to describe it so
    /// that others can assess the claim. Courts apply the same logic to foreign-law
    /// claims: in In re Valsartan the producing party served a "State Secret Withholding
    /// Log", and in Philips Medical Systems (Cleveland), Inc. v. Buan the court said that
    /// documents the defendants in good faith believed implicated the state-secrets law
    /// could be withheld with a corresponding Rule 26(b)(5) log.
    ///
    /// ## Example
    /// ```markdown
    /// **ANSWER TO INTERROGATORY NO. 9:** Acme objects to identifying the 5 Suzhou
    /// engineers who tested the pump, because their names are personal information
    /// stored within the PRC, and PIPL art. 41 prohibits providing it to foreign judicial
    /// agencies without approval.
    /// ```
    ///
    /// ## Fix
    /// Say what is withheld and describe it, document by document, on a withholding log.
    /// The quick fix inserts a withholding-log statement citing Rules 26(b)(5)(A) and
    /// 34(b)(2)(C).
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 26(b)(5)(A)
    /// - Fed. R. Civ. P. 34(b)(2)(C)
    /// - In re Valsartan, Losartan, & Irbesartan Prods. Liab. Litig., MDL No. 2875, Special Master Order No. 35, 2021 WL 3604808 (D.N.J. Aug. 12, 2021), aff'd, 2021 WL 6010575 (D.N.J. Dec. 20, 2021)
    /// - Philips Medical Systems (Cleveland), Inc. v. Buan, No. 19 CV 2648, 2022 WL 602485 (N.D. Ill. Mar. 1, 2022)
    pub struct BlockingStatuteWithoutWithholdingLog {
        code: "BL303",
        name: "blocking-statute-without-withholding-log",
        severity: Warning,
        summary: "Materials withheld under foreign law with no withholding log or Rule 34(b)(2)(C) statement",
        authorities: ["frcp-26-b-5-A", "frcp-34-b-2-C", "in-re-valsartan", "philips-v-buan"],
    }
}

impl Rule for BlockingStatuteWithoutWithholdingLog {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for claim in claims(cx) {
            // A document-request response silent on withholding is BL102's to report.
            if claim.lead() != Some(Lead::Log) || claim.withholding_reported {
                continue;
            }
            let message = claim.message();
            out.push(
                Finding::new(&META, claim.sentence.clone(), message)
                    .waiting_for(claim.placeholder.clone())
                    .with_fix(Fix {
                        title: format!(
                            "Add a withholding-log statement ({})",
                            authorities::fix_cite("frcp-26-b-5-A")
                        )
                        .into(),
                        edits: vec![append_sentence(
                            cx.text,
                            &claim.sentence,
                            &withholding_log_sentence(cx),
                        )],
                    }),
            );
        }
    }
}

/// The statement that withheld documents will be logged (BL301's and BL302's fixes add it
/// too when the claim lacks it).
pub(super) fn withholding_log_sentence(cx: &Context) -> String {
    format!(
        "Each document withheld on this basis will be described on a withholding log served by [date]{}.",
        fix_citations(
            cx,
            [
                authorities::fix_cite("frcp-26-b-5-A"),
                authorities::fix_cite("frcp-34-b-2-C")
            ]
        )
    )
}
