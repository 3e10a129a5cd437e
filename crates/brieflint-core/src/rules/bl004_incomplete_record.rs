use super::{Context, Rule};
use crate::finding::{Finding, RuleMeta};

declare_rule! {
    /// ## What it flags
    /// A motion for reconsideration compared with a record that brieflint could not
    /// read whole: the editor's workspace index stopped at its file limit
    /// (`brieflint.matter.maxFiles`, 2,000 files by default), so the filings the motion
    /// is compared with may be missing some of the matter. Reported once, at the start
    /// of the motion. The command line reads every filing of the folder and never
    /// reports it.
    ///
    /// ## Why courts care
    /// They don't: this is about brieflint. But BL201 and BL202 can only say that an
    /// argument or a declaration is new if they saw the whole record; with part of it
    /// missing they may stay silent where they should not, or flag what the missing
    /// filings contain.
    ///
    /// ## Example
    /// ```text
    /// BL004 incomplete-record: The workspace index stopped at 2000 files ...
    /// ```
    ///
    /// ## Fix
    /// Raise `brieflint.matter.maxFiles` in the editor's settings, or open the matter's
    /// own folder as the workspace; or run `brieflint check` on the motion.
    ///
    /// ## Authorities
    /// None. This is a notice about brieflint itself, not a legal rule.
    pub struct IncompleteRecord {
        code: "BL004",
        name: "incomplete-record",
        severity: Information,
        summary: "A reconsideration motion compared with a record the index could not read whole",
        authorities: [],
    }
}

impl Rule for IncompleteRecord {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    // Added by the language server, which alone knows its index was cut short.
    fn check(&self, _: &Context, _: &mut Vec<Finding>) {}
}

/// The notice for a motion compared with a record cut at `max_files` files.
pub fn finding(max_files: usize) -> Finding {
    Finding::new(
        &META,
        0..0,
        format!(
            "The workspace index stopped at {max_files} files (brieflint.matter.maxFiles), so this motion was compared with part of the record only; BL201/BL202 may miss or misjudge what is new. Raise brieflint.matter.maxFiles or run `brieflint check` on this folder."
        ),
    )
}
