//! The authorities knowledge base: rules, statutes and cases the diagnostics, fixes and
//! hovers cite, embedded in the binary from `data/authorities.toml`. Each entry records
//! how it was verified (`verified_against`), the sources checked, the date of the check
//! and any subsequent history; see VERIFICATION.md. Only entries verified against the
//! opinion or the official text may be cited by a quick fix (`fix_cite`).

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
    /// What the entry's citation, summary and quotations were checked against.
    pub verified_against: Verification,
    /// The entry of the legal research it comes from.
    pub kb: String,
    /// Where a reader can read it.
    pub url: String,
    /// What was checked: URLs, or `seed:<file>` for a court order shipped in the project's
    /// shared seeds.
    pub sources: Vec<String>,
    /// The date of the last check (YYYY-MM-DD).
    pub checked: String,
    /// What later happened to the decision (affirmed, reversed, vacated, remanded...), or
    /// what the appeal it decides did to the order below, when any was found.
    #[serde(default)]
    pub subsequent_history: Option<String>,
    /// What the check could not confirm (a reporter number, a pin), in plain words.
    #[serde(default)]
    pub verification_note: Option<String>,
    /// Verbatim public-domain text, when verified against a primary copy.
    #[serde(default)]
    pub text: Option<String>,
    /// A summary in the project's own words.
    pub summary: String,
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

/// What an entry was verified against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    /// The summary, pin and every quotation were read in the opinion itself.
    Opinion,
    /// The text was compared with the official text of the rule, statute or order.
    OfficialText,
    /// Only secondary sources (a later opinion quoting it, a commentary, a case brief)
    /// were checked.
    Secondary,
}

impl Verification {
    /// Whether a quick fix may insert a citation of an entry verified this way.
    pub fn citable(self) -> bool {
        !matches!(self, Verification::Secondary)
    }

    /// The word used in `data/authorities.toml` and VERIFICATION.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Verification::Opinion => "opinion",
            Verification::OfficialText => "official-text",
            Verification::Secondary => "secondary",
        }
    }
}

/// A foreign law as the citation recognizer knows it (`[[foreign_law]]` in
/// `data/authorities.toml`): the one place its identity, names and jurisdiction are kept.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignLaw {
    /// The identity its citations get ("PIPL"; with an article, "PIPL art. 41").
    pub identity: String,
    /// Its name in prose, for text a fix inserts ("the Personal Information Protection Law").
    pub name: String,
    pub jurisdiction: String,
    /// Words one of which every spelling contains (the recognizer's prefilter).
    pub needles: Vec<String>,
    /// Regular-expression alternatives for its names; `{prc}` and `{of-the-prc}` stand for
    /// the optional "Chinese ..." before and "... of the People's Republic of China" after.
    pub names: Vec<String>,
    /// Abbreviations, matched as whole words.
    #[serde(default)]
    pub abbreviations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    authority: Vec<Authority>,
    foreign_law: Vec<ForeignLaw>,
}

static FILE: LazyLock<File> = LazyLock::new(|| {
    toml::from_str::<File>(include_str!("../data/authorities.toml"))
        .expect("data/authorities.toml is checked by the test suite")
});

pub fn all() -> &'static [Authority] {
    &FILE.authority
}

/// The foreign laws the citation recognizer knows, in the data's order.
pub fn foreign_laws() -> &'static [ForeignLaw] {
    &FILE.foreign_law
}

/// The authority with this id. Rules only name ids that exist (a test checks it).
pub fn get(id: &str) -> Option<&'static Authority> {
    FILE.authority.iter().find(|a| a.id == id)
}

/// Authorities keyed by the identity the citation recognizer gives their own `cite`.
static BY_IDENTITY: LazyLock<std::collections::HashMap<String, usize>> = LazyLock::new(|| {
    let mut map = std::collections::HashMap::new();
    for (index, authority) in FILE.authority.iter().enumerate() {
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
            return FILE.authority.get(index);
        }
        if let Some(&index) = map.get(&format!("{key} (2010 rev.)")) {
            return FILE.authority.get(index);
        }
        // Drop the last "(x)" subdivision and try again.
        match key.rfind('(') {
            Some(open) if key.ends_with(')') && open > 0 => key.truncate(open),
            _ => return None,
        }
    }
}

/// The citation for `id`, for messages and documentation. A quick fix that inserts a
/// citation into the document uses `fix_cite`.
pub fn cite(id: &str) -> &'static str {
    get(id).map_or("", |a| a.cite.as_str())
}

/// The citation a quick fix may insert for `id`: only an entry verified against the
/// opinion or the official text can be cited by a fix (tests hold every fix to this).
pub fn fix_cite(id: &str) -> &'static str {
    let authority = get(id);
    debug_assert!(
        authority.is_some_and(|a| a.verified_against.citable()),
        "a quick fix cites {id}, which is not verified against the opinion or official text"
    );
    authority.map_or("", |a| a.cite.as_str())
}

