use super::{Context, Rule};
use crate::analysis::finding::{Finding, RuleMeta};
use crate::analysis::incremental::{self, Work};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A short-form abbreviation (two to six capital letters, such as "DSL" or "GSSL")
    /// used but never defined with a parenthetical such as `the Data Security Law
    /// ("DSL")`, when it is plainly a short form: the initials of a name the filing
    /// spells out elsewhere ("Guarding State Secrets Law" for "GSSL"), or a foreign law's
    /// usual abbreviation (PIPL, DSL, GSSL, ICJAL). Capitals in headings, titles,
    /// quotations and citations are left alone. Reported once, at the first use.
    ///
    /// ## Why courts care
    /// A judge reading a motion should never have to guess what a short form stands for,
    /// least of all the name of a foreign statute or a party. An undefined short form is
    /// also often a sign of text pasted from another filing.
    ///
    /// ## Example
    /// ```markdown
    /// Production would violate the DSL. The DSL bars transfers abroad.
    /// ```
    ///
    /// ## Fix
    /// Define the term at its first use: `the Data Security Law of the P.R.C. ("DSL")`.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 26(g)(1)
    pub struct UndefinedTerm {
        code: "BL601",
        name: "undefined-term",
        severity: Information,
        summary: "A short-form abbreviation used but never defined",
        authorities: ["frcp-26-g-1"],
    }
}

static ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z]{2,6}s?(?-u:\b)").unwrap());

/// Foreign-law abbreviations that always need a definition.
const FOREIGN_LAW_ABBREVIATIONS: &[&str] = &["PIPL", "DSL", "GSSL", "ICJAL"];

/// A capitalized name: "Guarding State Secrets Law", "Acme Widget Company".
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z][a-z]+(?:\s+(?:(?:of|on|the|and|for|&)\s+)*[A-Z][a-z]+){1,6}").unwrap()
});

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Abbreviations no filing needs to define.
const WELL_KNOWN: &[&str] = &[
    "US", "USA", "UK", "EU", "UN", "FBI", "CIA", "DOJ", "SEC", "FTC", "IRS", "LLC", "LLP", "LP",
    "INC", "CEO", "CFO", "COO", "CTO", "GC", "PDF", "ESI", "AEO", "PO", "RFP", "RFPs", "RFA",
    "RFAs", "RPD", "RPDs", "FRCP", "FRE", "FRAP", "ECF", "PM", "AM", "ID", "IDs", "IT", "HR", "NO",
    "OK", "TV", "DC", "NY", "CA", "TX", "IL", "PRC", "MDL", "DNA", "GPS", "URL", "USB", "CD",
    "DVD", "FAQ", "ISO", "IP", "IPs", "SMS", "PIN", "VAT", "GDP", "NDA", "NDAs", "MOU", "EDPB",
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "NDIL", "SDNY", "EDNY", "CDCA",
    "NDCA", "USC", "CFR", "LR", "CONST", "REV", "UNIV", "ANN", "STAT", "APP", "AI",
];

/// The abbreviations used in one block that may need a definition, as their singular
/// form, with their ranges. `citations` are those overlapping the block.
fn candidates(
    cx: &Context,
    block: &std::ops::Range<usize>,
    citations: &[std::ops::Range<usize>],
) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let body = &cx.text[block.clone()];
    for m in ACRONYM.find_iter(body) {
        let range = block.start + m.start()..block.start + m.end();
        let word = m.as_str();
        let singular = word
            .strip_suffix('s')
            .filter(|s| s.len() >= 2)
            .unwrap_or(word);
        if is_well_known(word) || is_well_known(singular) || cx.structure.is_excluded(&range) {
            continue;
        }
        // Capitals next to capitals are a title, heading or small-caps citation.
        let before = body[..m.start()].trim_end_matches([' ', '*', '_', '(', '[', '\'', '"']);
        let after =
            body[m.end()..].trim_start_matches([' ', '*', '_', ')', ']', ',', '\'', '"', ':', '.']);
        let capital_word = |s: &str| {
            let w: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
            w.len() >= 2 && w.chars().all(|c| c.is_uppercase())
        };
        let prev_word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if capital_word(after)
            || (prev_word.len() >= 2 && prev_word.chars().all(|c| c.is_uppercase()))
        {
            continue;
        }
        // Inside quotation marks it is someone else's text.
        let open = body[..m.start()].matches(['"', '“']).count();
        let close = body[..m.start()].matches('”').count();
        if body[..m.start()].matches('"').count() % 2 == 1
            || open - body[..m.start()].matches('"').count() > close
        {
            continue;
        }
        // Inside a citation (other than the bare abbreviation itself).
        if citations
            .iter()
            .any(|c| c.start <= range.start && range.end <= c.end && *c != range)
        {
            continue;
        }
        out.push((singular.to_string(), range));
    }
    out
}

