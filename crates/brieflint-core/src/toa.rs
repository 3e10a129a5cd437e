//! The table of authorities: every authority cited, where, and how often.

use super::authorities;
use super::citations::{Citation, CitationKind};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub group: &'static str,
    pub authority: String,
    /// One-based line numbers of every citation, short form and `Id.` to it.
    pub lines: Vec<usize>,
    pub count: usize,
    /// Whether brieflint's verified knowledge base has it.
    pub verified: bool,
}

const GROUP_ORDER: &[&str] = &[
    "Cases",
    "Rules",
    "Local rules",
    "Statutes",
    "Regulations",
    "Restatements",
    "Foreign laws",
    "Record",
];

pub fn entries(text: &str, citations: &[Citation]) -> Vec<Entry> {
    let mut by_key: BTreeMap<(usize, String), Entry> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for citation in citations {
        if let (CitationKind::Case, Some(parts)) = (citation.kind, &citation.case) {
            if let Some(name) = &parts.name {
                names
                    .entry(citation.identity.clone())
                    .or_insert_with(|| name.clone());
            }
        }
    }
    let (mut line, mut counted_to) = (1, 0);
    for citation in citations {
        if citation.identity.is_empty() {
            continue;
        }
        let kind = match citation.resolves_to() {
            Some(target) => citations[target].kind,
            None => citation.kind,
        };
        let group = kind.label();
        let order = GROUP_ORDER
            .iter()
            .position(|g| *g == group)
            .unwrap_or(GROUP_ORDER.len());
        let known = authorities::for_identity(&citation.identity);
        let display = match (kind, names.get(&citation.identity), known) {
            (CitationKind::Case, Some(name), _) => format!("{name}, {}", citation.identity),
            (_, _, Some(a)) if kind != CitationKind::Case => a.cite.clone(),
            _ => citation.identity.clone(),
        };
        // Lines counted from the previous citation on (citations are in order):
        // counting from the top for each was quadratic.
        let start = citation.range.start;
        if start < counted_to {
            (line, counted_to) = (1, 0);
        }
        line += text[counted_to..start].matches('\n').count();
        counted_to = start;
        let entry = by_key
            .entry((order, citation.identity.clone()))
            .or_insert_with(|| Entry {
                group,
                authority: display,
                lines: Vec::new(),
                count: 0,
                verified: known.is_some(),
            });
        entry.count += 1;
        if entry.lines.last() != Some(&line) {
            entry.lines.push(line);
        }
    }
    let mut entries: Vec<Entry> = by_key.into_values().collect();
    entries.sort_by(|a, b| {
        let ga = GROUP_ORDER.iter().position(|g| *g == a.group);
        let gb = GROUP_ORDER.iter().position(|g| *g == b.group);
        ga.cmp(&gb)
            .then_with(|| a.authority.to_lowercase().cmp(&b.authority.to_lowercase()))
    });
    entries
}

/// The table as Markdown.
pub fn markdown(entries: &[Entry]) -> String {
    if entries.is_empty() {
        return "# Table of Authorities\n\nNo authorities cited.\n".to_string();
    }
    let mut out = String::from("# Table of Authorities\n");
    let mut group = "";
    for entry in entries {
        if entry.group != group {
            group = entry.group;
            out.push_str(&format!("\n## {group}\n\n"));
        }
        let lines: Vec<String> = entry.lines.iter().map(usize::to_string).collect();
        out.push_str(&format!(
            "- {}{} (cited {}×; line{} {})\n",
            entry.authority,
            if entry.verified {
                ""
            } else {
                " [not in knowledge base]"
            },
            entry.count,
            if entry.lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        ));
    }
    out
}
