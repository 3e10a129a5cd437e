//! Defined terms: `Kunshan GuoLi Electronic Technology Co., Ltd. ("GuoLi")`,
//! `(together, "Defendants")`, `(the "January 5 Order")`, and every later use.

use super::incremental;
use super::markdown::Structure;
use super::sentences;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub term: String,
    /// The term inside its quotation marks at the definition.
    pub term_range: Range<usize>,
    /// The sentence that defines it (for hover).
    pub sentence: Range<usize>,
    /// Every later use of the term, as a whole word.
    pub uses: Vec<Range<usize>>,
}

/// A definition's parenthetical: `("GuoLi")`, `(together, "Defendants")`, `(the "Order")`.
const DEFINITION: &str = r#"\((?:[^()"“”\n]{0,60}?[\s,])?(?:(?:a|an|the)\s+)?["“](?P<term>[A-Z0-9][^"”\n]{0,59}?)["”](?:\s+or\s+(?:the\s+)?["“][^"”\n]{1,60}["”])?\)"#;

/// `DEFINITION` at the start of the text it is given.
static DEFINITION_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\A(?:{DEFINITION})")).unwrap());

/// Where `DEFINITION` matches in `text`, as its leftmost-first search from the end of
/// each match finds it: each match's range and its term's. Nothing between a match's
/// "(" and its opening quotation mark is a parenthesis or a quotation mark, so the "(" is
/// the last one before the first quotation mark after it: only those are tried, which
/// spares the pattern every other parenthesis of a filing (citations, rule numbers).
fn parentheticals(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    let curly = "“".as_bytes();
    // Both kinds of quotation mark in order, each with its length, read as they are
    // needed (a text of nothing but quotation marks would make a long list).
    let mut straight = memchr::memchr_iter(b'"', bytes).peekable();
    let mut curly_ones = memchr::memmem::find_iter(bytes, curly).peekable();
    let quotes = std::iter::from_fn(|| match (straight.peek(), curly_ones.peek()) {
        (Some(&s), Some(&c)) if c < s => curly_ones.next().map(|at| (at, curly.len())),
        (Some(_), _) => straight.next().map(|at| (at, 1)),
        (None, _) => curly_ones.next().map(|at| (at, curly.len())),
    });
    let mut found = Vec::new();
    // Where the text after the last quotation mark starts, and where the last match ends.
    let (mut after_quote, mut end) = (0, 0);
    for (quote, length) in quotes {
        let opening = memchr::memrchr(b'(', &bytes[after_quote..quote]).map(|i| after_quote + i);
        after_quote = quote + length;
        let Some(start) = opening.filter(|&start| start >= end) else {
            continue;
        };
        let Some(c) = DEFINITION_AT_START.captures(&text[start..]) else {
            continue;
        };
        let shift = |r: Range<usize>| r.start + start..r.end + start;
        let whole = shift(c.get(0).expect("a match").range());
        found.push((
            whole.clone(),
            shift(c.name("term").expect("a term").range()),
        ));
        end = whole.end;
    }
    found
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Finds the document's definitions and their uses (outside code and comments).
pub fn find(text: &str, structure: &Structure) -> Vec<Definition> {
    find_cached(text, structure, None)
}

/// `find`, the uses in each unchanged piece of a long document (`Structure::pieces`)
/// reused from `cache` while the defined terms are the same (scanning a 500-page brief
/// for them cost twelve million instructions a keystroke).
pub(crate) fn find_cached(
    text: &str,
    structure: &Structure,
    cache: Option<&incremental::Cache>,
) -> Vec<Definition> {
    let opaque = |r: &Range<usize>| {
        let idx = structure.opaque.partition_point(|o| o.end <= r.start);
        structure.opaque.get(idx).is_some_and(|o| o.start < r.end)
    };
    let mut definitions: Vec<Definition> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (whole, term_range) in parentheticals(text) {
        let term = &text[term_range.clone()];
        if opaque(&term_range) {
            continue;
        }
        // A quoted sentence fragment is not a term: terms are short and name-like.
        let words = term.split_whitespace().count();
        if words > 6 || term.ends_with(['.', ',', ';']) {
            continue;
        }
        if !seen.insert(term) {
            continue;
        }
        // Blocks are in document order: the last one starting at or before the term.
        let block = structure.blocks[..structure
            .blocks
            .partition_point(|b| b.range.start <= term_range.start)]
            .iter()
            .rev()
            .find(|b| term_range.end <= b.range.end)
            .filter(|b| b.range.start <= term_range.start)
            .map_or(0..text.len(), |b| b.range.clone());
        let sentence = sentences::split(text, block)
            .into_iter()
            .find(|s| s.start <= term_range.start && term_range.end <= s.end)
            .unwrap_or(whole);
        definitions.push(Definition {
            term: term.to_string(),
            term_range,
            sentence,
            uses: Vec::new(),
        });
    }
    if definitions.is_empty() {
        // No term to look for: the text is not read again.
        return definitions;
    }
    let terms: Vec<String> = definitions.iter().map(|d| d.term.clone()).collect();
    let index = TermIndex::new(&terms);
    let uses: Vec<(Range<usize>, usize)> = match cache.filter(|_| structure.pieces.len() > 1) {
        // No cache, or one piece: one pass over the text.
        None => uses_in(text, &index),
        // A use never crosses a piece (pieces are cut between paragraphs, after a blank
        // line), so each unchanged piece's uses are reused while the terms are the same.
        Some(cache) => {
            let terms = DefinedTerms::new(cache, terms.clone());
            let mut uses = Vec::new();
            for piece in &structure.pieces {
                uses.extend(incremental::reuse_ranges(
                    Some(cache),
                    incremental::Step::DefinitionUses,
                    text,
                    piece,
                    || terms.clone(),
                    || {
                        uses_in(&text[piece.clone()], &index)
                            .into_iter()
                            .map(|(r, i)| (r.start + piece.start..r.end + piece.start, i))
                            .collect()
                    },
                ));
            }
            uses
        }
    };
    for (range, i) in uses {
        let definition = &mut definitions[i];
        // The name being defined ("Kunshan GuoLi Electronic ... ("GuoLi")") is not a
        // use of the short form, and renaming must not touch it.
        let in_defined_name =
            definition.sentence.start <= range.start && range.end <= definition.term_range.start;
        if range == definition.term_range || in_defined_name || opaque(&range) {
            continue;
        }
        definition.uses.push(range);
    }
    definitions
}

/// The defined terms, as the key of a piece's uses: hashed once per analysis, and the
/// same shared list as the last analysis's when the terms are unchanged, so that comparing
/// two keys is comparing two pointers (not thousands of terms for every piece).
#[derive(Clone)]
struct DefinedTerms {
    hash: u64,
    list: std::sync::Arc<Vec<String>>,
}

impl DefinedTerms {
    fn new(cache: &incremental::Cache, terms: Vec<String>) -> DefinedTerms {
        let joined = terms.join("\0");
        let hash = {
            use std::hash::{Hash, Hasher};
            let mut hasher = rustc_hash::FxHasher::default();
            joined.hash(&mut hasher);
            hasher.finish()
        };
        let list = cache.get_or_compute(incremental::Step::DefinedTerms, &joined, (), || terms);
        DefinedTerms { hash, list }
    }
}

impl std::hash::Hash for DefinedTerms {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.hash.hash(state);
    }
}

