use super::{Context, Rule};
use crate::authorities;
use crate::citations::{Citation, CitationKind};
use crate::document::DocKind;
use crate::finding::{Finding, Related, RuleMeta};
use crate::matter::{authority_key, reconsidered, FilingSummary, Reconsidered};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// In a motion for reconsideration, a statute, foreign law, rule or case that
    /// appears nowhere in the prior record: the filings named in the front matter's
    /// `prior`, or else every earlier filing in the matter's folder. Each authority is
    /// flagged at its first use; `DSL art. 36`, `Article 36 of the Data Security Law` and
    /// `the Data Security Law` count as one. A case cited only by its docket number
    /// ("Doe v. Roe, 21-CV-1234 (ABC)") counts, matched by that number; a letter's
    /// "Re:" line names its own case and does not. Authorities about the reconsideration
    /// standard itself (Rules 54(b), 59(e) and 60(b), local rules, the circuits'
    /// reconsideration cases) are not new. The message says which standard applies to
    /// what is being reconsidered, as far as the prior record shows it (see below). A case
    /// decided after the record's last filing is not new either, nor one of that filing's
    /// year that the motion's paragraph presents as decided after the order ("eight days
    /// after that decision", "intervening"): an intervening change in controlling law is a
    /// proper ground. A district's rule cited by the court's name ("D. Kan. Rule 7.3") is a
    /// local rule.
    ///
    /// ## Why courts care
    /// The standard depends on what is being reconsidered. An interlocutory order, such
    /// as a discovery ruling, "may be revised at any time before the entry of a judgment
    /// adjudicating all the claims" (Fed. R. Civ. P. 54(b)); courts do so under that rule,
    /// their inherent power over their own interlocutory orders, and their local rule
    /// (for example S.D.N.Y. & E.D.N.Y. Local Civ. R. 6.3). A final judgment is
    /// altered or set aside only under Rule 59(e) or Rule 60(b), which reaches "a final
    /// judgment, order, or proceeding". Either way, reconsideration is not a second chance
    /// to make arguments that could have been made before the order. In the Philips order,
    /// on a motion to reconsider interlocutory discovery orders, the court held that the
    /// defendants "improperly treat[ed] their motion for reconsideration as an opportunity
    /// to develop new arguments by raising China's Data Security Law for the first time",
    /// and denied the motion.
    ///
    /// brieflint tells the two apart from the prior record: a filing of `kind: judgment`
    /// (or titled "FINAL JUDGMENT", "JUDGMENT") means a final judgment; orders whose kind
    /// or title shows an interlocutory ruling (a protective order, an order on a motion to
    /// compel, on discovery, a subpoena, scheduling or sealing) mean an interlocutory
    /// order. Otherwise the message says the standard is unknown rather than assume one.
    ///
    /// ## Example
    /// ```markdown
    /// Production would also violate Article 36 of the Data Security Law.
    /// ```
    ///
    /// ## Fix
    /// Drop the new authority, or show why the argument could not have been made before
    /// the order (an intervening change in controlling law). Give the prior order
    /// `kind: order` or `kind: judgment` in its front matter so the right standard is
    /// named.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 54(b)
    /// - Fed. R. Civ. P. 59(e)
    /// - Fed. R. Civ. P. 60(b)
    /// - S.D.N.Y. & E.D.N.Y. Local Civ. R. 6.3
    /// - Philips Medical Systems (Cleveland), Inc. v. Buan, No. 19 CV 2648, 2022 WL 602485 (N.D. Ill. Mar. 1, 2022)
    pub struct NewAuthorityOnReconsideration {
        code: "BL201",
        name: "new-authority-on-reconsideration",
        severity: Warning,
        summary: "Authority cited for the first time in a motion for reconsideration",
        authorities: ["frcp-54-b", "frcp-59-e", "frcp-60-b", "sdny-local-civil-rule-6-3", "philips-v-buan"],
    }
}

/// The standard for what the motion asks the court to reconsider, in a sentence.
pub(crate) fn standard_sentence(record: &[&FilingSummary]) -> &'static str {
    match reconsidered(record) {
        Reconsidered::Interlocutory => {
            "The order being reconsidered is interlocutory: Fed. R. Civ. P. 54(b), the court's inherent power and its local rule govern, not Rules 59(e) and 60(b)."
        }
        Reconsidered::FinalJudgment => {
            "The prior record holds a judgment: relief from it is under Fed. R. Civ. P. 59(e) or 60(b)."
        }
        Reconsidered::Unknown => {
            "Whether the order being reconsidered is interlocutory (Fed. R. Civ. P. 54(b)) or a final judgment (Rules 59(e), 60(b)) is not shown by the prior record: give it `kind: order` or `kind: judgment` in its front matter."
        }
    }
}

