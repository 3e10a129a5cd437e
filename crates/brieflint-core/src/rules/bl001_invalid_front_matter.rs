use super::{Context, Rule};
use crate::finding::{Finding, RuleMeta};

declare_rule! {
    /// ## What it flags
    /// YAML front matter that brieflint cannot read: an unknown key, an unknown `kind`,
    /// a `filed` value that is not a date such as `2022-03-01`, or a line that is not
    /// `key: value`. The rest of the filing is still linted, as if that line were absent.
    ///
    /// ## Why courts care
    /// The front matter tells brieflint what the filing is and which earlier filings it
    /// answers (`prior`); the reconsideration and meet-and-confer checks, and the court's
    /// local rules, depend on it being right.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// kind: pleading
    /// filed: March 1
    /// ---
    /// ```
    ///
    /// ## Fix
    /// Use the keys `title`, `kind`, `filed`, `party`, `prior`, `court` and `circuit`;
    /// `kind` is one of discovery-response, motion, opposition, reply, reconsideration,
    /// order, brief, letter, protective-order, stipulation, other.
    ///
    /// ## Authorities
    /// None. This is a notice about brieflint's own front matter, not a legal rule.
    pub struct InvalidFrontMatter {
        code: "BL001",
        name: "invalid-front-matter",
        severity: Error,
        summary: "Front matter brieflint cannot read",
        authorities: [],
    }
}

impl Rule for InvalidFrontMatter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for error in &cx.document.errors {
            out.push(Finding::new(
                &META,
                error.range.clone(),
                error.message.clone(),
            ));
        }
    }
}
