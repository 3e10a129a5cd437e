//! What an editor asks of an analysis, as plain functions: what is under the cursor and
//! what its hover says, which defined term a position is in, whether a new name for a
//! term is acceptable and what renaming it changes, where links go, which findings a
//! code action is for, and how outline entries are named.
//! The language server only converts positions and wraps these in LSP types.

use crate::citations::{self, Citation};
use crate::definitions::Definition;
use crate::finding::{Edit, Finding, RuleMeta};
pub use crate::hover::RuleDocLink;
use crate::outline::Symbol;
use crate::{hover, rules, text, Analysis};
use std::ops::Range;

/// What the cursor is on, most specific first: a citation (or a case's name before it),
/// a defined term, a finding's span, a rule code written in the text.
#[derive(Debug)]
pub enum Target<'a> {
    Citation(&'a Citation),
    Term(&'a Definition),
    Finding(&'a Finding),
    RuleCode(&'static RuleMeta),
}

/// The thing under `offset` in `text` (analyzed as `analysis`) and the range it spans.
pub fn target_at<'a>(
    analysis: &'a Analysis,
    text: &str,
    offset: usize,
) -> Option<(Target<'a>, Range<usize>)> {
    // (On a case's name too: "Fischer v. Forrest", "Fischer, 2017 WL 773694".)
    if let Some((citation, range)) = citations::citation_at(&analysis.citations, offset) {
        return Some((Target::Citation(citation), range));
    }
    if let Some((definition, range)) = term_at(&analysis.definitions, offset) {
        return Some((Target::Term(definition), range));
    }
    if let Some(finding) = analysis.findings.iter().find(|f| covers(f, offset)) {
        return Some((Target::Finding(finding), finding.range.clone()));
    }
    let word = text::run_around(text, offset, |c| c.is_ascii_alphanumeric());
    let written = &text[word.clone()];
    rules::lookup(written)
        .filter(|meta| meta.code == written)
        .map(|meta| (Target::RuleCode(meta), word))
}

/// The hover for what is under `offset`, as Markdown, and the range it covers. On a
/// finding's span: each rule that flagged it, briefly (the editor shows the messages
/// with the hover already), with `link` to each rule's full documentation.
pub fn hover_at(
    analysis: &Analysis,
    text: &str,
    offset: usize,
    link: RuleDocLink,
) -> Option<(String, Range<usize>)> {
    let Some((target, range)) = target_at(analysis, text, offset) else {
        // On the certificate of compliance: the count it should state.
        let length = analysis.length.as_ref()?;
        let certificate = length
            .certificate
            .clone()
            .filter(|c| c.start <= offset && offset < c.end)?;
        return Some((length.hover_markdown(), certificate));
    };
    let markdown = match target {
        Target::Citation(citation) => hover::citation_markdown(text, &analysis.citations, citation),
        Target::Term(definition) => hover::definition_markdown(text, definition),
        Target::Finding(_) => {
            let mut codes: Vec<&'static str> = Vec::new();
            analysis
                .findings
                .iter()
                .filter(|f| covers(f, offset))
                .filter(|f| {
                    let new = !codes.contains(&f.rule.code);
                    codes.push(f.rule.code);
                    new
                })
                .map(|f| {
                    let rule = hover::rule_markdown(f.rule, link);
                    // A length rule's finding: how the count was made (BL701-BL703).
                    match (&analysis.length, f.rule.code.starts_with("BL70")) {
                        (Some(length), true) => format!("{rule}\n\n{}", length.hover_markdown()),
                        _ => rule,
                    }
                })
                .collect::<Vec<_>>()
                .join("\n\n---\n\n")
        }
        Target::RuleCode(meta) => hover::rule_markdown(meta, link),
    };
    Some((markdown, range))
}

/// Whether `finding`'s span holds `offset` (an empty span holds the offset it is at).
fn covers(finding: &Finding, offset: usize) -> bool {
    finding.range.start <= offset && offset < finding.range.end.max(finding.range.start + 1)
}

/// The defined term at `offset` (its definition or a use, ends included), with the
/// range of the occurrence the offset is in.
pub fn term_at(definitions: &[Definition], offset: usize) -> Option<(&Definition, Range<usize>)> {
    let inside = |r: &&Range<usize>| r.start <= offset && offset <= r.end;
    definitions.iter().find_map(|d| {
        std::iter::once(&d.term_range)
            .chain(&d.uses)
            .find(inside)
            .map(|r| (d, r.clone()))
    })
}

/// Why a new name for a defined term is refused.
pub const INVALID_TERM_NAME: &str =
    "a defined term cannot be empty or contain quotation marks or line breaks";

/// A defined term's new name, trimmed, or why it cannot be one: it goes inside the
/// definition's quotation marks and replaces every use.
pub fn valid_term_name(new_name: &str) -> Result<String, &'static str> {
    let name = new_name.trim();
    if name.is_empty() || name.contains(['"', '“', '”', '\n', '\r']) {
        return Err(INVALID_TERM_NAME);
    }
    Ok(name.to_string())
}

/// The edits that rename `definition` to `new_name`: its definition and every use.
pub fn rename_edits(definition: &Definition, new_name: &str) -> Vec<Edit> {
    std::iter::once(&definition.term_range)
        .chain(&definition.uses)
        .map(|range| Edit {
            range: range.clone(),
            new_text: new_name.to_string().into(),
        })
        .collect()
}

/// A link in the text: the range to underline, where it leads, and the citation it is for.
#[derive(Debug)]
pub struct Link<'a> {
    pub range: Range<usize>,
    pub url: String,
    pub citation: &'a Citation,
}

