//! Foreign laws cited by name and article (PIPL, the Data Security Law, the French
//! blocking statute, Swiss Criminal Code art. 271...): their spellings and the builder
//! that gives each citation its identity.

use super::*;
use crate::authorities;

/// The optional "China's", "Chinese", "PRC" before a PRC law's name (`{prc}` in the data).
const PRC_BEFORE: &str = r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?";
/// The optional "of the People's Republic of China" after it (`{of-the-prc}`).
const PRC_AFTER: &str =
    r"(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?";

/// One recognizer row per foreign law of the authorities data (`[[foreign_law]]`):
/// the law's identity, its prefilter words and the pattern of its names (articles are
/// added by the caller).
pub(super) fn foreign_law_rows() -> impl Iterator<Item = (&'static str, Vec<&'static str>, String)>
{
    authorities::foreign_laws().iter().map(|law| {
        let names = law.names.iter().map(|n| {
            n.replace("{prc}", PRC_BEFORE)
                .replace("{of-the-prc}", PRC_AFTER)
        });
        let abbreviations = law
            .abbreviations
            .iter()
            .map(|a| format!(r"(?-u:\b){}(?-u:\b)", regex::escape(a)));
        let pattern = names.chain(abbreviations).collect::<Vec<_>>().join("|");
        let needles = law.needles.iter().map(String::as_str).collect();
        (law.identity.as_str(), needles, pattern)
    })
}

pub(super) const ARTICLE: &str = r"(?:Articles?|Arts?\.|arts?\.|articles?)\s*(?P<article>[0-9]{1,3})(?P<artsub>(?:\s*\([0-9]{1,2}\)|\s*\([a-z]\))*)(?P<bis>\s+bis)?";

/// The law a foreign-law citation's identity names: "DSL art. 36" -> "DSL", "GSSL art. 9
/// (2010 rev.)" -> "GSSL".
pub fn foreign_law_of(identity: &str) -> &str {
    let law = identity.split(" art.").next().unwrap_or(identity);
    law.trim_end_matches(" (2010 rev.)")
        .trim_end_matches(" (2024 rev.)")
}

/// A foreign law's name for prose, from a citation identity ("DSL art. 36" -> "the Data
/// Security Law"), so that inserted text never uses an abbreviation the filing has not
/// defined.
pub fn foreign_law_name(identity: &str) -> String {
    let law = foreign_law_of(identity);
    authorities::foreign_laws()
        .iter()
        .find(|l| l.identity == law)
        .map_or_else(|| format!("the {law}"), |l| l.name.clone())
}

pub(super) fn build_foreign_law(
    cx: &Ctx,
    c: &Captures,
    law: &'static str,
    out: &mut Vec<Citation>,
) {
    let text = cx.text;
    let start = c.get(0).unwrap().start();
    let before = &text[text[..start]
        .char_indices()
        .rev()
        .nth(24)
        .map_or(0, |(i, _)| i)..start];
    // The abbreviation being defined ("the Data Security Law (“DSL”)") and the title of
    // a translation are not further citations of the law.
    if before.ends_with("(\"") || before.ends_with("(“") || before.contains("Translation:") {
        return;
    }
    let article = c.name("article").or(c.name("article2"));
    let bis = c.name("bis").or(c.name("bis2")).is_some();
    let sub = c
        .name("artsub")
        .or(c.name("artsub2"))
        .map(|s| {
            s.as_str()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        })
        .unwrap_or_default();
    let version = c
        .name("version")
        .or(c.name("version1"))
        .map(|v| format!(" ({} rev.)", v.as_str()))
        .unwrap_or_default();
    let identity = match article {
        Some(a) => format!(
            "{law} art. {}{}{}{version}",
            a.as_str(),
            if bis { " bis" } else { "" },
            sub
        ),
        None => format!("{law}{version}"),
    };
    out.push(citation(
        CitationKind::ForeignLaw,
        identity,
        c.get(0).unwrap().range(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The foreign laws each `foreign-law` authority's own citation is recognized as.
    fn laws_cited_by(authority: &authorities::Authority) -> Vec<String> {
        recognize(&authority.cite, &[])
            .into_iter()
            .filter(|c| c.kind == CitationKind::ForeignLaw)
            .map(|c| foreign_law_of(&c.identity).to_string())
            .collect()
    }

    #[test]
    fn every_recognized_foreign_law_has_an_authority() {
        let foreign_authorities: Vec<_> = authorities::all()
            .iter()
            .filter(|a| a.kind == "foreign-law")
            .collect();
        for law in authorities::foreign_laws() {
            assert!(
                foreign_authorities
                    .iter()
                    .any(|a| laws_cited_by(a).contains(&law.identity)),
                "the foreign law {} is recognized but no foreign-law authority's citation is recognized as it",
                law.identity
            );
        }
    }

    #[test]
    fn every_foreign_law_authority_is_a_recognized_law() {
        let known: Vec<&str> = authorities::foreign_laws()
            .iter()
            .map(|l| l.identity.as_str())
            .collect();
        for authority in authorities::all()
            .iter()
            .filter(|a| a.kind == "foreign-law")
        {
            let laws = laws_cited_by(authority);
            assert!(
                laws.iter().any(|l| known.contains(&l.as_str())),
                "{}: its citation `{}` is not recognized as a foreign law of [[foreign_law]]",
                authority.id,
                authority.cite
            );
        }
    }

    #[test]
    fn foreign_law_data_is_well_formed() {
        let mut identities = std::collections::HashSet::new();
        for law in authorities::foreign_laws() {
            assert!(identities.insert(&law.identity), "{} twice", law.identity);
            assert!(!law.jurisdiction.is_empty() && !law.name.is_empty());
            assert!(!law.names.is_empty(), "{}: no names", law.identity);
            // The prefilter skips a text holding none of the needles, so every spelling
            // must hold one literally.
            for alternative in law.names.iter().chain(&law.abbreviations) {
                assert!(
                    law.needles.iter().any(|n| alternative.contains(n.as_str())),
                    "{}: `{alternative}` holds none of the needles {:?}",
                    law.identity,
                    law.needles
                );
            }
        }
        // Acts of the same name elsewhere are not Korea's or China's.
        for other in [
            "British Columbia's Personal Information Protection Act",
            "the Personal Information Protection Act, S.A. 2003",
            "Japan's Code of Civil Procedure and its Civil Procedure Law",
        ] {
            assert!(
                recognize(other, &[])
                    .iter()
                    .all(|c| c.kind != CitationKind::ForeignLaw),
                "{other}"
            );
        }
        assert_eq!(foreign_law_name("DSL art. 36"), "the Data Security Law");
        assert_eq!(
            foreign_law_name("GSSL art. 9 (2010 rev.)"),
            "the Law on Guarding State Secrets"
        );
        assert_eq!(
            foreign_law_name("French Law No. 68-678 art. 1 bis"),
            "French Law No. 68-678"
        );
    }
}
