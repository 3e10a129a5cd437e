//! The citation recognizer: rules, statutes, regulations, Restatements, cases (full,
//! short, `Id.`, `supra`), foreign laws and record citations, each with its byte range
//! and a normalized identity. Pure; shared by hover, links, the table of authorities
//! and the rules that reason about citations.
//!
//! A table of recognizers (`RECOGNIZERS`: a name, the words its matches contain, a
//! pattern, a builder) plus the reporter scanner for cases (`cases`, driven by
//! reporters-db's table). A row searches the text only if one of its words occurs. Then overlaps are settled (the longer citation wins) and
//! `Id.`, short forms and `supra` are resolved (`resolve`).

mod cases;
mod foreign;
mod names;
mod record;
mod resolve;
mod short_forms;
mod statutes;

pub use cases::{table_source, Edition, REPORTERS};
use foreign::*;
pub use foreign::{foreign_law_name, foreign_law_of};
use record::*;
use short_forms::*;
use statutes::*;

use crate::incremental;
use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationKind {
    Rule,
    LocalRule,
    Statute,
    Regulation,
    Restatement,
    Case,
    CaseShort,
    Id,
    Supra,
    ForeignLaw,
    Record,
}

impl CitationKind {
    pub fn label(self) -> &'static str {
        match self {
            CitationKind::Rule => "Rules",
            CitationKind::LocalRule => "Local rules",
            CitationKind::Statute => "Statutes",
            CitationKind::Regulation => "Regulations",
            CitationKind::Restatement => "Restatements",
            CitationKind::Case
            | CitationKind::CaseShort
            | CitationKind::Id
            | CitationKind::Supra => "Cases",
            CitationKind::ForeignLaw => "Foreign laws",
            CitationKind::Record => "Record",
        }
    }
}

/// The parts of a case citation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseParts {
    pub name: Option<String>,
    pub volume: String,
    pub reporter: String,
    pub page: String,
    pub court: Option<String>,
    pub year: Option<String>,
}

/// One citation. Kept small (80 bytes): a brief can hold a hundred thousand, most of
/// them `Id.`, rules and record cites with no case parts, no name and a short pin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub kind: CitationKind,
    pub range: Range<usize>,
    /// Normalized identity: the same authority cited two ways has one identity
    /// ("Fed. R. Civ. P. 34(b)(2)(B)", "482 U.S. 522", "PIPL art. 41", "Dkt. 142").
    /// For `Id.`, short forms and `supra`, the identity they resolve to (or empty).
    pub identity: String,
    pub pin: Option<Box<str>>,
    pub case: Option<Box<CaseParts>>,
    /// For `Id.`, short forms and `supra`: the index of the citation resolved to
    /// (`UNRESOLVED` if none; see `resolves_to`).
    antecedent: u32,
    /// Where a case's name is written before it (see `name_range`); boxed because
    /// most citations have none.
    name: Option<Box<Range<usize>>>,
}

const UNRESOLVED: u32 = u32::MAX;

impl Citation {
    /// For `Id.`, short forms and `supra`: the index of the citation resolved to.
    pub fn resolves_to(&self) -> Option<usize> {
        (self.antecedent != UNRESOLVED).then_some(self.antecedent as usize)
    }

    fn resolve_to(&mut self, index: usize) {
        // Documents are at most a few megabytes: an index fits in 32 bits.
        self.antecedent = u32::try_from(index).unwrap_or(UNRESOLVED);
    }

    /// Where a case's name is written before it: "Fischer v. Forrest" before a full
    /// citation, "Fischer" before a short one ("Fischer, 2017 WL 773694, at *3"). Hover
    /// and links on the name are those of the citation.
    pub fn name_range(&self) -> Option<Range<usize>> {
        self.name.as_deref().cloned()
    }

    fn set_name_range(&mut self, range: Option<Range<usize>>) {
        self.name = range.map(Box::new);
    }

    /// This citation, found in a piece of text that starts `offset` bytes into the
    /// document, placed in the document.
    fn move_by(&mut self, offset: usize) {
        self.range = self.range.start + offset..self.range.end + offset;
        if let Some(name) = self.name.as_deref_mut() {
            *name = name.start + offset..name.end + offset;
        }
    }
}

