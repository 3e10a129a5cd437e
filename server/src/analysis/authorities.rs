//! The authorities knowledge base: rules, statutes and cases the diagnostics, fixes and
//! hovers cite, embedded in the binary from `data/authorities.toml`. Every entry was
//! taken from a verified entry of the project's legal research, with its source URL.

use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: String,
    pub source: String,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub id: String,
    /// The citation as a lawyer writes it.
    pub cite: String,
    #[serde(default)]
    pub short: Option<String>,
    pub title: String,
    pub kind: String,
    /// "V-primary" or "V-secondary".
    pub status: String,
    /// The entry of the legal research it comes from.
    pub kb: String,
    /// Where a reader can read it.
    pub url: String,
    /// Where it was verified.
    pub sources: Vec<String>,
    /// Verbatim public-domain text, when verified against a primary copy.
    #[serde(default)]
    pub text: Option<String>,
    /// A summary in the project's own words.
    pub summary: String,
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    authority: Vec<Authority>,
}

static AUTHORITIES: LazyLock<Vec<Authority>> = LazyLock::new(|| {
    toml::from_str::<File>(include_str!("../../data/authorities.toml"))
        .expect("data/authorities.toml is checked by the test suite")
        .authority
});

pub fn all() -> &'static [Authority] {
    &AUTHORITIES
}

/// The authority with this id. Rules only name ids that exist (a test checks it).
pub fn get(id: &str) -> Option<&'static Authority> {
    AUTHORITIES.iter().find(|a| a.id == id)
}

/// Authorities keyed by the identity the citation recognizer gives their own `cite`.
static BY_IDENTITY: LazyLock<std::collections::HashMap<String, usize>> = LazyLock::new(|| {
    let mut map = std::collections::HashMap::new();
    for (index, authority) in AUTHORITIES.iter().enumerate() {
        let citations = super::citations::recognize(&authority.cite, &[]);
        // Only the kind of authority a citation of that kind can mean: a rule's Committee
        // Note is not the rule.
        let primary = citations.iter().find(|c| {
            use super::citations::CitationKind as K;
            match c.kind {
                K::Rule => authority.kind == "rule",
                K::LocalRule => authority.kind == "local-rule",
                K::Statute => authority.kind == "statute",
                K::Regulation => authority.kind == "regulation",
                K::Case => matches!(authority.kind.as_str(), "case" | "order"),
                K::ForeignLaw => matches!(authority.kind.as_str(), "foreign-law" | "statute"),
                K::Restatement => matches!(authority.kind.as_str(), "treatise" | "restatement"),
                _ => false,
            }
        });
        if let Some(citation) = primary {
            map.entry(citation.identity.clone()).or_insert(index);
        }
    }
    map
});

/// The authority a recognized citation refers to: an exact identity, else the nearest
/// enclosing provision ("Rule 34(b)(2)(C)(i)" -> 34(b)(2)(C); "GSSL art. 9" -> the
/// 2010 numbering entry), else none.
pub fn for_identity(identity: &str) -> Option<&'static Authority> {
    let map = &*BY_IDENTITY;
    let mut key = identity.to_string();
    loop {
        if let Some(&index) = map.get(&key) {
            return AUTHORITIES.get(index);
        }
        if let Some(&index) = map.get(&format!("{key} (2010 rev.)")) {
            return AUTHORITIES.get(index);
        }
        // Drop the last "(x)" subdivision and try again.
        match key.rfind('(') {
            Some(open) if key.ends_with(')') && open > 0 => key.truncate(open),
            _ => return None,
        }
    }
}

/// The citation for `id`; used when a fix inserts a citation into the document.
pub fn cite(id: &str) -> &'static str {
    get(id).map_or("", |a| a.cite.as_str())
}

/// Markdown for a hover on this authority.
pub fn hover_markdown(authority: &Authority, pin: Option<&str>) -> String {
    let mut out = format!("**{}**: {}", authority.cite, authority.title);
    if let Some(pin) = pin {
        out.push_str(&format!(" (pin: {pin})"));
    }
    out.push_str("\n\n");
    if let Some(text) = &authority.text {
        for line in text.lines() {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&authority.summary);
    out.push_str(&format!(
        "\n\n[Source]({}) · verification: {}",
        authority.url, authority.status
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn citations_find_their_authorities() {
        for (identity, id) in [
            ("Fed. R. Civ. P. 34(b)(2)(B)", "frcp-34-b-2-B"),
            ("Fed. R. Civ. P. 34(b)(2)(C)(i)", "frcp-34-b-2-C"),
            ("482 U.S. 522", "aerospatiale"),
            ("PIPL art. 41", "prc-pipl-art-41"),
            ("28 U.S.C. § 1746", "usc-28-1746"),
            ("DSL art. 36", "prc-dsl-art-36"),
            ("GSSL art. 9", "prc-gssl-2010-art-9"),
            ("2017 WL 4287205", "republic-technologies-v-bbk"),
        ] {
            assert_eq!(
                for_identity(identity).map(|a| a.id.as_str()),
                Some(id),
                "{identity}"
            );
        }
        assert!(for_identity("Fed. R. Civ. P. 99").is_none());
    }

    #[test]
    fn every_entry_is_verified_and_sourced() {
        assert!(!all().is_empty());
        let mut ids = HashSet::new();
        for a in all() {
            assert!(ids.insert(a.id.as_str()), "duplicate id {}", a.id);
            assert!(
                a.status == "V-primary" || a.status == "V-secondary",
                "{}: status {} is not verified",
                a.id,
                a.status
            );
            assert!(a.url.starts_with("http"), "{}: no url", a.id);
            assert!(
                !a.sources.is_empty() && a.sources.iter().all(|s| s.starts_with("http")),
                "{}: no source URL",
                a.id
            );
            assert!(!a.summary.trim().is_empty(), "{}: no summary", a.id);
            assert!(
                a.text.is_none() || a.status == "V-primary",
                "{}: verbatim text on an entry not verified against a primary copy",
                a.id
            );
            for q in &a.quotes {
                assert!(
                    q.source.starts_with("http"),
                    "{}: quote without source",
                    a.id
                );
            }
            for field in [&a.cite, &a.title, &a.summary] {
                assert!(
                    !field.contains("UNVERIFIED"),
                    "{}: carries UNVERIFIED text",
                    a.id
                );
            }
            if let Some(text) = &a.text {
                assert!(!text.contains("UNVERIFIED"), "{}", a.id);
            }
        }
    }
}
