use super::{Context, Rule};
use crate::finding::{Finding, RuleMeta};
use crate::placeholders;

declare_rule! {
    /// ## What it flags
    /// A drafting placeholder left in the filing's own text: an instruction in brackets
    /// ("[state the facts of the burden]", "[insert date]", "[describe the materials
    /// withheld]"), a slot for a fact ("[date]", "[time]", "[Name]", "[Bates number]",
    /// "[movant]"), a blank ("[●]", "[__]", "[TBD]", "[ ]"), alternatives to choose from
    /// ("[pending / granted / denied]"), or a date mask ("XX/XX/XXXX", "20XX"). brieflint's
    /// quick fixes insert placeholders of these kinds for you to fill. Bracketed
    /// alterations and legal usage are not flagged: "[t]he", "[sic]", "[emphasis added]",
    /// "[Chinese] law", "[PROPOSED]", record cites such as "[Dkt. 12]", a deliberate
    /// omission ("[Redacted Name]", "[Address Omitted]"), Markdown links, footnote
    /// references and task-list boxes; nor is anything inside a quotation, a block quote,
    /// code or a comment.
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
            let asks = placeholders::asks(&cx.text[range.clone()]);
            out.push(Finding::new(
                &META,
                range,
                format!("Unfilled placeholder {quoted}: {asks}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::config::Config;

    fn codes(text: &str, config: &Config) -> Vec<&'static str> {
        analyze(text, config).iter().map(|f| f.rule.code).collect()
    }

    const RESPONSE: &str = "# RESPONSES TO REQUESTS FOR PRODUCTION\n\nREQUEST FOR PRODUCTION NO. 1: All recall documents.\n\nRESPONSE: Acme will produce its recall file. Production will be completed no later than [date].\n";

    /// A production date that is still a placeholder is no date: BL106 gives way to BL003
    /// standing on it, and comes back whenever BL003 does not stand there.
    #[test]
    fn a_placeholder_statement_leaves_the_finding_to_bl003_never_to_silence() {
        assert_eq!(codes(RESPONSE, &Config::default()), ["BL003"]);
        let off = Config::from_toml("[rules]\nBL003 = \"off\"\n").unwrap();
        assert_eq!(codes(RESPONSE, &off), ["BL106"]);
        let suppressed = RESPONSE.replace(
            "RESPONSE:",
            "<!-- brieflint-disable-next-line BL003 -->\nRESPONSE:",
        );
        assert_eq!(codes(&suppressed, &Config::default()), ["BL106"]);
        let filled = RESPONSE.replace("[date]", "April 30, 2027");
        assert!(codes(&filled, &off).is_empty());
    }

    /// Reasons, a withholding statement, a privilege log and a production date written
    /// with a placeholder in their sentence are not made: each rule's finding gives way to
    /// BL003 and returns without it.
    #[test]
    fn statements_waiting_for_a_placeholder_are_not_made() {
        let off = Config::from_toml("[rules]\nBL003 = \"off\"\n").unwrap();
        for (response, code) in [
            ("Acme objects to this Request as overly broad because [state the part that is overbroad]. Nothing is being withheld on the basis of this objection.", "BL101"),
            ("Acme objects to this Request as overly broad because it reaches all eleven pump models. Materials are being withheld on the basis of this objection: [describe the materials withheld].", "BL102"),
            ("Acme objects to this Request to the extent it seeks privileged documents; they will be described in a privilege log served by [date]. Nothing else is being withheld.", "BL107"),
            ("Acme will produce its recall file no later than [date].", "BL106"),
        ] {
            let text = RESPONSE.replace(
                "Acme will produce its recall file. Production will be completed no later than [date].",
                response,
            );
            let with = codes(&text, &Config::default());
            assert!(with.contains(&"BL003") && !with.contains(&code), "{response}: {with:?}");
            assert!(codes(&text, &off).contains(&code), "{response}");
        }
    }

    /// A date for serving the privilege log is not a date for production.
    #[test]
    fn a_privilege_log_date_is_not_a_production_date() {
        let text = RESPONSE.replace(
            "Production will be completed no later than [date].",
            "A privilege log will be served within 30 days.",
        );
        assert_eq!(codes(&text, &Config::default()), ["BL106"]);
        let both = RESPONSE.replace(
            "Production will be completed no later than [date].",
            "Acme will produce the documents by April 30, 2027 and a privilege log within 30 days.",
        );
        assert!(codes(&both, &Config::default()).is_empty());
        // A log that is itself a document produced is not a privilege log.
        let produced_log = RESPONSE.replace(
            "Production will be completed no later than [date].",
            "Acme will produce its field-complaint log by April 30, 2027.",
        );
        assert!(codes(&produced_log, &Config::default()).is_empty());
    }
}