/// The citation at byte `offset`, on the citation itself or on its case name, and the
/// range under the cursor (the citation's, or the name's).
pub fn citation_at(citations: &[Citation], offset: usize) -> Option<(&Citation, Range<usize>)> {
    let within = |r: &Range<usize>| r.start <= offset && offset < r.end;
    citations
        .iter()
        .find(|c| within(&c.range))
        .map(|c| (c, c.range.clone()))
        .or_else(|| {
            citations.iter().find_map(|c| {
                let name = c.name_range()?;
                within(&name).then_some((c, name))
            })
        })
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clean_pin(pin: &str) -> String {
    let pin = pin
        .trim_start_matches([',', ' ', '\n'])
        .trim_start_matches("at ");
    // Most pins ("544", "544 n.3") are already clean: one copy, no splitting.
    let clean = !pin.contains(['\\', '\n', '\r', '\t'])
        && !pin.contains("  ")
        && !pin.starts_with(char::is_whitespace)
        && !pin.ends_with(char::is_whitespace)
        && pin.chars().all(|c| c == ' ' || !c.is_whitespace());
    if clean {
        pin.to_string()
    } else {
        normalize_space(pin.replace('\\', "").as_str())
    }
}

use cases::PIN;

/// What a builder sees besides its match: the whole text. (The citations found so far
/// are the vector it pushes to.)
struct Ctx<'a> {
    text: &'a str,
}