impl PartialEq for DefinedTerms {
    fn eq(&self, other: &DefinedTerms) -> bool {
        std::sync::Arc::ptr_eq(&self.list, &other.list)
            || (self.hash == other.hash && self.list == other.list)
    }
}

impl Eq for DefinedTerms {}

/// The terms by text, and the lengths to try at a word start by the word's first byte:
/// most words start with a byte no term starts with and cost no lookup (a 500-page brief
/// spent half its keystroke here hashing every word start at every term length).
struct TermIndex<'t> {
    by_text: std::collections::HashMap<&'t str, usize>,
    lengths_by_first_byte: Vec<Vec<usize>>,
}

impl<'t> TermIndex<'t> {
    fn new(terms: &'t [String]) -> TermIndex<'t> {
        let mut lengths_by_first_byte: Vec<Vec<usize>> = vec![Vec::new(); 256];
        for term in terms {
            lengths_by_first_byte[term.as_bytes()[0] as usize].push(term.len());
        }
        for lengths in &mut lengths_by_first_byte {
            lengths.sort_unstable();
            lengths.dedup();
        }
        TermIndex {
            by_text: terms
                .iter()
                .enumerate()
                .map(|(i, term)| (term.as_str(), i))
                .collect(),
            lengths_by_first_byte,
        }
    }
}

/// Every use in `text` of each indexed term (a whole word, not overlapping another use of
/// the same term), with the term's index, in the order of the text. Every use of every
/// term in one pass over the text (a filing with thousands of definitions searched term
/// by term took seconds): a use is a whole word, so it starts where a word starts (terms
/// start with a letter or digit), and there each length a term can have is looked up once.
fn uses_in(text: &str, terms: &TermIndex) -> Vec<(Range<usize>, usize)> {
    // A term's uses never overlap one another ("A A" in "A A A" is used once).
    let mut next_allowed: rustc_hash::FxHashMap<usize, usize> = Default::default();
    let mut uses = Vec::new();
    for (start, &byte) in text.as_bytes().iter().enumerate() {
        let lengths = &terms.lengths_by_first_byte[byte as usize];
        // Only a word's start: the character before is no word character.
        if lengths.is_empty()
            || !text.is_char_boundary(start)
            || text[..start].chars().next_back().is_some_and(is_word_char)
        {
            continue;
        }
        for &length in lengths {
            let end = start + length;
            if end > text.len() || !text.is_char_boundary(end) {
                continue;
            }
            let Some(&i) = terms.by_text.get(&text[start..end]) else {
                continue;
            };
            let allowed = next_allowed.entry(i).or_insert(0);
            if start < *allowed || text[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            *allowed = end;
            uses.push((start..end, i));
        }
    }
    uses
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&DEFINITION_AT_START);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    /// Finding definitions and their uses in the smallest pieces the cutting rules allow
    /// finds what reading the whole text finds.
    fn same_in_pieces(text: &str) -> usize {
        let mut structure = markdown::parse(text);
        structure.pieces = vec![0..text.len()];
        let whole = find(text, &structure);
        structure.pieces = crate::fixture_tests::finest_pieces(text);
        // Through a cache (what reads in pieces), twice: computed, then reused.
        let cache = incremental::Cache::new();
        for _ in 0..2 {
            cache.begin(&crate::config::Config::default(), text);
            assert_eq!(
                find_cached(text, &structure, Some(&cache)),
                whole,
                "{text:?}"
            );
            cache.end();
        }
        structure.pieces.len()
    }

    #[test]
    fn every_fixture_finds_the_same_definitions_and_uses_in_pieces() {
        crate::fixture_tests::every_fixture_reads_the_same_in_pieces(same_in_pieces);
    }

    /// `parentheticals` finds what searching for `DEFINITION` everywhere finds.
    #[test]
    fn parentheticals_are_the_patterns_matches() {
        let everywhere = Regex::new(DEFINITION).unwrap();
        let crafted = [
            "(\"A\") (\"B\")(\"C\")",
            "(see Rule 34(b)) (the \"Rule\") (x (y \"Z\") \"W\")",
            "(collectively,\n\"Defendants\") (the\u{3000}\u{201c}Order\u{201d}) (the   \t\"Gap\")",
            "(\"A\" or the \"B\") \"C\" (\"D\" (\"E\")",
            "((\"Nested\")) (\u{201d}Closing\") (a \u{201c}\u{201c}Two\u{201d}) (\"lower\")",
            "(\"A\")\r\n(\r\n\"B\")",
        ];
        let fixtures = crate::fixture_tests::texts().iter().map(String::as_str);
        let mut matched = 0;
        for text in crafted.into_iter().chain(fixtures) {
            let expected: Vec<_> = everywhere
                .captures_iter(text)
                .map(|c| (c.get(0).unwrap().range(), c.name("term").unwrap().range()))
                .collect();
            matched += expected.len();
            assert_eq!(parentheticals(text), expected, "{text:?}");
        }
        assert!(
            matched > 50,
            "{matched} definitions in the fixtures and samples"
        );
    }

    /// A definition whose quotation mark follows a word or a comma is found in a filing
    /// with no other (a check for `("` and `the "` alone once missed them).
    #[test]
    fn definitions_introduced_by_a_word_or_a_comma() {
        for (text, term) in [
            (
                "Acme Corp. and Beta LLC (collectively, \"Defendants\") move. Defendants ask.",
                "Defendants",
            ),
            (
                "Acme Corp. (hereinafter \u{201c}Acme\u{201d}) moves. Acme asks.",
                "Acme",
            ),
            ("The order (entered May 5, \"Order\") stands.", "Order"),
        ] {
            let defs = find(text, &markdown::parse(text));
            let terms: Vec<&str> = defs.iter().map(|d| d.term.as_str()).collect();
            assert_eq!(terms, [term], "{text}");
        }
    }

    #[test]
    fn definitions_and_uses() {
        let text = "Kunshan GuoLi Electronic Technology Co., Ltd. (\"GuoLi\") and Buan (together, \u{201c}Defendants\u{201d}) moved. GuoLi's motion and Defendants' brief. GuoLiX is another word. (the \u{201c}January 5 Order\u{201d}) `GuoLi` in code.";
        let defs = find(text, &markdown::parse(text));
        let terms: Vec<&str> = defs.iter().map(|d| d.term.as_str()).collect();
        assert_eq!(terms, ["GuoLi", "Defendants", "January 5 Order"]);
        assert_eq!(
            defs[0].uses.len(),
            1,
            "GuoLi's counts; GuoLiX and code do not: {:?}",
            defs[0]
                .uses
                .iter()
                .map(|u| &text[u.start - 3..u.end + 3])
                .collect::<Vec<_>>()
        );
        assert_eq!(defs[1].uses.len(), 1);
        assert!(defs[2].uses.is_empty());
        assert!(text[defs[0].sentence.clone()].starts_with("Kunshan"));
    }

    #[test]
    fn a_use_is_a_whole_word_next_to_any_script() {
        // Before the term: an accented letter, a CJK character, an underscore and a digit
        // make it part of a longer word; a curly quote, an em dash and an emoji do not.
        let text = "The agreement (the \"Plan\") stands. éPlan 计划Plan _Plan 9Plan \u{201c}Plan\u{201d} \u{2014}Plan \u{1F600}Plan Plan_ Planned Plan\u{e9}.";
        let defs = find(text, &markdown::parse(text));
        assert_eq!(defs.len(), 1);
        let before: Vec<char> = defs[0]
            .uses
            .iter()
            .map(|u| text[..u.start].chars().next_back().unwrap())
            .collect();
        assert_eq!(before, ['\u{201c}', '\u{2014}', '\u{1F600}']);
    }
}
