//! Hover text and source links for citations and defined terms. Pure: returns Markdown
//! and URLs; the protocol layer decides where to show them.

use super::authorities;
use super::citations::{CaseParts, Citation, CitationKind};
use super::definitions::Definition;
use super::finding::RuleMeta;

/// Percent-encodes a URL path or query component.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// CourtListener's citation lookup for a reporter citation; a search for databases.
fn courtlistener(parts: &CaseParts) -> String {
    if parts.reporter == "WL" || parts.reporter.contains("LEXIS") {
        let cite = format!("\"{} {} {}\"", parts.volume, parts.reporter, parts.page);
        format!("https://www.courtlistener.com/?q={}", encode(&cite))
    } else {
        format!(
            "https://www.courtlistener.com/c/{}/{}/{}/",
            encode(&parts.reporter),
            encode(&parts.volume),
            encode(&parts.page)
        )
    }
}

/// The number of a rule identity: "Fed. R. Civ. P. 34(b)(2)" -> "34".
fn rule_number(identity: &str) -> Option<&str> {
    let rest = identity.rsplit(' ').next()?;
    Some(rest.split('(').next().unwrap_or(rest))
}

/// Where a reader can read the cited authority.
pub fn source_url(citations: &[Citation], citation: &Citation) -> Option<String> {
    let target = citation.resolves_to().map_or(citation, |t| &citations[t]);
    if let Some(authority) = authorities::for_identity(&target.identity) {
        return Some(authority.url.clone());
    }
    let identity = target.identity.as_str();
    match target.kind {
        CitationKind::Rule => {
            let number = rule_number(identity)?;
            let set = if identity.starts_with("Fed. R. Evid.") {
                "fre"
            } else if identity.starts_with("Fed. R. App. P.") {
                "frap"
            } else if identity.starts_with("Fed. R. Crim. P.") {
                "frcrmp"
            } else {
                "frcp"
            };
            Some(format!(
                "https://www.law.cornell.edu/rules/{set}/rule_{number}"
            ))
        }
        CitationKind::Statute => {
            let (title, rest) = identity.split_once(" U.S.C. § ")?;
            let section = rest.split('(').next()?;
            Some(format!(
                "https://www.law.cornell.edu/uscode/text/{title}/{section}"
            ))
        }
        CitationKind::Regulation => {
            let (title, rest) = identity.split_once(" C.F.R. § ")?;
            let section = rest.split('(').next()?;
            Some(format!(
                "https://www.law.cornell.edu/cfr/text/{title}/{section}"
            ))
        }
        CitationKind::Case => target.case.as_deref().map(courtlistener),
        _ => None,
    }
}

/// Markdown for a hover on `citation`.
pub fn citation_markdown(text: &str, citations: &[Citation], citation: &Citation) -> String {
    let written = &text[citation.range.clone()];
    let mut out = String::new();
    let target = match citation.resolves_to() {
        Some(t) => {
            let resolved = &citations[t];
            out.push_str(&format!(
                "`{}` refers to **{}**{}\n\n---\n\n",
                written.trim(),
                resolved.identity,
                citation
                    .pin
                    .as_deref()
                    .map(|p| format!(", at {p}"))
                    .unwrap_or_default()
            ));
            resolved
        }
        None => {
            if matches!(
                citation.kind,
                CitationKind::Id | CitationKind::CaseShort | CitationKind::Supra
            ) {
                return format!(
                    "`{}`: no earlier citation found for it to refer to.",
                    written.trim()
                );
            }
            citation
        }
    };
    let pin = citation.pin.as_deref().or(target.pin.as_deref());
    if let Some(authority) = authorities::for_identity(&target.identity) {
        if authority.cite != target.identity && target.kind != CitationKind::Case {
            out.push_str(&format!("Cited as **{}**.\n\n", target.identity));
        }
        out.push_str(&authorities::hover_markdown(authority, pin));
        return out;
    }
    match target.kind {
        CitationKind::Case => {
            let parts = target.case.clone().unwrap_or_default();
            out.push_str(&format!("**{}**\n\n", target.identity));
            out.push_str("| | |\n|---|---|\n");
            if let Some(name) = &parts.name {
                out.push_str(&format!("| Case | {name} |\n"));
            }
            out.push_str(&format!(
                "| Volume | {} |\n| Reporter | {} |\n| Page | {} |\n",
                parts.volume, parts.reporter, parts.page
            ));
            if let Some(pin) = pin {
                out.push_str(&format!("| Pin | {pin} |\n"));
            }
            if let Some(court) = &parts.court {
                out.push_str(&format!("| Court | {court} |\n"));
            }
            if let Some(year) = &parts.year {
                out.push_str(&format!("| Year | {year} |\n"));
            }
            out.push_str(&format!(
                "\nNot in brieflint's verified knowledge base; read it before relying on it: [CourtListener]({})",
                courtlistener(&parts)
            ));
            if let Some(name) = &parts.name {
                out.push_str(&format!(
                    " ([search CourtListener for the name](https://www.courtlistener.com/?type=o&q={}))",
                    encode(&format!("caseName:({name})"))
                ));
            }
        }
        CitationKind::Record => {
            out.push_str(&format!(
                "**{}**: a citation to the record.",
                target.identity
            ));
        }
        _ => {
            out.push_str(&format!(
                "**{}**\n\nNot in brieflint's verified knowledge base.",
                target.identity
            ));
            if let Some(url) = source_url(citations, target) {
                out.push_str(&format!(" [Read it]({url})"));
            }
        }
    }
    out
}