/// One row of the table: a name (for profiles and tests), the words one of which every
/// match contains (`needles`: the prefilter; a row whose needles are all absent from
/// the text does not search it), a pattern, and a builder that turns a match into zero
/// or more citations. `data` is the row's own datum (the identity of a foreign law).
///
/// The prefilter is plain substring search, not a `RegexSet`: on a real opinion, with
/// citations everywhere, a set of these patterns spent 20-60 ms a megabyte rebuilding
/// its lazy DFA; substring search costs microseconds.
struct Recognizer {
    name: &'static str,
    needles: Vec<&'static str>,
    pattern: Regex,
    build: fn(&Ctx, &Captures, &'static str, &mut Vec<Citation>),
    data: &'static str,
}

fn citation(kind: CitationKind, identity: String, range: Range<usize>) -> Citation {
    Citation {
        kind,
        range,
        identity,
        pin: None,
        case: None,
        antecedent: UNRESOLVED,
        name: None,
    }
}

/// The rows: (name, pattern, builder). Order matters only where a builder reads what
/// rows before it found (the short Restatement after the full ones).
fn fixed_rows() -> Vec<Row> {
    vec![
        (
            "federal-rule",
            &["Fed", "FR"],
            format!(
                r"(?-u:\b)(?:Fed(?:eral|\.)\s*R(?:ules?|\.)\s*(?:of\s+)?{RULE_SET}|(?P<abbr>FRCP|FRE|FRAP|FRCrP|FRBP))\s*{RULE_NUMBERS}"
            ),
            build_federal_rule,
        ),
        (
            "bare-rule",
            &["Rule"],
            format!(r"(?-u:\b)Rules?\s+{RULE_NUMBERS}"),
            build_bare_rule,
        ),
        (
            "local-rule",
            &["Local", "L.", "LR"],
            r"(?x)
            (?-u:\b)(?:Local\s+(?:Civil\s+|Civ\.\s*)?Rules?|Local\s+Civ(?:il|\.)\s*R(?:ule|\.)|(?:Civ\.\s*)?L\.\s?R\.|L\.\s?Civ\.\s?R\.|(?:Civil\s+)?L\.R\.|LR)
            \s*(?P<number>[0-9]+(?:[.-][0-9]+)*[a-z]?(?:\([a-z0-9]{1,4}\))*)"
                .to_string(),
            build_local_rule,
        ),
        (
            "us-code",
            &["U."],
            r"(?-u:\b)(?P<title>[0-9]{1,2})\s+U\.\s?S\.\s?C\.(?:\s?A\.)?\s*(?:(?:§§?|[Ss]ec(?:tion|\.)|[Ss]s\.)\s*)?(?P<section>[0-9]+[a-zA-Z]?(?:-[0-9]+)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)(?:\s*(?:[-–—]|,|and|&)\s*(?P<end>[0-9]+[a-zA-Z]?)(?:\([a-zA-Z0-9]{1,4}\))*)?"
                .to_string(),
            build_statute,
        ),
        (
            "state-code",
            &["Code", "U.", "Stat.", "Laws"],
            // "Cal. Civ. Proc. Code § 2031.240", "N.Y. U.C.C. § 2-306(1)",
            // "Tex. Gov't Code Ann. § 552.101", "Fla. Stat. § 768.28": the pattern starts
            // at the code's last word (a literal the engine skips to); the builder reads
            // the state and code names backwards from it.
            r"(?-u:\b)(?P<kw>Code|U\.\s?C\.\s?C\.|Stat\.|Laws)(?P<ann>\s+Ann\.)?\s*§§?\s*(?P<section>[0-9]+[A-Za-z]?(?:[.:-][0-9]+[A-Za-z]?)*)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)"
                .to_string(),
            build_state_code,
        ),
        (
            "regulation",
            &["C."],
            r"(?-u:\b)(?P<title>[0-9]{1,2})\s+C\.\s?F\.\s?R\.\s*(?:§§?|[Pp]arts?)\s*(?P<section>[0-9]+(?:\.[0-9]+[a-zA-Z0-9\-]*)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)"
                .to_string(),
            build_regulation,
        ),
        (
            "restatement",
            &["Restatement"],
            r"(?-u:\b)Restatement\s+\((?P<edition>First|Second|Third|Fourth)\)\s+of\s+(?P<subject>(?:the\s+)?[A-Z][A-Za-z]+(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][A-Za-z]+){0,5})\s*(?:of\s+the\s+United\s+States\s*)?(?:§§?\s*(?P<section>[0-9]+)(?P<sub>(?:\([a-z0-9]{1,4}\))*))?"
                .to_string(),
            build_restatement,
        ),
        (
            "restatement-short",
            &["Restatement"],
            r"(?-u:\b)Restatement\s+§\s*(?P<section>[0-9]+)(?P<sub>(?:\([a-z0-9]{1,4}\))*)"
                .to_string(),
            build_restatement_short,
        ),
        (
            "record",
            &["Dkt", "ECF", "D.E.", "Doc.", "Ex", "R."],
            r"(?x)
            (?-u:\b)(?P<docket>Dkt\.|ECF|D\.E\.|Doc\.)\s*(?:Nos?\.?\s*|\#\s*)?\[?\#?\s*(?P<dnum>[0-9]{1,6})(?:\s*[-–]\s*[0-9]{1,6})?\]?
          | (?-u:\b)(?P<exhibit>Exs?\.|Exhibits?)\s+(?P<enum>[A-Z]{1,2}(?-u:\b)|[0-9]{1,4}(?:-[0-9]+)?(?-u:\b))
          | (?-u:\b)(?P<record>R\.)\s+(?P<rnum>[0-9]{1,6})(?-u:\b)"
                .to_string(),
            build_record,
        ),
        (
            "declaration",
            &["Decl.", "Dep.", "Aff."],
            r"(?-u:\b)(?P<declarant>[A-Z][A-Za-z'’\-]+)\s+(?P<decl>Decl\.|Dep\.|Aff\.)".to_string(),
            build_record,
        ),
        (
            "supra",
            &["supra"],
            r"(?-u:\b)supra(?:\*|_)?(?-u:\b)".to_string(),
            build_supra,
        ),
        (
            "id",
            &["Id.", "id.", "bid."],
            // "Id.", "id., at 5", "Id. at 504 n.3", "Id. ¶ 12", "Ibid.". No groups: the
            // engine finds the match without its slower capturing search (a brief can
            // hold thousands of these); the builder reads the pin from the match.
            format!(
                r"(?:[Ii]d\.|[Ii]bid\.)(?:,?\s+at\s+{PIN}|\s+¶¶?\s*[0-9]+(?:\s*[-–]\s*[0-9]+)?)?"
            ),
            build_id,
        ),
    ]
}

type BuildFn = fn(&Ctx, &Captures, &'static str, &mut Vec<Citation>);
type Row = (&'static str, &'static [&'static str], String, BuildFn);

static RECOGNIZERS: LazyLock<Vec<Recognizer>> = LazyLock::new(|| {
    let mut rows: Vec<Recognizer> = fixed_rows()
        .into_iter()
        .map(|(name, needles, pattern, build)| Recognizer {
            name,
            needles: needles.to_vec(),
            pattern: Regex::new(&pattern)
                .unwrap_or_else(|e| panic!("citation pattern {name}: {e}")),
            build,
            data: "",
        })
        .collect();
    for (identity, needles, name) in foreign_law_rows() {
        // "Article 36 of the Data Security Law", "DSL art. 36", "the DSL".
        let pattern = format!(
            r"(?:{ARTICLE}\s+of\s+(?:the\s+|China's\s+)?(?:{name})|(?:{name})(?:,?\s*\((?P<version1>2010|2024)(?:\s+rev\.)?\))?(?:,?\s+{ARTICLE2})?)(?:\s*\((?P<version>2010|2024)(?:\s+rev\.)?\))?",
            ARTICLE2 = ARTICLE
                .replace("?P<article>", "?P<article2>")
                .replace("?P<artsub>", "?P<artsub2>")
                .replace("?P<bis>", "?P<bis2>")
        );
        rows.push(Recognizer {
            name: "foreign-law",
            needles,
            pattern: Regex::new(&pattern)
                .unwrap_or_else(|e| panic!("foreign law {identity} in data/authorities.toml: {e}")),
            build: build_foreign_law,
            data: identity,
        });
    }
    rows
});

/// The table's prefilter: every row's needles in one automaton, so a text is read once
/// to learn which occur (a substring search per needle read a 64 KB piece about forty
/// times, 6 of the 70 million instructions of a 100-page analysis).
struct Prefilter {
    /// The needles in two leftmost-longest automata, so that the search can use its packed
    /// (SIMD) form (an overlapping search reads the text a byte at a time): needles of
    /// three bytes or more, whose first three bytes are seldom in prose, and the shorter
    /// ones ("C.", "Ex"), which would make every candidate a two-byte one. With each
    /// automaton, the index of each of its needles among all.
    automata: Vec<(aho_corasick::AhoCorasick, Vec<usize>)>,
    /// For each needle, the needles that are prefixes of it, itself included: where it
    /// starts, they start too.
    prefixes: Vec<Vec<usize>>,
    /// For each needle, the others that can start inside it (after its first byte) where
    /// it is found: the search goes on from the byte after a match's start only while
    /// one of them is still missing, else from the match's end.
    inside: Vec<Vec<usize>>,
    /// For each row of `RECOGNIZERS`, the indices of its needles.
    rows: Vec<Vec<usize>>,
    needles: usize,
}

impl Prefilter {
    /// Which needles occur in `text`, by index. Each search finds, at each place where
    /// one of its needles starts, the longest one there, and goes on from the next byte
    /// (from the match's end when no needle still missing can start inside it): every
    /// needle found is the longest of its automaton at its start or a prefix of it.
    fn needles_in(&self, text: &str) -> Vec<bool> {
        let mut present = vec![false; self.needles];
        let mut missing = self.needles;
        for (automaton, indices) in &self.automata {
            let mut from = 0;
            while let Some(m) =
                automaton.find(aho_corasick::Input::new(text).span(from..text.len()))
            {
                for &needle in &self.prefixes[indices[m.pattern().as_usize()]] {
                    if !present[needle] {
                        present[needle] = true;
                        missing -= 1;
                    }
                }
                if missing == 0 {
                    return present;
                }
                let found = indices[m.pattern().as_usize()];
                from = if self.inside[found].iter().all(|&other| present[other]) {
                    m.end()
                } else {
                    m.start() + 1
                };
            }
        }
        present
    }
}

static PREFILTER: LazyLock<Prefilter> = LazyLock::new(|| {
    let mut needles: Vec<&'static str> = Vec::new();
    let rows = RECOGNIZERS
        .iter()
        .map(|row| {
            row.needles
                .iter()
                .map(|needle| match needles.iter().position(|n| n == needle) {
                    Some(i) => i,
                    None => {
                        needles.push(needle);
                        needles.len() - 1
                    }
                })
                .collect()
        })
        .collect();
    let prefixes = needles
        .iter()
        .map(|needle| {
            (0..needles.len())
                .filter(|&other| needle.starts_with(needles[other]))
                .collect()
        })
        .collect();
    // B can start inside A where A is found when, from some byte of A after its first,
    // B begins with the rest of A or the rest of A begins with B.
    let inside = needles
        .iter()
        .map(|a| {
            (0..needles.len())
                .filter(|&b| {
                    (1..a.len()).any(|k| {
                        let rest = &a.as_bytes()[k..];
                        let b = needles[b].as_bytes();
                        rest.starts_with(b) || b.starts_with(rest)
                    })
                })
                .collect()
        })
        .collect();
    let automaton = |short: bool| {
        let indices: Vec<usize> = (0..needles.len())
            .filter(|&i| (needles[i].len() < 3) == short)
            .collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(indices.iter().map(|&i| needles[i]))
            .expect("the needles are literals");
        (automaton, indices)
    };
    Prefilter {
        automata: vec![automaton(false), automaton(true)],
        prefixes,
        inside,
        rows,
        needles: needles.len(),
    }
});

/// The names of the table's rows, in order (for tests and profiles).
pub fn recognizer_names() -> Vec<&'static str> {
    RECOGNIZERS.iter().map(|r| r.name).collect()
}

/// Recognizes every citation in `text`, skipping `opaque` ranges (code, HTML comments).
pub fn recognize(text: &str, opaque: &[Range<usize>]) -> Vec<Citation> {
    let pieces = crate::markdown::pieces(text, crate::markdown::CHUNK_BYTES).collect();
    recognize_in_pieces(text, opaque, None, pieces)
}

/// `recognize`, each piece's citations kept in `cache` for the next analysis: a keystroke
/// in a 500-page brief re-reads the one piece it changed, not the whole brief.
pub(crate) fn recognize_cached(
    text: &str,
    structure: &crate::markdown::Structure,
    cache: Option<&incremental::Cache>,
) -> Vec<Citation> {
    let pieces = crate::markdown::piece_texts(text, &structure.pieces);
    recognize_in_pieces(text, &structure.opaque, cache, pieces)
}

/// A long text is read in the pieces its Markdown is parsed in (`markdown::pieces`: cut
/// only between paragraphs, which no citation crosses), with or without a cache, so that
/// the editor and `brieflint check` find the same citations. What refers back (`Id.`,
/// short forms, a short Restatement) is resolved over the whole text afterwards.
fn recognize_in_pieces(
    text: &str,
    opaque: &[Range<usize>],
    cache: Option<&incremental::Cache>,
    pieces: Vec<(usize, &str)>,
) -> Vec<Citation> {
    // One piece is the whole text: nothing to reuse on the next keystroke.
    let cache = cache.filter(|_| pieces.len() > 1);
    let mut found: Vec<Citation> = Vec::new();
    for (offset, piece) in pieces {
        let end = offset + piece.len();
        // (`opaque` is in document order and does not overlap.)
        let first = opaque.partition_point(|o| o.end <= offset);
        let local: incremental::Relative = opaque[first..]
            .iter()
            .take_while(|o| o.start < end)
            .map(|o| (o.start.max(offset) - offset) as u32..(o.end.min(end) - offset) as u32)
            .collect();
        let read = |local: &incremental::Relative| {
            let local: Vec<Range<usize>> = local
                .iter()
                .map(|r| r.start as usize..r.end as usize)
                .collect();
            recognize_unresolved(piece, &local)
        };
        let mut citations = match cache {
            Some(cache) => cache
                .get_or_compute(incremental::Step::Citations, piece, local.clone(), || {
                    read(&local)
                })
                .to_vec(),
            None => read(&local),
        };
        citations.iter_mut().for_each(|c| c.move_by(offset));
        if found.is_empty() {
            // The first piece's vector becomes the whole: a text of one piece (a 1 MB
            // paragraph of `Id.`) is never copied.
            found = citations;
        } else {
            // Grown by a sixteenth at least, as `Found` grows: not doubled.
            found.reserve_exact(citations.len().max(found.len() / 16));
            found.append(&mut citations);
        }
    }
    resolve::restatements(&mut found);
    resolve::resolve(text, &mut found);
    resolve::names(text, &mut found);
    found
}

/// Every citation in `text` as its recognizers read it, overlaps removed, nothing
/// resolved yet.
fn recognize_unresolved(text: &str, opaque: &[Range<usize>]) -> Vec<Citation> {
    let mut found = Found::new(opaque);
    if text.bytes().any(|b| b.is_ascii_digit()) {
        cases::scan(text, &mut found);
    }
    let present = PREFILTER.needles_in(text);
    for (row, needles) in RECOGNIZERS.iter().zip(&PREFILTER.rows) {
        if !needles.iter().any(|&n| present[n]) {
            continue;
        }
        let cx = Ctx { text };
        for c in row.pattern.captures_iter(text) {
            found.make_room();
            (row.build)(&cx, &c, row.data, &mut found.all);
        }
    }
    let mut found = found.into_vec();
    // Overlaps: the longer citation wins (a full cite over the short form inside it).
    // Unstable sort: the stable one allocates a copy of the vector. Ties are broken on
    // what the citations are, so the order never depends on the order rows ran in.
    found.sort_unstable_by(|a, b| {
        (a.range.start, b.range.end, a.kind, &a.identity).cmp(&(
            b.range.start,
            a.range.end,
            b.kind,
            &b.identity,
        ))
    });
    let mut end = None;
    found.retain(|c| {
        if end.is_some_and(|e| c.range.start < e) {
            return false;
        }
        end = Some(c.range.end);
        true
    });
    found
}

/// The citations found so far, in one vector that grows by a sixteenth at a time rather
/// than doubling: a brief can hold a hundred thousand citations, and a doubled vector is
/// up to half empty (1 MB of `Id.` peaked at 24 MB of heap).
struct Found<'a> {
    opaque: &'a [Range<usize>],
    all: Vec<Citation>,
}

impl<'a> Found<'a> {
    /// The least the vector grows by, and the room kept free for one builder's pushes.
    const STEP: usize = 1024;
    const ROOM: usize = 8;

    fn new(opaque: &'a [Range<usize>]) -> Self {
        Found {
            opaque,
            all: Vec::new(),
        }
    }

    fn push(&mut self, citation: Citation) {
        self.make_room();
        self.all.push(citation);
    }

    /// The latest citation found.
    fn last(&self) -> Option<&Citation> {
        self.all.last()
    }

    /// Room for a builder's pushes without the vector doubling.
    fn make_room(&mut self) {
        if self.all.capacity() - self.all.len() < Self::ROOM {
            self.all
                .reserve_exact((self.all.len() / 16).max(Self::STEP));
        }
    }

    fn into_vec(self) -> Vec<Citation> {
        let opaque = self.opaque;
        let mut all = self.all;
        all.retain(|c| !in_opaque(opaque, &c.range));
        all
    }
}

/// Whether `range` touches one of the sorted, non-overlapping `opaque` ranges.
fn in_opaque(opaque: &[Range<usize>], range: &Range<usize>) -> bool {
    let idx = opaque.partition_point(|r| r.end <= range.start);
    opaque.get(idx).is_some_and(|r| r.start < range.end)
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    cases::compile();
    names::compile();
    LazyLock::force(&RECOGNIZERS);
    LazyLock::force(&PREFILTER);
    LazyLock::force(&RULE_NUMBER);
    LazyLock::force(&OF_THE_RULES);
    LazyLock::force(&SUPRA_NAME);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a text in pieces cut as small as the cutting rules allow finds the
    /// citations reading it whole finds: no citation, case name or look-back crosses a cut.
    fn same_in_pieces(text: &str) -> usize {
        let opaque = crate::markdown::parse(text).opaque;
        let in_pieces = |bytes| crate::markdown::pieces(text, bytes).collect();
        let whole = recognize_in_pieces(text, &opaque, None, in_pieces(usize::MAX));
        let pieces = recognize_in_pieces(text, &opaque, None, in_pieces(1));
        assert_eq!(pieces, whole, "{text:?}");
        crate::markdown::pieces(text, 1).count()
    }

    /// The one-pass prefilter finds exactly the needles a search for each would find.
    #[test]
    fn the_prefilter_finds_each_needle_a_substring_search_finds() {
        let mut files = Vec::new();
        crate::fixture_tests::markdown_files(&crate::fixture_tests::root(), &mut files);
        let mut texts: Vec<String> = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect();
        assert!(texts.len() > 100, "{}", texts.len());
        texts.extend(
            [
                "",
                "Fed",
                "FRFed",
                "U.S.C.",
                "Dkt.ECF",
                "Id.id.Ibid.",
                "Restatement supra",
                "U.L.R.C.Ex.FR",
                "Id.Id.Id. supra supra Ibid.id.",
                "StGBStat.Stat.StGB",
            ]
            .map(String::from),
        );
        let mut needles: Vec<&str> = RECOGNIZERS.iter().flat_map(|r| r.needles.clone()).collect();
        needles.sort();
        needles.dedup();
        for text in &texts {
            let present = PREFILTER.needles_in(text);
            for (row, indices) in RECOGNIZERS.iter().zip(&PREFILTER.rows) {
                for (needle, &i) in row.needles.iter().zip(indices) {
                    assert_eq!(
                        present[i],
                        text.contains(needle),
                        "{needle:?} in {text:.80?}"
                    );
                }
            }
        }
        assert_eq!(PREFILTER.needles, needles.len());
    }

    #[test]
    fn every_fixture_and_corpus_text_has_the_same_citations_in_pieces() {
        crate::fixture_tests::every_fixture_reads_the_same_in_pieces(same_in_pieces);
    }

    #[test]
    fn a_long_document_reuses_its_unchanged_pieces_and_finds_what_a_fresh_read_finds() {
        let paragraph =
            "See Mujica v. AirScan Inc., 771 F.3d 580, 589 (9th Cir. 2014). Id. at 590. \
                         Fed. R. Civ. P. 34(b)(2)(C); Mujica, 771 F.3d at 591.\n\n";
        let mut text = paragraph.repeat(3 * crate::markdown::CHUNK_BYTES / paragraph.len());
        let cache = incremental::Cache::new();
        let config = crate::config::Config::default();
        for edit in 0..3 {
            cache.begin(&config, &text);
            let structure = crate::markdown::parse(&text);
            assert!(structure.opaque.is_empty() && structure.pieces.len() > 2);
            let cached = recognize_cached(&text, &structure, Some(&cache));
            cache.end();
            assert_eq!(cached, recognize(&text, &[]), "edit {edit}");
            assert!(cached.iter().any(|c| c.resolves_to().is_some()));
            // Change the middle, then the start: short forms after the edit still resolve.
            let at = if edit == 0 { text.len() / 2 } else { 0 };
            let at = text[..at].rfind("\n\n").map_or(0, |i| i + 2);
            text.insert_str(at, "Id. at 7. See 28 U.S.C. § 1782.\n\n");
        }
    }

    #[test]
    fn a_district_courts_local_rule_is_not_a_federal_rule_or_a_record_cite() {
        for text in [
            "Under D. Kan. Rule 7.3, a motion to reconsider is due in 14 days.",
            "See N.D. Ill. R. 37.2 and S.D.N.Y. Rule 6.3.",
            "The D.D.C. Rule 7(m) duty applies.",
        ] {
            assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
        }
        assert_eq!(
            one("Rule 26(b)(1) limits discovery.").2,
            "Fed. R. Civ. P. 26(b)(1)"
        );
        assert_eq!(one("See R. 37, 42.").2, "R. 37");
    }

    #[test]
    fn a_case_name_does_not_begin_in_the_paragraph_before() {
        let text = "waived in the Middle District of Florida.\n\nIn Martin v. Zale Delaware, Inc., 2008 WL 5255555 (M.D. Fla. 2008), the court agreed.";
        let found = recognize(text, &[]);
        let name = found[0].case.as_ref().unwrap().name.as_deref();
        assert_eq!(name, Some("Martin v. Zale Delaware, Inc."));
    }

    fn ids(text: &str) -> Vec<(CitationKind, String, String)> {
        recognize(text, &[])
            .into_iter()
            .map(|c| (c.kind, text[c.range.clone()].to_string(), c.identity))
            .collect()
    }

    fn one(text: &str) -> (CitationKind, String, String) {
        let all = ids(text);
        assert_eq!(all.len(), 1, "{text:?} -> {all:?}");
        all.into_iter().next().unwrap()
    }

    /// A long brief holds a hundred thousand citations: their size is a memory budget
    /// (BENCHMARKS.md, "Inputs built to be slow").
    #[test]
    fn a_citation_stays_small() {
        assert!(std::mem::size_of::<Citation>() <= 80);
    }

    #[test]
    fn a_short_restatement_takes_the_full_one_before_it() {
        let text =
            "Restatement (Third) of Foreign Relations Law § 442(1)(c). See Restatement § 441. \
                    Restatement (Second) of Torts § 1. Restatement § 2.";
        let identities: Vec<String> = recognize(text, &[])
            .into_iter()
            .map(|c| c.identity)
            .collect();
        assert_eq!(
            identities,
            [
                "Restatement (Third) of Foreign Relations Law § 442(1)(c)",
                "Restatement (Third) of Foreign Relations Law § 441",
                "Restatement (Second) of Torts § 1",
                "Restatement (Second) of Torts § 2",
            ]
        );
        assert_eq!(one("Restatement § 7").2, "Restatement § 7");
    }

    #[test]
    fn federal_rules_in_every_spelling() {
        for (text, identity) in [
            ("Fed. R. Civ. P. 34(b)(2)(B)", "Fed. R. Civ. P. 34(b)(2)(B)"),
            ("FRCP 26(b)(1)", "Fed. R. Civ. P. 26(b)(1)"),
            (
                "Federal Rule of Civil Procedure 37(a)(1)",
                "Fed. R. Civ. P. 37(a)(1)",
            ),
            ("Fed. R. Evid. 502(d)", "Fed. R. Evid. 502(d)"),
            ("Fed. R. App. P. 4(a)", "Fed. R. App. P. 4(a)"),
            ("under Rule 34(b)(2)(C), the", "Fed. R. Civ. P. 34(b)(2)(C)"),
            ("Fed.R.Civ.P. 44.1", "Fed. R. Civ. P. 44.1"),
        ] {
            let (kind, _, id) = one(text);
            assert_eq!(
                (kind, id.as_str()),
                (CitationKind::Rule, identity),
                "{text}"
            );
        }
        for (text, identity) in [
            ("Local Civ. R. 6.3", "Local Rule 6.3"),
            ("L.R. 37.2", "Local Rule 37.2"),
            ("Civ. L.R. 7-9", "Local Rule 7-9"),
            ("Local Rule 37.2", "Local Rule 37.2"),
        ] {
            let (kind, _, id) = one(text);
            assert_eq!(
                (kind, id.as_str()),
                (CitationKind::LocalRule, identity),
                "{text}"
            );
        }
    }

    #[test]
    fn statutes_regulations_restatements() {
        assert_eq!(one("28 U.S.C. § 1746.").2, "28 U.S.C. § 1746");
        let (_, text, id) = one("28 U.S.C. §§ 1331–1332");
        assert_eq!(
            (text.as_str(), id.as_str()),
            ("28 U.S.C. §§ 1331–1332", "28 U.S.C. § 1331")
        );
        assert_eq!(one("17 C.F.R. § 240.10b-5").2, "17 C.F.R. § 240.10b-5");
        assert_eq!(
            one("Restatement (Third) of Foreign Relations Law § 442(1)(c)").2,
            "Restatement (Third) of Foreign Relations Law § 442(1)(c)"
        );
    }

    #[test]
    fn cases_full_short_id_supra() {
        let text = "See Société Nationale Industrielle Aérospatiale v. U.S. Dist. Ct., 482 U.S. 522, 544 n.29 (1987); Inventus Power, Inc. v. Shenzhen Ace Battery Co., 339 F.R.D. 487, 505 (N.D. Ill. 2021). Id. at 504. Republic Techs. v. BBK, 2017 WL 4287205, at \\*1 (N.D. Ill. Sept. 27, 2017). Aerospatiale, 482 U.S. at 544. Inventus, supra.";
        let citations = recognize(text, &[]);
        let kinds: Vec<CitationKind> = citations.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                CitationKind::Case,
                CitationKind::Case,
                CitationKind::Id,
                CitationKind::Case,
                CitationKind::CaseShort,
                CitationKind::Supra
            ]
        );
        let aero = &citations[0];
        assert_eq!(&text[aero.range.clone()], "482 U.S. 522, 544 n.29");
        assert_eq!(aero.identity, "482 U.S. 522");
        assert_eq!(aero.pin.as_deref(), Some("544 n.29"));
        let parts = aero.case.as_ref().unwrap();
        assert_eq!(
            parts.name.as_deref(),
            Some("Société Nationale Industrielle Aérospatiale v. U.S. Dist. Ct.")
        );
        assert_eq!(parts.year.as_deref(), Some("1987"));
        let inventus = citations[1].case.as_ref().unwrap();
        assert_eq!(inventus.court.as_deref(), Some("N.D. Ill."));
        assert_eq!(
            inventus.name.as_deref(),
            Some("Inventus Power, Inc. v. Shenzhen Ace Battery Co.")
        );
        assert_eq!(citations[2].identity, "339 F.R.D. 487");
        assert_eq!(citations[2].pin.as_deref(), Some("504"));
        assert_eq!(citations[3].identity, "2017 WL 4287205");
        assert_eq!(citations[3].pin.as_deref(), Some("*1"));
        assert_eq!(citations[4].identity, "482 U.S. 522");
        assert_eq!(citations[4].resolves_to(), Some(0));
        assert_eq!(citations[5].identity, "339 F.R.D. 487");
    }

    #[test]
    fn tricky_layouts() {
        // Split across a line break, en dash pin, parallel cite, F. Supp. 3d spacing.
        let (_, text, id) =
            one("Laydon v. Mizuho Bank, Ltd., 183 F.\nSupp. 3d 409, 419–20 (S.D.N.Y. 2016)");
        assert_eq!(id, "183 F. Supp. 3d 409");
        assert!(text.ends_with("419–20"));
        let parallel = ids("Aerospatiale, 482 U.S. 522, 107 S. Ct. 2542, 96 L. Ed. 2d 461 (1987)");
        assert_eq!(parallel.len(), 3, "{parallel:?}");
        assert_eq!(parallel[1].2, "107 S. Ct. 2542");
        assert_eq!(one("2021 WL 6010575, at \\*1-2").2, "2021 WL 6010575");
        // Not citations: years, amounts, page counts, "Rule" as a word.
        assert!(ids("In 2019, Acme paid $5 million for 300 pages. As a rule, no.").is_empty());
    }

    #[test]
    fn foreign_laws_by_name_article_and_abbreviation() {
        for (text, identity) in [
            ("PIPL art. 41", "PIPL art. 41"),
            ("Article 36 of the Data Security Law", "DSL art. 36"),
            ("the Data Security Law", "DSL"),
            ("China's Personal Information Protection Law", "PIPL"),
            (
                "Law of the P.R.C. on Guarding State Secrets art. 9 (2010 rev.)",
                "GSSL art. 9 (2010 rev.)",
            ),
            (
                "Swiss Criminal Code (StGB) art. 271(1)",
                "Swiss Criminal Code art. 271(1)",
            ),
            (
                "Article 271 of the Swiss Criminal Code",
                "Swiss Criminal Code art. 271",
            ),
            ("Regulation (EU) 2016/679 (GDPR) art. 48", "GDPR art. 48"),
            ("Korea's Personal Information Protection Act", "Korea PIPA"),
            (
                "Article 277 of the Civil Procedure Law of the People's Republic of China",
                "PRC Civil Procedure Law art. 277",
            ),
            (
                "Law No. 68-678 art. 1 bis",
                "French Law No. 68-678 art. 1 bis",
            ),
        ] {
            let (kind, _, id) = one(text);
            assert_eq!(
                (kind, id.as_str()),
                (CitationKind::ForeignLaw, identity),
                "{text}"
            );
        }
    }

    #[test]
    fn record_citations() {
        for (text, identity) in [
            ("Dkt. No. 142", "Dkt. 142"),
            ("ECF No. 12", "Dkt. 12"),
            ("Ex. 5", "Ex. 5"),
            ("R. 367", "R. 367"),
            ("the Huang Decl.", "Huang Decl."),
            ("[Dkt. 120]", "Dkt. 120"),
        ] {
            let (kind, _, id) = one(text);
            assert_eq!(
                (kind, id.as_str()),
                (CitationKind::Record, identity),
                "{text}"
            );
        }
    }

    #[test]
    fn opaque_ranges_are_skipped() {
        let text = "`28 U.S.C. § 1746` and 28 U.S.C. § 1331";
        let citations = recognize(text, &[0..18]);
        assert_eq!(citations.len(), 1);
        assert_eq!(citations[0].identity, "28 U.S.C. § 1331");
    }
}