/// Rules that govern reconsideration itself.
const STANDARD_RULES: &[&str] = &[
    "Fed. R. Civ. P. 54",
    "Fed. R. Civ. P. 59",
    "Fed. R. Civ. P. 60",
];

/// How a foreign-law key reads in a message.
pub(crate) fn display_key(key: &str) -> String {
    match key {
        "DSL" => "the Data Security Law (DSL)".to_string(),
        "PIPL" => "the Personal Information Protection Law (PIPL)".to_string(),
        "GSSL" => "the Law on Guarding State Secrets (GSSL)".to_string(),
        "ICJAL" => "the International Criminal Judicial Assistance Law".to_string(),
        other => other.to_string(),
    }
}

pub(crate) fn searched(cx: &Context) -> (String, Vec<Related>) {
    let names: Vec<&str> = cx
        .record
        .iter()
        .map(|f| f.path.rsplit('/').next().unwrap_or(&f.path))
        .collect();
    let related = cx
        .record
        .iter()
        .map(|f| Related {
            range: 0..0,
            message: format!("searched: {}", f.title.as_deref().unwrap_or(&f.path)),
            path: Some(f.path.clone()),
        })
        .collect();
    (names.join(", "), related)
}

/// The keys of the authorities the prior record cites.
fn known_authorities<'r>(record: &[&'r FilingSummary]) -> BTreeSet<&'r str> {
    record
        .iter()
        .flat_map(|f| f.authorities.iter().map(String::as_str))
        .collect()
}

/// The key of `citation` when the record (`known`) does not cite it and it is not about
/// the reconsideration standard itself.
fn new_to_record(known: &BTreeSet<&str>, citation: &Citation) -> Option<String> {
    if matches!(
        citation.kind,
        CitationKind::Record | CitationKind::LocalRule
    ) {
        return None;
    }
    let key = authority_key(citation)?;
    if known.contains(key.as_str()) || STANDARD_RULES.contains(&key.as_str()) {
        return None;
    }
    // A short form with no full cite in this filing ("482 U.S. at 544") matches any case
    // in that volume of the record, and a full cite matches a record that only used the
    // short form.
    let volume = match (citation.kind, &citation.case) {
        (CitationKind::CaseShort, _) if citation.resolves_to().is_none() => Some(key.clone()),
        (CitationKind::Case, Some(parts)) => Some(format!("{} {}", parts.volume, parts.reporter)),
        _ => None,
    };
    if let Some(volume) = volume {
        let prefix = format!("{volume} ");
        if known.contains(volume.as_str()) || known.iter().any(|k| k.starts_with(&prefix)) {
            return None;
        }
    }
    // The circuits' reconsideration cases (research section C) state the standard.
    if authorities::for_identity(&citation.identity).is_some_and(|a| a.kb.starts_with('C')) {
        return None;
    }
    Some(key)
}

/// `cite` for a fix to insert, unless this filing is a motion for reconsideration whose
/// prior record does not cite it: the fix would raise it for the first time (BL201).
pub(crate) fn unless_new_on_reconsideration(cx: &Context, cite: String) -> Option<String> {
    if cx.document.kind != DocKind::Reconsideration || cx.record.is_empty() {
        return Some(cite);
    }
    let known = known_authorities(cx.record);
    let new = crate::citations::recognize(&cite, &[])
        .iter()
        .any(|c| new_to_record(&known, c).is_some());
    (!new).then_some(cite)
}

/// Words that present an authority as decided after the order under reconsideration.
static INTERVENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)(?-u:\b)(?:
        intervening
      | (?:since|after|following)\s+(?:the\s+court's\s+|this\s+court's\s+|that\s+|the\s+|this\s+|our\s+)?(?:order|decision|ruling|opinion|judgment)
      | (?:days?|weeks?|months?)\s+after
      | decided\s+after | issued\s+after | handed\s+down\s+after
      | subsequent(?:ly)?\s+(?:decided|issued|to\s+the\s+(?:court's\s+)?(?:order|decision|ruling))
    )(?-u:\b)").unwrap()
});