/// The links in a document: one on each citation whose source a reader can open, and one
/// on a case's name before it ("Fischer v. Forrest, 2017 WL ..."), to the same place.
pub fn links(citations: &[Citation]) -> Vec<Link<'_>> {
    citations
        .iter()
        .filter_map(|c| Some((c, hover::source_url(citations, c)?)))
        .flat_map(|(citation, url)| {
            std::iter::once(citation.range.clone())
                .chain(citation.name_range())
                .map(move |range| Link {
                    range,
                    url: url.clone(),
                    citation,
                })
        })
        .collect()
}

/// The findings a code action over `range` offers fixes for: those whose span touches
/// it, ends included (a cursor at either end of a finding is on it).
pub fn findings_touching(
    findings: &[Finding],
    range: Range<usize>,
) -> impl Iterator<Item = &Finding> {
    findings
        .iter()
        .filter(move |f| f.range.start <= range.end && range.start <= f.range.end)
}

/// How an outline entry is shown: its name, or "(untitled)" for an empty heading.
pub fn symbol_name(symbol: &Symbol) -> String {
    if symbol.name.is_empty() {
        "(untitled)".to_string()
    } else {
        symbol.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const TEXT: &str = "Acme Corporation (\"Acme\") objects. See Fed. R. Civ. P. 34(b)(2)(C). Acme answers. BL101 applies.\n";

    fn analysis() -> Analysis {
        crate::analyze_document(TEXT, &Config::default())
    }

    fn at(needle: &str) -> usize {
        TEXT.find(needle).unwrap()
    }

    #[test]
    fn a_citation_wins_then_a_term_then_a_rule_code() {
        let analysis = analysis();
        let (target, range) = target_at(&analysis, TEXT, at("Civ.")).unwrap();
        assert!(matches!(target, Target::Citation(_)), "{target:?}");
        assert_eq!(&TEXT[range], "Fed. R. Civ. P. 34(b)(2)(C)");
        let (target, range) = target_at(&analysis, TEXT, at("Acme answers") + 2).unwrap();
        assert!(
            matches!(target, Target::Term(d) if d.term == "Acme"),
            "{target:?}"
        );
        assert_eq!(range.start, at("Acme answers"));
        let (target, range) = target_at(&analysis, TEXT, at("BL101") + 1).unwrap();
        assert!(matches!(target, Target::RuleCode(m) if m.code == "BL101"));
        assert_eq!(&TEXT[range], "BL101");
        assert!(target_at(&analysis, TEXT, at("applies")).is_none());
        let (markdown, _) = hover_at(&analysis, TEXT, at("BL101"), RuleDocLink::Cli).unwrap();
        assert!(
            markdown.starts_with("**BL101 boilerplate-objection**"),
            "{markdown}"
        );
    }

    #[test]
    fn terms_are_found_at_either_end_of_an_occurrence() {
        let analysis = analysis();
        let definition = &analysis.definitions[0];
        let end = definition.term_range.end;
        assert_eq!(
            term_at(&analysis.definitions, end).unwrap().1,
            definition.term_range
        );
        assert!(term_at(&analysis.definitions, at("objects")).is_none());
    }

    #[test]
    fn renaming_checks_the_name_and_changes_every_occurrence() {
        assert_eq!(valid_term_name("  Acme Corp "), Ok("Acme Corp".to_string()));
        for bad in ["", "  ", "say \"x\"", "“x”", "a\nb"] {
            assert_eq!(valid_term_name(bad), Err(INVALID_TERM_NAME), "{bad:?}");
        }
        let analysis = analysis();
        let edits = rename_edits(&analysis.definitions[0], "Acme Corp");
        assert_eq!(edits.len(), 1 + analysis.definitions[0].uses.len());
        assert!(edits.iter().all(|e| &TEXT[e.range.clone()] == "Acme"));
    }

    #[test]
    fn links_go_on_citations_and_on_case_names_to_the_same_place() {
        let text = "Under Société Nationale Industrielle Aérospatiale v. U.S. Dist. Ct., 482 U.S. 522, 544 (1987), and Fed. R. Civ. P. 34, production follows. In re Nowhere, 5 Unk. Rep. 7 (1999).\n";
        let analysis = crate::analyze_document(text, &Config::default());
        let links = links(&analysis.citations);
        let written: Vec<(&str, &str)> = links
            .iter()
            .map(|l| (&text[l.range.clone()], l.url.as_str()))
            .collect();
        let rule = "https://www.law.cornell.edu/rules/frcp/rule_34";
        assert!(
            written.contains(&("Fed. R. Civ. P. 34", rule)),
            "{written:?}"
        );
        let case = written
            .iter()
            .find(|(w, _)| w.starts_with("482 U.S. 522"))
            .expect("a link on the case citation");
        assert!(
            case.1.contains("courtlistener.com/c/U.S./482/522/"),
            "{case:?}"
        );
        let name = written
            .iter()
            .find(|(w, _)| w.contains("Aérospatiale"))
            .expect("a link on the case's name");
        assert_eq!(name.1, case.1);
        assert!(
            written
                .iter()
                .all(|(w, _)| !w.contains("Nowhere") && !w.contains("Unk.")),
            "no link where no source is known: {written:?}"
        );
    }

    #[test]
    fn code_actions_are_for_findings_touching_the_range_ends_included() {
        let text = "REQUEST FOR PRODUCTION NO. 1: x\n\nRESPONSE: Acme objects to this Request as overly broad because it is not reasonably calculated to lead to the discovery of admissible evidence. It will produce its contracts.\n\nSigned.\n";
        let analysis = crate::analyze_document(text, &Config::default());
        let finding = analysis.findings.first().expect("a boilerplate objection");
        let span = finding.range.clone();
        assert!(span.start > 1 && span.end + 1 < text.len(), "{span:?}");
        let touching = |range: Range<usize>| {
            findings_touching(&analysis.findings, range).any(|f| std::ptr::eq(f, finding))
        };
        assert!(touching(span.clone()));
        assert!(touching(span.start..span.start));
        assert!(touching(span.end..span.end));
        assert!(!touching(0..span.start - 1));
        assert!(!touching(span.end + 1..text.len()));
    }

    #[test]
    fn untitled_headings_are_named() {
        let text = "#\n\ntext\n\n# Argument\n";
        let analysis = crate::analyze_document(text, &Config::default());
        let names: Vec<String> = analysis.outline.iter().map(symbol_name).collect();
        assert_eq!(names, ["(untitled)", "Argument"]);
    }
}
