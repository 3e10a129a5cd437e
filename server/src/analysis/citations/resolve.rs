//! `Id.`, short forms and `supra` resolved to the citation they refer to.

use super::{Citation, CitationKind};

/// Resolves `Id.`, short forms and `supra` to the authority they refer to.
pub(super) fn resolve(text: &str, citations: &mut [Citation]) {
    for i in 0..citations.len() {
        match citations[i].kind {
            CitationKind::Id => {
                // The immediately preceding authority (record cites included).
                if let Some(prev) = (0..i).rev().find(|&j| {
                    citations[j].kind != CitationKind::Supra || citations[j].resolves_to.is_some()
                }) {
                    let target = citations[prev].resolves_to.unwrap_or(prev);
                    citations[i].resolves_to = Some(target);
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
                    citations[i].resolves_to = Some(target);
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
                    citations[i].resolves_to = Some(target);
                    citations[i].identity = citations[target].identity.clone();
                }
            }
            _ => {}
        }
    }
}
