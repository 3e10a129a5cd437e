use super::{AppendedSentence, Context, Rule};
use crate::authorities;
use crate::discovery::RequestKind;
use crate::finding::{Finding, Fix, RuleMeta};
use std::sync::Arc;

declare_rule! {
    /// ## What it flags
    /// A response to a document request that agrees to produce ("will produce", "agrees
    /// to produce", "will be produced") but gives no date or other reasonable time for
    /// completing production. "In due course" and "on a rolling basis" alone are not a
    /// time.
    ///
    /// ## Why courts care
    /// Rule 34(b)(2)(B): when a party states it will produce copies, "[t]he production
    /// must then be completed no later than the time for inspection specified in the
    /// request or another reasonable time specified in the response." Open-ended "will be
    /// produced" responses are one of the three problems the 2015 amendments set out to
    /// end, and courts insist on a production date (Fischer v. Forrest).
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE:** Acme will produce non-privileged documents responsive to this
    /// Request.
    /// ```
    ///
    /// ## Fix
    /// State when production will be completed, or the start and end dates of a rolling
    /// production. The quick fix inserts a completion-date sentence citing Rule
    /// 34(b)(2)(B).
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 34(b)(2)(B)
    /// - Fischer v. Forrest, Nos. 14 Civ. 1304 (PAE)(AJP), 14 Civ. 1307 (PAE)(AJP), 2017 WL 773694 (S.D.N.Y. Feb. 28, 2017)
    pub struct MissingProductionTime {
        code: "BL106",
        name: "missing-production-time",
        severity: Warning,
        summary: "Agrees to produce documents but gives no date for production",
        authorities: ["frcp-34-b-2-B", "fischer-v-forrest"],
    }
}

impl Rule for MissingProductionTime {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        // Every finding's message and fix are the same but for where the fix goes: built
        // once, shared by all (a 500-page response has hundreds).
        let cite = authorities::fix_cite("frcp-34-b-2-B");
        let statement = AppendedSentence::new(&format!(
            "Production will be completed no later than [date] ({cite})."
        ));
        let title: Arc<str> = format!("Add a production completion date ({cite})").into();
        let message: Arc<str> =
            "Agrees to produce but states no date or reasonable time for completing production"
                .into();
        for unit in &cx.discovery.units {
            if unit.kind != RequestKind::Production || unit.gives_production_time {
                continue;
            }
            let Some(agreement) = unit.agrees_to_produce.clone() else {
                continue;
            };
            let Some(sentence) = unit
                .sentences
                .iter()
                .find(|s| s.range.start <= agreement.start && agreement.end <= s.range.end)
            else {
                continue;
            };
            out.push(
                Finding::new(&META, agreement, message.clone())
                    .with_fix(Fix {
                        title: title.clone(),
                        edits: vec![statement.after(cx.text, &sentence.range)],
                    })
                    .waiting_for(unit.production_time_placeholder.clone()),
            );
        }
    }
}