/// The citation of `id` if a quick fix may insert it (verified against the opinion or the
/// official text), else `None`: fixes leave out what brieflint has not verified.
pub fn citable_cite(id: &str) -> Option<&'static str> {
    get(id)
        .filter(|a| a.verified_against.citable())
        .map(|a| a.cite.as_str())
}

/// A sentence, in plain words, saying how `authority` was verified.
pub fn verification_words(authority: &Authority) -> String {
    let source = authority
        .sources
        .iter()
        .find(|s| s.starts_with("http"))
        .map_or_else(|| authority.url.clone(), Clone::clone);
    match authority.verified_against {
        Verification::OfficialText => {
            let what = match authority.kind.as_str() {
                "rule" => "the official rule",
                "local-rule" => "the court's official local rule",
                "statute" => "the official statute",
                "order" | "standing-order" => "the order itself",
                _ => "the official text",
            };
            format!(
                "Text checked against {what} ([source]({source})), {}.",
                authority.checked
            )
        }
        Verification::Opinion => {
            format!(
                "Summary checked against the opinion ([source]({source})), {}.",
                authority.checked
            )
        }
        Verification::Secondary => {
            let read = if matches!(authority.kind.as_str(), "case" | "order") {
                "the opinion"
            } else {
                "the official text"
            };
            format!("Summary from secondary sources; read {read} before relying on it.")
        }
    }
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
    if let Some(history) = &authority.subsequent_history {
        out.push_str(&format!("\n\n**Subsequent history:** {history}"));
    }
    if let Some(note) = &authority.verification_note {
        out.push_str(&format!("\n\n*Not confirmed:* {note}"));
    }
    out.push_str(&format!(
        "\n\n{}\n\n[Source]({})",
        verification_words(authority),
        authority.url
    ));
    out
}

#[cfg(test)]
#[path = "verification.rs"]
mod verification;

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
    fn every_entry_records_how_it_was_verified() {
        assert!(!all().is_empty());
        let mut ids = HashSet::new();
        for a in all() {
            assert!(ids.insert(a.id.as_str()), "duplicate id {}", a.id);
            assert!(a.url.starts_with("http"), "{}: no url", a.id);
            assert!(
                !a.sources.is_empty()
                    && a.sources
                        .iter()
                        .all(|s| s.starts_with("http") || s.starts_with("seed:")),
                "{}: no source",
                a.id
            );
            for s in a.sources.iter().filter(|s| s.starts_with("seed:")) {
                let file = s.trim_start_matches("seed:");
                assert!(
                    !file.contains('/') && file.ends_with(".txt"),
                    "{}: seed source {s} must name a file of shared/seeds",
                    a.id
                );
            }
            let date = a.checked.as_bytes();
            assert!(
                date.len() == 10
                    && date.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 {
                        *b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }),
                "{}: checked must be a date, found {:?}",
                a.id,
                a.checked
            );
            assert!(!a.summary.trim().is_empty(), "{}: no summary", a.id);
            assert!(
                a.text.is_none() || a.verified_against == Verification::OfficialText,
                "{}: verbatim text on an entry not checked against the official text",
                a.id
            );
            if a.verified_against == Verification::Opinion {
                assert!(
                    matches!(a.kind.as_str(), "case" | "order"),
                    "{}: only a decision is verified against an opinion",
                    a.id
                );
            }
            for q in &a.quotes {
                assert!(
                    q.source.starts_with("http") || q.source.starts_with("seed:"),
                    "{}: quote without source",
                    a.id
                );
                assert!(
                    a.verified_against.citable(),
                    "{}: a quotation on an entry checked only against secondary sources",
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

    #[test]
    fn hovers_say_in_plain_words_how_an_entry_was_verified() {
        let rule = get("frcp-34-b-2-C").unwrap();
        let h = hover_markdown(rule, None);
        assert!(
            h.contains("Text checked against the official rule ("),
            "{h}"
        );
        assert!(
            !h.contains("V-primary") && !h.contains("V-secondary"),
            "{h}"
        );
        for a in all() {
            let h = hover_markdown(a, None);
            assert!(
                !h.contains("V-primary") && !h.contains("V-secondary"),
                "{h}"
            );
            match a.verified_against {
                Verification::Secondary => assert!(
                    h.contains("Summary from secondary sources; read the"),
                    "{h}"
                ),
                Verification::Opinion => {
                    assert!(h.contains("Summary checked against the opinion ("), "{h}")
                }
                Verification::OfficialText => assert!(h.contains("Text checked against"), "{h}"),
            }
            if let Some(history) = &a.subsequent_history {
                assert!(h.contains(history.as_str()), "{h}");
            }
        }
    }
}
