//! `Id.`, short forms and `supra` resolved to the citation they refer to.

use super::{Citation, CitationKind};

/// "Restatement § 442" after "Restatement (Third) of Foreign Relations Law § 441": the
/// Restatement cited before it (in full, or short and already resolved).
pub(super) fn restatements(citations: &mut [Citation]) {
    let mut base: Option<String> = None;
    for citation in citations.iter_mut() {
        if citation.kind != CitationKind::Restatement {
            continue;
        }
        match citation
            .identity
            .strip_prefix(super::statutes::SHORT_RESTATEMENT)
        {
            Some(section) => {
                if let Some(base) = &base {
                    citation.identity = format!("{base} § {section}");
                }
            }
            None => {
                base = citation.identity.split(" §").next().map(str::to_string);
            }
        }
    }
}

/// Resolves `Id.`, short forms and `supra` to the authority they refer to.
pub(super) fn resolve(text: &str, citations: &mut [Citation]) {
    for i in 0..citations.len() {
        match citations[i].kind {
            CitationKind::Id => {
                // The immediately preceding authority (record cites included).
                if let Some(prev) = (0..i).rev().find(|&j| {
                    citations[j].kind != CitationKind::Supra || citations[j].resolves_to().is_some()
                }) {
                    let target = citations[prev].resolves_to().unwrap_or(prev);
                    citations[i].resolve_to(target);
                    citations[i].identity = citations[target].identity.clone();
                }
            }
            CitationKind::CaseShort => {
                let key = citations[i].identity.clone();
                if let Some(target) = (0..i).rev().find(|&j| {
                    citations[j].kind == CitationKind::Case
                        && citations[j]
                            .case
                            .as_ref()
                            .is_some_and(|c| format!("{} {}", c.volume, c.reporter) == key)
                }) {
                    citations[i].resolve_to(target);
                    citations[i].identity = citations[target].identity.clone();
                }
            }
            CitationKind::Supra => {
                // "Aerospatiale, supra": the latest earlier case whose name has that word.
                let name = text[citations[i].range.clone()]
                    .split([',', ' '])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                if let Some(target) = (0..i).rev().find(|&j| {
                    citations[j].kind == CitationKind::Case
                        && citations[j]
                            .case
                            .as_ref()
                            .and_then(|c| c.name.as_ref())
                            .is_some_and(|n| n.contains(&name))
                }) {
                    citations[i].resolve_to(target);
                    citations[i].identity = citations[target].identity.clone();
                }
            }
            _ => {}
        }
    }
}

/// The short name written before a citation ("Fischer, 2017 WL 773694, at *3",
/// "Aerospatiale, 482 U.S. at 544"): up to four capitalized words, each part of the full
/// name the citation refers to.
fn short_name_before(text: &str, at: usize, full_name: &str) -> Option<std::ops::Range<usize>> {
    let before = text[..at].trim_end().strip_suffix(',')?;
    let before = before.trim_end_matches(['*', '_']);
    let end = before.len();
    let mut start = end;
    for _ in 0..4 {
        let head = before[..start].trim_end();
        if head.len() == start && start != end {
            break;
        }
        let word_start = head
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '[' | '*' | '_' | ';'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &head[word_start..];
        let capital = word.starts_with(|c: char| c.is_uppercase());
        if word.is_empty() || !capital || !full_name.contains(word) {
            break;
        }
        start = word_start;
    }
    (start < end).then_some(start..end)
}

/// Names on later citations of a case: the full name a citation without one shares with
/// an earlier citation of the same case, and the short name written before it.
pub(super) fn names(text: &str, citations: &mut [Citation]) {
    // The latest citation of each case that has its full name (a map, not a search
    // backwards: a long brief has thousands of citations).
    let mut named: rustc_hash::FxHashMap<String, usize> = Default::default();
    for i in 0..citations.len() {
        let target = match citations[i].kind {
            CitationKind::CaseShort => citations[i].resolves_to(),
            CitationKind::Case => {
                if citations[i].case.as_ref().is_some_and(|c| c.name.is_some()) {
                    named.insert(citations[i].identity.clone(), i);
                    None
                } else {
                    named.get(&citations[i].identity).copied()
                }
            }
            _ => None,
        };
        let Some(target) = target else { continue };
        let Some(full) = citations[target].case.as_ref().and_then(|c| c.name.clone()) else {
            continue;
        };
        if citations[i].kind == CitationKind::Case {
            if let Some(parts) = citations[i].case.as_mut() {
                parts.name = Some(full.clone());
            }
        }
        let earlier_end = if i > 0 { citations[i - 1].range.end } else { 0 };
        if let Some(range) = short_name_before(text, citations[i].range.start, &full) {
            if range.start >= earlier_end {
                citations[i].set_name_range(Some(range));
            }
        }
    }
}
