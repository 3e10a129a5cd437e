use super::{Context, Rule};
use crate::finding::{Finding, RuleMeta};

declare_rule! {
    /// ## What it flags
    /// A brieflint rule that failed on this document (an internal error). The failing
    /// rule is skipped; every other rule still ran and its findings are shown. The
    /// message names the rule.
    ///
    /// ## Why courts care
    /// They don't: this is brieflint's problem, not the filing's. But a check that did
    /// not run is a check you must do by hand before you sign.
    ///
    /// ## Example
    /// ```text
    /// BL000 internal-error: rule BL101 failed on this document and was skipped
    /// ```
    ///
    /// ## Fix
    /// Report it (the log names the rule; it never contains your text), and review the
    /// document for that rule's defects by hand meanwhile.
    ///
    /// ## Authorities
    /// None. This is a notice about brieflint itself, not a legal rule.
    pub struct InternalError {
        code: "BL000",
        name: "internal-error",
        severity: Information,
        summary: "A brieflint rule failed on this document and was skipped",
        authorities: [],
    }
}

impl Rule for InternalError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    // Reported by the analysis driver when another rule panics; never on its own.
    fn check(&self, _: &Context, _: &mut Vec<Finding>) {}
}

/// The finding that stands in for a rule that panicked.
pub fn finding(failed: &RuleMeta) -> Finding {
    Finding::new(
        &META,
        0..0,
        format!(
            "Rule {} ({}) failed on this document and was skipped; the other rules ran",
            failed.code, failed.name
        ),
    )
}
