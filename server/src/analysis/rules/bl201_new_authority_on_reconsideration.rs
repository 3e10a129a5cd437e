use super::{Context, Rule};
use crate::analysis::authorities;
use crate::analysis::citations::CitationKind;
use crate::analysis::document::DocKind;
use crate::analysis::finding::{Finding, Related, RuleMeta};
use crate::analysis::matter::authority_key;
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it flags
    /// In a motion for reconsideration, a statute, foreign law, rule or case that
    /// appears nowhere in the prior record: the filings named in the front matter's
    /// `prior`, or else every earlier filing in the matter's folder. Each authority is
    /// flagged at its first use; `DSL art. 36`, `Article 36 of the Data Security Law` and
    /// `the Data Security Law` count as one. Authorities about the reconsideration
    /// standard itself (Rules 54(b), 59(e) and 60(b), local rules, the circuits'
    /// reconsideration cases) are not new.
    ///
    /// ## Why courts care
    /// Reconsideration corrects manifest errors of law or fact or presents newly
    /// discovered evidence; it is not a vehicle for arguments that could have been made
    /// before the order was entered (Publishers Resource v. Walker-Davis; Exxon Shipping
    /// v. Baker, 554 U.S. at 485 n.5). In the Philips order, the court held that the
    /// defendants improperly raised the Data Security Law for the first time on
    /// reconsideration, and denied the motion.
    ///
    /// ## Example
    /// ```markdown
    /// Production would also violate Article 36 of the Data Security Law.
    /// ```
    ///
    /// ## Fix
    /// Drop the new authority, or show why the argument could not have been made before
    /// (an intervening change in controlling law).
    ///
    /// ## Authorities
    /// - Publishers Resource, Inc. v. Walker-Davis Publications, Inc., 762 F.2d 557, 561 (7th Cir. 1985)
    /// - Exxon Shipping Co. v. Baker, 554 U.S. 471, 485 n.5 (2008)
    /// - Fed. R. Civ. P. 54(b)
    pub struct NewAuthorityOnReconsideration {
        code: "BL201",
        name: "new-authority-on-reconsideration",
        severity: Warning,
        summary: "Authority cited for the first time in a motion for reconsideration",
        authorities: ["publishers-resource-v-walker-davis", "exxon-v-baker", "frcp-54-b"],
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

impl Rule for NewAuthorityOnReconsideration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if cx.document.kind != DocKind::Reconsideration || cx.record.is_empty() {
            return;
        }
        let known: BTreeSet<&str> = cx
            .record
            .iter()
            .flat_map(|f| f.authorities.iter().map(String::as_str))
            .collect();
        let mut reported = BTreeSet::new();
        for citation in cx.citations {
            if matches!(
                citation.kind,
                CitationKind::Record | CitationKind::LocalRule
            ) || cx.structure.is_excluded(&citation.range)
            {
                continue;
            }
            let Some(key) = authority_key(citation) else {
                continue;
            };
            if known.contains(key.as_str())
                || STANDARD_RULES.contains(&key.as_str())
                || reported.contains(&key)
            {
                continue;
            }
            // A short form with no full cite in this filing ("482 U.S. at 544") matches
            // any case in that volume of the record, and a full cite matches a record
            // that only used the short form.
            let volume = match (citation.kind, &citation.case) {
                (CitationKind::CaseShort, _) if citation.resolves_to.is_none() => Some(key.clone()),
                (CitationKind::Case, Some(parts)) => {
                    Some(format!("{} {}", parts.volume, parts.reporter))
                }
                _ => None,
            };
            if let Some(volume) = volume {
                let prefix = format!("{volume} ");
                if known.contains(volume.as_str()) || known.iter().any(|k| k.starts_with(&prefix)) {
                    continue;
                }
            }
            // The circuits' reconsideration cases (research section C) state the standard.
            if authorities::for_identity(&citation.identity).is_some_and(|a| a.kb.starts_with('C'))
            {
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
                format!("{what} is raised for the first time on reconsideration: it appears nowhere in the prior record ({names})"),
            );
            finding.related = related;
            out.push(finding);
            reported.insert(key);
        }
    }
}
