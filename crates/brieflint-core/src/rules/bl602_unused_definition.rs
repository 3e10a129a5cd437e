use super::{Context, Rule};
use crate::finding::{Finding, RuleMeta};

declare_rule! {
    /// ## What it flags
    /// A term defined in the filing (`Kunshan GuoLi Electronic Technology Co., Ltd.
    /// ("GuoLi")`) and never used again.
    ///
    /// ## Why courts care
    /// A definition that is never used is clutter the reader has to carry, and often a
    /// sign that the text was cut from another filing or that the term is spelled
    /// differently where it is used. It is a drafting hint, not a legal defect.
    ///
    /// ## Example
    /// ```markdown
    /// Defendant Acme Corp. ("Acme") objects ... Defendant objects ...
    /// ```
    ///
    /// ## Fix
    /// Use the defined term where the filing means it, or delete the definition.
    ///
    /// ## Authorities
    /// None. This is a drafting-quality check, not a legal requirement.
    pub struct UnusedDefinition {
        code: "BL602",
        name: "unused-definition",
        severity: Hint,
        summary: "A defined term that is never used",
        authorities: [],
    }
}

impl Rule for UnusedDefinition {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for definition in cx.definitions {
            // Words before the definition ("Stipulated Protective Order (the
            // "Protective Order")") are the name being defined, not uses of it.
            let used_after = definition
                .uses
                .iter()
                .any(|u| u.start > definition.term_range.end);
            if !used_after && !cx.structure.is_excluded(&definition.term_range) {
                out.push(Finding::new(
                    &META,
                    definition.term_range.clone(),
                    format!("\"{}\" is defined but never used", definition.term),
                ));
            }
        }
    }
}
