use super::{Context, Rule};
use crate::finding::{Finding, RuleMeta};
use crate::incremental::{self, Step};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A short-form abbreviation (two to six capital letters, such as "DSL" or "GSSL")
    /// used but never defined with a parenthetical such as `the Data Security Law
    /// ("DSL")` (or `(DSL)` right after the name it abbreviates), when it is plainly a
    /// short form: the initials of a name the filing
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
    /// None. This is a drafting-quality check; no rule of procedure requires defining short forms.
    pub struct UndefinedTerm {
        code: "BL601",
        name: "undefined-term",
        severity: Information,
        summary: "A short-form abbreviation used but never defined",
        authorities: [],
    }
}

/// The abbreviations in `text`: the ranges where `(?-u:\b)[A-Z]{2,6}s?(?-u:\b)` matches.
/// With ASCII word boundaries a match is a whole run of ASCII word characters, so one
/// pass over the runs finds them; the regex engine, with no literal to skip to, read
/// every byte several times (2 ms on 500 pages).
fn acronyms(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    std::iter::from_fn(move || {
        // Every byte from `i` up to the next capital is no capital, so a word that holds
        // that capital but starts before it is not all capitals.
        while let Some(capital) = next_capital(bytes, i) {
            let starts_word = capital == 0 || !is_word(bytes[capital - 1]);
            let start = capital;
            i = capital;
            while i < bytes.len() && is_word(bytes[i]) {
                i += 1;
            }
            if !starts_word {
                continue;
            }
            let word = &bytes[start..i];
            let capitals = word.strip_suffix(b"s").unwrap_or(word);
            let capitals = if capitals.len() >= 2 { capitals } else { word };
            if (2..=6).contains(&capitals.len()) && capitals.iter().all(u8::is_ascii_uppercase) {
                return Some(start..i);
            }
        }
        None
    })
}