/// Whether the paragraph holding `range` presents what it cites as decided after the
/// order being reconsidered.
fn presented_as_intervening(cx: &Context, range: &std::ops::Range<usize>) -> bool {
    cx.structure
        .blocks
        .iter()
        .find(|b| b.range.start <= range.start && range.end <= b.range.end)
        .is_some_and(|b| {
            crate::discovery::find_in(&INTERVENING, cx.text, &b.range, cx.structure).is_some()
        })
}

/// A district's own rule cited by the court's name ("D. Kan. Rule 7.3", "S.D.N.Y. Rule
/// 6.3"): a local rule on reconsideration, which the recognizer may read as a bare
/// federal rule.
static COURT_BEFORE_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\A|[\s(])(?:[NSEWMC]\.\s?)?D\.\s?[A-Z][A-Za-z]{0,5}\.(?:\s?[A-Z][a-z]{0,4}\.)?\s*(?:Civ(?:il|\.)\s*)?\z").unwrap()
});

fn cited_as_local_rule(text: &str, range: &std::ops::Range<usize>) -> bool {
    let mut from = range.start.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let cited = &text[range.clone()];
    (cited.starts_with("Rule") || cited.starts_with("R."))
        && COURT_BEFORE_RULE.is_match(&text[from..range.start])
}

impl Rule for NewAuthorityOnReconsideration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if cx.document.kind != DocKind::Reconsideration || cx.record.is_empty() {
            return;
        }
        let known = known_authorities(cx.record);
        // The last year the record speaks from: a case decided after it could not have
        // been cited then (an intervening change in the law is a proper ground).
        let record_year: Option<u32> = cx
            .record
            .iter()
            .filter_map(|f| f.filed.as_deref()?.get(..4)?.parse().ok())
            .max();
        let mut reported = BTreeSet::new();
        for citation in cx.citations {
            let decided: Option<u32> = citation
                .case
                .as_ref()
                .and_then(|c| c.year.as_deref()?.get(..4)?.parse().ok());
            if let (Some(decided), Some(record)) = (decided, record_year) {
                if decided > record {
                    continue;
                }
            }
            // A case of the record's last year (or of a year the record does not give),
            // offered in a paragraph that presents it as decided after the order: an
            // intervening change in controlling law, a proper ground ("eight days after
            // that decision, the Supreme Court ...").
            if let Some(decided) = decided {
                if record_year.is_none_or(|record| decided >= record)
                    && presented_as_intervening(cx, &citation.range)
                {
                    continue;
                }
            }
            if cx.structure.is_excluded(&citation.range)
                || cited_as_local_rule(cx.text, &citation.range)
            {
                continue;
            }
            let Some(key) = new_to_record(&known, citation) else {
                continue;
            };
            if reported.contains(&key) {
                continue;
            }
            let written = cx.text[citation.range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let what = match (
                citation.kind,
                citation.case.as_ref().and_then(|c| c.name.as_ref()),
            ) {
                (CitationKind::ForeignLaw, _) => display_key(&key),
                (CitationKind::Case, Some(name)) => format!("{name}, {}", citation.identity),
                _ => written,
            };
            let (names, related) = searched(cx);
            let mut finding = Finding::new(
                &META,
                citation.range.clone(),
                format!(
                    "{what} is raised for the first time on reconsideration: it appears nowhere in the prior record ({names}). {}",
                    standard_sentence(cx.record)
                ),
            );
            finding.related = related;
            out.push(finding);
            reported.insert(key);
        }
        // Cases cited by docket number only ("Doe v. Roe, 21-CV-1234 (ABC)"), which
        // the citation recognizer does not read; the record is searched the same way.
        for (range, key) in crate::matter::docket_cases(cx.text, cx.structure, cx.cache) {
            if known.contains(key.as_str()) || !reported.insert(key) {
                continue;
            }
            let written = cx.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let (names, related) = searched(cx);
            let mut finding = Finding::new(
                &META,
                range,
                format!(
                    "{written} is raised for the first time on reconsideration: it appears nowhere in the prior record ({names}). {}",
                    standard_sentence(cx.record)
                ),
            );
            finding.related = related;
            out.push(finding);
        }
    }
}
