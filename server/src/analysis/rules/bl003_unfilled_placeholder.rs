use super::{Context, Rule};
use crate::analysis::finding::{Finding, RuleMeta};
use crate::analysis::placeholders;

declare_rule! {
    /// ## What it flags
    /// A drafting placeholder left in the filing's own text: an instruction in brackets
    /// ("[state the facts of the burden]", "[insert date]", "[describe the materials
    /// withheld]"), a slot for a fact ("[date]", "[time]", "[Name]", "[Bates number]",
    /// "[movant]"), a blank ("[●]", "[__]", "[TBD]", "[ ]"), alternatives to choose from
    /// ("[pending / granted / denied]"), or a date mask ("XX/XX/XXXX", "20XX"). brieflint's
    /// quick fixes insert placeholders of these kinds for you to fill. Bracketed
    /// alterations and legal usage are not flagged: "[t]he", "[sic]", "[emphasis added]",
    /// "[Chinese] law", "[PROPOSED]", record cites such as "[Dkt. 12]", Markdown links,
    /// footnote references and task-list boxes; nor is anything inside a quotation, a
    /// block quote, code or a comment.
    ///
    /// ## Why courts care
    /// A placeholder filed is a statement not made: the date, the reasons or the
    /// description the bracket stands for is missing, and the filing shows the court it
    /// was not finished. Until it is filled, no other rule counts the sentence that holds
    /// it: a reason, date, log or certification that is still a placeholder is absent.
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE:** Acme will produce responsive documents. Production will be completed
    /// no later than [date].
    /// ```
    ///
    /// ## Fix
    /// Replace the placeholder with what it asks for (an instruction says what to write;
    /// a slot names the fact; alternatives list the choices), or delete the sentence.
    /// There is no quick fix: only the drafter knows what goes there.
    ///
    /// ## Authorities
    /// None. This is drafting hygiene, not a legal requirement.
    pub struct UnfilledPlaceholder {
        code: "BL003",
        name: "unfilled-placeholder",
        severity: Error,
        summary: "A drafting placeholder ([date], [state ...], [●], XX/XX/XXXX) left unfilled",
        authorities: [],
    }
}

/// How much of a long placeholder the message quotes.
const QUOTED_CHARS: usize = 80;

impl Rule for UnfilledPlaceholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for range in placeholders::find(cx.text, cx.structure) {
            let written = cx.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let quoted = match written.char_indices().nth(QUOTED_CHARS) {
                Some((cut, _)) => format!("{}…", &written[..cut]),
                None => written,
            };
            out.push(Finding::new(
                &META,
                range,
                format!("Unfilled placeholder {quoted}: replace it with what it stands for before filing"),
            ));
        }
    }
}