/// The index of the first ASCII capital in `bytes` at `from` or after, eight bytes at a
/// time (most of a filing's bytes are not capitals).
fn next_capital(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while at + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
        // Per byte, below 0x80 (no carry between bytes): the top bit of `x + 0x3f` is set
        // from 'A' (0x41) up, that of `x + 0x25` from '[' (0x5b) up.
        let x = word & LOW;
        let capitals = (x + 0x3f3f_3f3f_3f3f_3f3f) & !(x + 0x2525_2525_2525_2525) & !word & HIGH;
        if capitals != 0 {
            return Some(at + capitals.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    bytes[at.min(bytes.len())..]
        .iter()
        .position(u8::is_ascii_uppercase)
        .map(|p| at + p)
}

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

/// "the Personal Information Protection Law (PIPL)": an abbreviation in parentheses right
/// after the name whose capitalized words it abbreviates defines it, quoted or not.
fn defined_in_parentheses(text: &str, range: &std::ops::Range<usize>, term: &str) -> bool {
    let closes = text[range.end..].starts_with(')') || text[range.end..].starts_with("s)");
    let Some(before) = text[..range.start].strip_suffix('(') else {
        return false;
    };
    if !closes {
        return false;
    }
    // The name's last few words: its initials end with the term's letters.
    let words: Vec<&str> = before.split_whitespace().rev().take(12).collect();
    let name: Vec<&str> = words.into_iter().rev().collect();
    initials(&name.join(" ")).ends_with(term)
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
/// form, with their ranges. `citations` are those overlapping the block, in order.
fn candidates(
    cx: &Context,
    block: &std::ops::Range<usize>,
    citations: &[crate::citations::Citation],
) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let body = &cx.text[block.clone()];
    // Quotation marks before the current match, counted as the matches go (straight,
    // opening, closing): counting from the block's start each time was quadratic.
    let (mut counted_to, mut straight, mut opening, mut closing) = (0, 0usize, 0usize, 0usize);
    for m in acronyms(body) {
        let range = block.start + m.start..block.start + m.end;
        let word = &body[m.clone()];
        let singular = word
            .strip_suffix('s')
            .filter(|s| s.len() >= 2)
            .unwrap_or(word);
        if is_well_known(word) || is_well_known(singular) || cx.structure.is_excluded(&range) {
            continue;
        }
        // Capitals next to capitals are a title, heading or small-caps citation.
        let before = body[..m.start].trim_end_matches([' ', '*', '_', '(', '[', '\'', '"']);
        let after =
            body[m.end..].trim_start_matches([' ', '*', '_', ')', ']', ',', '\'', '"', ':', '.']);
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
        for c in body[counted_to..m.start].chars() {
            match c {
                '"' => straight += 1,
                '“' => opening += 1,
                '”' => closing += 1,
                _ => {}
            }
        }
        counted_to = m.start;
        if straight % 2 == 1 || opening > closing {
            continue;
        }
        // Inside a citation (other than the bare abbreviation itself).
        // (Citations do not overlap: the one that could contain it is the last to start
        // at or before it.)
        let starting = citations.partition_point(|c| c.range.start <= range.start);
        if starting > 0 {
            let c = &citations[starting - 1].range;
            if range.end <= c.end && *c != range {
                continue;
            }
        }
        out.push((range, singular.to_string()));
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
        let mut kept = incremental::InPieces::new(
            cx.cache,
            Step::Rule(META.code),
            cx.text,
            &cx.structure.pieces,
            (),
        );
        for block in &cx.structure.blocks {
            if matches!(block.kind, crate::markdown::BlockKind::Heading(_)) {
                continue;
            }
            let range = &block.range;
            let first = cx.citations.partition_point(|c| c.range.end <= range.start);
            let count = cx.citations[first..].partition_point(|c| c.range.start < range.end);
            let citations = &cx.citations[first..first + count];
            let found = kept.ranges(
                range,
                || CandidateInputs {
                    excluded: incremental::relative_ranges(&cx.structure.excluded, range),
                    // Citations starting before the block or ending after it are clipped
                    // to one byte outside it: what matters is whether one contains a word
                    // of the block. Shifted by one: a clipped start may lie one byte
                    // before the block.
                    citations: citations
                        .iter()
                        .map(|c| {
                            let start = c.range.start.max(range.start.saturating_sub(1));
                            let end = c.range.end.min(range.end + 1);
                            incremental::relative(&(start + 1..end + 1), range.start)
                        })
                        .collect(),
                },
                || candidates(cx, range, citations),
            );
            for (range, term) in found {
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
            let defined =
                cx.definitions.iter().any(|d| {
                    d.term == term || d.term.strip_prefix("the ").is_some_and(|t| t == term)
                }) || ranges
                    .iter()
                    .any(|r| defined_in_parentheses(cx.text, r, &term));
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
    LazyLock::force(&NAME);
}

#[cfg(test)]
mod tests {
    #[test]
    fn acronyms_are_where_the_pattern_matches() {
        let pattern = regex::Regex::new(r"(?-u:\b)[A-Z]{2,6}s?(?-u:\b)").unwrap();
        for text in [
            "The DSL, PIPL and GSSLs bar it; ICJAL too. RFPs, RFAs and IDs.",
            "ABCDEFG ABCDEFs ABCDEFGs As Ss SS ASs A1 AB1 AB_ _AB éABé ABé 王AB王 AB",
            "(\"AEO\") [FRCP] **DSL** TOO-LATE x-RAY NDIL's U.S.C. N.D. Ill.",
            "",
            "AB",
            "ABs",
            "sAB",
            "ABss",
            "ABCDEFGHIJ",
        ] {
            let expected: Vec<_> = pattern.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(
                super::acronyms(text).collect::<Vec<_>>(),
                expected,
                "{text}"
            );
        }
        // And on thousands of random strings of the characters that matter.
        let alphabet = [
            'A', 'B', 'Z', 's', 'a', '1', '_', ' ', '.', 'é', '王', '"', '@', '[', '\u{7f}',
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..20000 {
            let len = next() % 40;
            let text: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            let expected: Vec<_> = pattern.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(
                super::acronyms(&text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
    }
}

/// What finding the candidate abbreviations of a block reads besides its text: the
/// excluded ranges in it and the citations touching it (relative to its start, the
/// citations shifted by one byte).
#[derive(Clone, Hash, PartialEq, Eq)]
struct CandidateInputs {
    excluded: incremental::Relative,
    citations: incremental::Relative,
}