/// Markdown for a hover on a defined term.
pub fn definition_markdown(text: &str, definition: &Definition) -> String {
    format!(
        "**\"{}\"** is defined as:\n\n> {}\n\nUsed {} time{}.",
        definition.term,
        text[definition.sentence.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        definition.uses.len(),
        if definition.uses.len() == 1 { "" } else { "s" }
    )
}

/// How a hover links to a rule's full documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleDocLink {
    /// A `command:` link to the editor's "Show Rule Documentation" command (the VS Code
    /// extension trusts exactly that command in hovers and says so at initialize).
    Command,
    /// Clients that cannot run a command from a hover: name the CLI command instead.
    Cli,
}

/// The first sentence (or two, if the first is very short) of a section of a rule's documentation ("## Why courts care").
fn first_sentence_of(doc: &str, heading: &str) -> Option<String> {
    let start = doc.find(heading)? + heading.len();
    let rest = &doc[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let paragraph = rest[..end].trim().split("\n\n").next()?.trim();
    // A very short first sentence ("They don't: ...") reads better with the next one.
    let mut end = 0;
    for sentence in super::sentences::split(paragraph, 0..paragraph.len()) {
        end = sentence.end;
        if end >= 80 {
            break;
        }
    }
    let sentence = paragraph[..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!sentence.is_empty()).then_some(sentence)
}

/// The hover on a diagnostic's span, or on a rule code written in the text: the rule's
/// code, name and summary, why courts care in one sentence, and links to the primary
/// authority and to the full documentation. The diagnostic's own message is not
/// repeated: editors show it with the hover already.
pub fn rule_markdown(meta: &RuleMeta, link: RuleDocLink) -> String {
    let doc = meta.doc_markdown();
    let mut out = format!("**{} {}**: {}\n\n", meta.code, meta.name, meta.summary);
    if let Some(why) = first_sentence_of(&doc, "## Why courts care") {
        out.push_str(&why);
        out.push_str("\n\n");
    }
    let mut links = Vec::new();
    if let Some(primary) = meta.authorities.first().and_then(|id| authorities::get(id)) {
        links.push(format!("[{}]({})", primary.cite, primary.url));
    }
    links.push(match link {
        RuleDocLink::Command => format!(
            "[Full documentation](command:brieflint.showRuleDocumentation?{})",
            encode(&format!("[\"{}\"]", meta.code))
        ),
        RuleDocLink::Cli => format!("Full documentation: `brieflint rules {}`", meta.code),
    });
    out.push_str(&links.join(" · "));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citations::recognize;

    fn hover(text: &str, index: usize) -> String {
        let citations = recognize(text, &[]);
        citation_markdown(text, &citations, &citations[index])
    }

    #[test]
    fn known_authorities_show_verified_text_and_source() {
        let h = hover("See Fed. R. Civ. P. 34(b)(2)(B).", 0);
        assert!(
            h.contains("state with specificity the grounds for objecting"),
            "{h}"
        );
        assert!(h.contains("https://www.law.cornell.edu/rules/frcp/rule_34"));
        assert!(hover("482 U.S. 522, 544", 0).contains("Aérospatiale"));
        assert!(hover("PIPL art. 41", 0).contains("Personal Information Protection Law"));
        let h = hover("Pursuant to 28 U.S.C. § 1746, I declare", 0);
        assert!(
            h.contains("unsworn declaration") && h.contains("uscode/text/28/1746"),
            "{h}"
        );
    }

    #[test]
    fn hovers_say_how_the_entry_was_verified_in_plain_words() {
        let rule = hover("See Fed. R. Civ. P. 34(b)(2)(C).", 0);
        assert!(
            rule.contains("Text checked against the official rule ([source]("),
            "{rule}"
        );
        let case = hover("482 U.S. 522, 544", 0);
        assert!(
            case.contains("Summary from secondary sources; read the opinion before relying on it."),
            "{case}"
        );
        let order = hover(
            "Buan, No. 19 CV 2648, 2022 WL 602485 (N.D. Ill. Mar. 1, 2022)",
            0,
        );
        assert!(
            order.contains("Summary checked against the opinion ([source]("),
            "{order}"
        );
        let appeal = hover(
            "Gucci Am., Inc. v. Bank of China, 768 F.3d 122 (2d Cir. 2014)",
            0,
        );
        assert!(
            appeal.contains("**Subsequent history:** On remand"),
            "{appeal}"
        );
        for h in [rule, case, order, appeal] {
            assert!(
                !h.contains("V-primary") && !h.contains("V-secondary"),
                "{h}"
            );
        }
    }

    #[test]
    fn unknown_cases_show_parts_and_a_lookup_link_only() {
        let h = hover("Smith v. Jones, 123 F.3d 456, 460 (9th Cir. 1999)", 0);
        assert!(h.contains("| Case | Smith v. Jones |"), "{h}");
        assert!(h.contains("| Court | 9th Cir. |"));
        assert!(h.contains("https://www.courtlistener.com/c/F.3d/123/456/"));
        let h = hover(
            "Smith v. Jones, 123 F.3d 456 (9th Cir. 1999). Id. at 460.",
            1,
        );
        assert!(
            h.starts_with("`Id. at 460` refers to **123 F.3d 456**, at 460"),
            "{h}"
        );
    }

    #[test]
    fn a_case_outside_the_knowledge_base_shows_parts_and_searches_never_a_holding() {
        let text =
            "See Doe v. Roe Holdings, Inc., 2019 WL 1234567, at *3 (S.D.N.Y. Feb. 28, 2019).";
        let citations = recognize(text, &[]);
        let offset = text.find("Roe").unwrap();
        let (citation, range) = crate::citations::citation_at(&citations, offset).unwrap();
        assert_eq!(&text[range], "Doe v. Roe Holdings, Inc.");
        let h = citation_markdown(text, &citations, citation);
        assert!(h.contains("| Case | Doe v. Roe Holdings, Inc. |"), "{h}");
        assert!(h.contains("| Court | S.D.N.Y. |"), "{h}");
        assert!(
            h.contains(
                "https://www.courtlistener.com/?type=o&q=caseName%3A%28Doe%20v.%20Roe%20Holdings%2C%20Inc.%29"
            ),
            "{h}"
        );
        assert!(
            h.contains("Not in brieflint's verified knowledge base"),
            "{h}"
        );
        assert!(!h.to_lowercase().contains("held"), "{h}");
    }
}

#[cfg(test)]
mod rule_hover_tests {
    use super::{rule_markdown, RuleDocLink};
    use crate::rules;

    #[test]
    fn every_rule_hover_is_short_and_has_no_headings() {
        for rule in rules::all() {
            let meta = rule.meta();
            let hover = rule_markdown(meta, RuleDocLink::Cli);
            assert!(
                hover.starts_with(&format!("**{} {}**: ", meta.code, meta.name)),
                "{hover}"
            );
            assert!(
                !hover.contains("\n#"),
                "{}: headings in the hover",
                meta.code
            );
            assert!(hover.len() < 1200, "{}: {} bytes", meta.code, hover.len());
            assert!(
                hover.ends_with(&format!(
                    "Full documentation: `brieflint rules {}`",
                    meta.code
                )),
                "{hover}"
            );
        }
    }

    #[test]
    fn the_why_is_the_first_sentence_of_why_courts_care() {
        let meta = rules::lookup("BL101").unwrap();
        let hover = rule_markdown(meta, RuleDocLink::Command);
        assert!(
            hover.contains("\n\nSince December 1, 2015, Rule 34(b)(2)(B) requires"),
            "{hover}"
        );
        // One sentence: the next one ("Courts call the bare labels...") is left to the full doc.
        assert!(!hover.contains("Courts call the bare labels"), "{hover}");
        assert!(
            hover.contains("[Fed. R. Civ. P. 34(b)(2)(B)](https://"),
            "{hover}"
        );
        assert!(
            hover.ends_with(
                "[Full documentation](command:brieflint.showRuleDocumentation?%5B%22BL101%22%5D)"
            ),
            "{hover}"
        );
    }
}