fn is_well_known(word: &str) -> bool {
    static SET: LazyLock<std::collections::HashSet<&'static str>> =
        LazyLock::new(|| WELL_KNOWN.iter().copied().collect());
    SET.contains(word)
}

impl Rule for UndefinedTerm {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut uses: std::collections::BTreeMap<String, Vec<std::ops::Range<usize>>> =
            Default::default();
        for block in &cx.structure.blocks {
            if matches!(block.kind, crate::analysis::markdown::BlockKind::Heading(_)) {
                continue;
            }
            let range = &block.range;
            // Citations starting before the block or ending after it are clipped to one
            // byte outside it: what matters is whether one contains a word of the block.
            let first = cx.citations.partition_point(|c| c.range.end <= range.start);
            let citations: Vec<std::ops::Range<usize>> = cx.citations[first..]
                .iter()
                .take_while(|c| c.range.start < range.end)
                .map(|c| {
                    c.range.start.max(range.start.saturating_sub(1))..c.range.end.min(range.end + 1)
                })
                .collect();
            let candidates = || candidates(cx, range, &citations);
            let found = match cx.cache {
                Some(cache) => {
                    let mut extra = incremental::relative_ranges(&cx.structure.excluded, range);
                    extra.push(u32::MAX);
                    // Shifted by one: a clipped start may lie one byte before the block.
                    extra.extend(citations.iter().flat_map(|c| {
                        [c.start + 1 - range.start, c.end + 1 - range.start].map(|v| v as u32)
                    }));
                    let body = &cx.text[range.clone()];
                    cache
                        .get_or_compute(Work::UndefinedTermCandidates, body, &extra, || {
                            candidates()
                                .into_iter()
                                .map(|(term, r)| (term, r.start - range.start..r.end - range.start))
                                .collect::<Vec<_>>()
                        })
                        .iter()
                        .map(|(term, r)| (term.clone(), r.start + range.start..r.end + range.start))
                        .collect()
                }
                None => candidates(),
            };
            for (term, range) in found {
                uses.entry(term).or_default().push(range);
            }
        }
        // Initials of every capitalized name the filing spells out (and their tails:
        // "Law on Guarding State Secrets" also yields "GSS").
        // Found only when needed: most abbreviations in a filing are well known.
        let spelled = std::cell::OnceCell::new();
        let spelled = || {
            spelled.get_or_init(|| {
                let mut spelled = std::collections::HashSet::new();
                for m in NAME.find_iter(cx.text) {
                    let letters = initials(m.as_str());
                    for start in 0..letters.len().saturating_sub(1) {
                        spelled.insert(letters[start..].to_string());
                    }
                }
                spelled
            })
        };
        for (term, ranges) in uses {
            let short_form =
                FOREIGN_LAW_ABBREVIATIONS.contains(&term.as_str()) || spelled().contains(&term);
            if !short_form {
                continue;
            }
            let defined = cx
                .definitions
                .iter()
                .any(|d| d.term == term || d.term.strip_prefix("the ").is_some_and(|t| t == term));
            if defined {
                continue;
            }
            out.push(Finding::new(
                &META,
                ranges[0].clone(),
                format!("\"{term}\" is used as a short form but never defined"),
            ));
        }
    }
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&ACRONYM);
    LazyLock::force(&NAME);
}
