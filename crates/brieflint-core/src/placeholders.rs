//! Drafting placeholders left in the author's own text ("[date]", "[state the reasons]",
//! "[●]", "XX/XX/XXXX"): what BL003 reports, and what no other rule may take for the
//! statement it looks for. A sentence that holds a placeholder is unfinished: it
//! satisfies nothing until the placeholder is filled.

use super::discovery::find_all_in;
use super::markdown::Structure;
use super::sentences;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Text between brackets, with at most one level of nested brackets ("[denied / heard on
/// [date] ...]"), within one block.
const INSIDE: &str = r"(?:[^\[\]]|\[[^\[\]]*\])*?";

/// A kind of placeholder: the pattern that finds it, and what filling it takes.
struct Kind {
    pattern: Regex,
    asks: fn(&str) -> String,
}

/// Whether `text` has what every placeholder has: a bracket or a mask ("XX"). Most
/// blocks have neither, and skip the patterns.
fn may_hold_placeholder(text: &str) -> bool {
    // One pass for '[', "XX" or "xx": run for every block on every keystroke, three
    // substring searches cost more in set-up than in reading a short block.
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'[', b'X', b'x', bytes)
        .any(|i| bytes[i] == b'[' || bytes.get(i + 1) == Some(&bytes[i]))
}

/// The text between a placeholder's outer brackets, as written.
fn inside(placeholder: &str) -> &str {
    let inner = placeholder.strip_prefix('[').unwrap_or(placeholder);
    inner.strip_suffix(']').unwrap_or(inner).trim()
}

/// A slot's name in a sentence: as written, unless written in capitals.
fn slot_name(placeholder: &str) -> String {
    let name = inside(placeholder)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.chars().any(char::is_lowercase) {
        name
    } else {
        name.to_lowercase()
    }
}

/// The kinds of placeholder, each a pattern. A bracketed alteration in legal usage
/// ("[t]he", "[sic]", "[emphasis added]", "[Chinese] law", "[PROPOSED]", "[Dkt. 12]")
/// matches none of them. The first kind is the drafter's instruction.
static KINDS: LazyLock<Vec<Kind>> = LazyLock::new(|| {
    let kind = |pattern: &str, asks: fn(&str) -> String| Kind {
        pattern: Regex::new(pattern).unwrap(),
        asks,
    };
    vec![
        // An instruction to the drafter: "[state ...]", "[insert date]", "[describe ...]".
        kind(
            &format!(
                r"(?i)\[\s*(?:state|describe|insert|identify|explain|list|specify|name|add|enter|provide|fill\s+in|complete|summarize|choose|select|confirm|cite)(?-u:\b){INSIDE}\]"
            ),
            // "[Name]" alone is a slot, not the verb.
            |p| match inside(p).to_lowercase().as_str() {
                "name" => "fill in the name".to_string(),
                _ => "write what it asks for".to_string(),
            },
        ),
        // A slot for a fact: "[date]", "[Client Name]", "[Bates number]", "[names of all
        // participants]".
        kind(
            &format!(
                r"(?i)\[\s*(?:[0-9A-Za-z_\u{{C0}}-\u{{24F}}'’.-]+\s+){{0,3}}?(?:dates?|times?|names?|numbers?|amounts?|address(?:es)?|deadlines?)(?:\s+(?:of|for)\s+{INSIDE})?\s*\]"
            ),
            |p| format!("fill in the {}", slot_name(p)),
        ),
        // A slot named by the party or thing that goes in it.
        kind(r"(?i)\[\s*(?:movant|party|category|client)\s*\]", |p| {
            format!("fill in the {}", slot_name(p))
        }),
        // Left to be decided: "[TBD]".
        kind(r"(?i)\[\s*(?:tbd|tba|tbc|tk)\s*\]", |_| {
            "fill in what was left to be decided".to_string()
        }),
        // A blank: "[●]", "[•]", "[__]", "[XX]", "[?]", "[ ]".
        kind(r"\[\s*(?:●+|•+|_+|X{2,}|x{2,}|\?+)?\s*\]", |_| {
            "fill in the blank".to_string()
        }),
        // Alternatives to choose from: "[pending / granted / denied]".
        kind(
            r"\[(?:[^\[\]/]|\[[^\[\]]*\])+?(?:\s/\s(?:[^\[\]/]|\[[^\[\]]*\])+?)+\]",
            |p| {
                let choices: Vec<&str> = inside(p).split(" / ").map(str::trim).collect();
                format!("choose one ({})", choices.join("; "))
            },
        ),
        // A date or year to be filled: "XX/XX/XXXX", "20XX".
        kind(
            r"(?-u:\b)(?:XX|xx)/(?:XX|xx)/(?:XXXX|xxxx|XX|xx)(?-u:\b)",
            |_| "fill in the date".to_string(),
        ),
        kind(r"(?-u:\b)(?:19|20)XX(?-u:\b)", |_| {
            "fill in the year".to_string()
        }),
    ]
});

/// What filling `placeholder` (a placeholder's text, as `find` returns it) takes: "fill
/// in the date", "choose one (pending; granted; denied)", "write what it asks for".
pub fn asks(placeholder: &str) -> String {
    KINDS
        .iter()
        .find(|k| {
            k.pattern
                .find(placeholder)
                .is_some_and(|m| m.range() == (0..placeholder.len()))
        })
        .map_or_else(|| "fill it in".to_string(), |k| (k.asks)(placeholder))
}

/// What was left out on purpose, and says so.
static WITHHELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:redacted|omitted|withheld|sealed|under\s+seal)(?-u:\b)").unwrap()
});

/// A list item's task box ("- [ ] "), not a blank.
static TASK_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\A\s*(?:[-*+]|[0-9]{1,9}[.)])\s*\z").unwrap());

/// Whether `at` in `block` falls inside a quotation opened earlier in the block, where a
/// bracket is the quoted author's or an alteration of the quotation.
fn inside_quotation(block: &str, at: usize) -> bool {
    let before = &block[..at];
    before.matches('"').count() % 2 == 1
        || before.matches('“').count() > before.matches('”').count()
}

/// The placeholders in `block` (a block of the structure), in order, never overlapping.
pub fn in_block(text: &str, structure: &Structure, block: &Range<usize>) -> Vec<Range<usize>> {
    let body = &text[block.clone()];
    if !may_hold_placeholder(body) {
        return Vec::new();
    }
    let mut found: Vec<Range<usize>> = Vec::new();
    for kind in KINDS.iter() {
        for m in find_all_in(&kind.pattern, text, block, structure) {
            let next = text[m.end..].chars().next();
            // A link's text ("[insert date](url)", "[date][1]") is not a placeholder.
            let link = text[m.clone()].starts_with('[') && matches!(next, Some('(' | '['));
            let line_start = text[..m.start].rfind('\n').map_or(0, |i| i + 1);
            let task = TASK_MARKER.is_match(&text[line_start..m.start]);
            // "[Redacted Name]", "[Address Omitted]": something taken out on purpose, not
            // an instruction about it ("[describe the materials withheld]").
            let withheld = WITHHELD.is_match(&text[m.clone()]) && !std::ptr::eq(kind, &KINDS[0]);
            if link || task || withheld || inside_quotation(body, m.start - block.start) {
                continue;
            }
            found.push(m);
        }
    }
    // An outer placeholder holds what a nested one matched; the earliest, longest wins.
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::new();
    for range in found {
        if out.last().map_or(true, |last| last.end <= range.start) {
            out.push(range);
        }
    }
    out
}

/// Every placeholder in the author's prose.
pub fn find(text: &str, structure: &Structure) -> Vec<Range<usize>> {
    structure
        .blocks
        .iter()
        .flat_map(|b| in_block(text, structure, &b.range))
        .collect()
}

/// The first placeholder that reaches into `range` (one may hold a sentence's end: "[state
/// the facts. Then ...]").
pub fn first_in(text: &str, structure: &Structure, range: &Range<usize>) -> Option<Range<usize>> {
    let blocks = &structure.blocks;
    let from = blocks.partition_point(|b| b.range.end <= range.start);
    blocks[from..]
        .iter()
        .take_while(|b| b.range.start < range.end)
        .flat_map(|b| in_block(text, structure, &b.range))
        .find(|p| p.start < range.end && range.start < p.end)
}

/// The sentence around `at` in its block (`at` itself outside any block).
fn sentence_around(text: &str, structure: &Structure, at: &Range<usize>) -> Range<usize> {
    let block = block_around(structure, at);
    if block == *at {
        return block;
    }
    sentences::split(text, block.clone())
        .into_iter()
        .find(|s| s.start <= at.start && at.start < s.end.max(s.start + 1))
        .unwrap_or(block)
}

/// The block around `at`, else `at` itself.
fn block_around(structure: &Structure, at: &Range<usize>) -> Range<usize> {
    let blocks = &structure.blocks;
    let index = blocks.partition_point(|b| b.range.end <= at.start);
    blocks
        .get(index)
        .filter(|b| b.range.start <= at.start)
        .map_or(at.clone(), |b| b.range.clone())
}

/// Whether a statement a rule looks for is made, as far as placeholders go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    /// Nowhere in the text.
    Absent,
    /// Only in sentences that hold a placeholder: the first such placeholder. The
    /// statement is not made; BL003 stands on the placeholder.
    Unfilled(Range<usize>),
    /// In a sentence with no placeholder.
    Made,
}

impl Statement {
    pub fn is_made(&self) -> bool {
        *self == Statement::Made
    }

    /// The placeholder the statement waits for, if it is made only there.
    pub fn placeholder(&self) -> Option<Range<usize>> {
        match self {
            Statement::Unfilled(p) => Some(p.clone()),
            _ => None,
        }
    }

    /// Whether the statement would be made once its placeholders were filled.
    pub fn is_written(&self) -> bool {
        *self != Statement::Absent
    }
}

/// Whether the statement found at `matches` (places where its words are, inside
/// `within`) is made: each is looked at in its sentence (the part of it inside `within`),
/// and counts only where that holds no placeholder.
pub fn statement(
    text: &str,
    structure: &Structure,
    within: &Range<usize>,
    matches: impl IntoIterator<Item = Range<usize>>,
) -> Statement {
    let mut unfilled = None;
    for m in matches {
        if !may_hold_placeholder(&text[block_around(structure, &m)]) {
            return Statement::Made;
        }
        let sentence = sentence_around(text, structure, &m);
        let sentence = sentence.start.max(within.start)..sentence.end.min(within.end);
        // Only a placeholder that starts inside `within` is reported, so that callers can
        // keep it relative to where they looked.
        match first_in(text, structure, &sentence).filter(|p| p.start >= within.start) {
            None => return Statement::Made,
            Some(p) => {
                unfilled.get_or_insert(p);
            }
        }
    }
    unfilled.map_or(Statement::Absent, Statement::Unfilled)
}

/// `statement` for the matches of `re` in `range` outside excluded regions.
pub fn statement_of(
    re: &Regex,
    text: &str,
    structure: &Structure,
    range: &Range<usize>,
) -> Statement {
    statement(
        text,
        structure,
        range,
        find_all_in(re, text, range, structure),
    )
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&KINDS);
    LazyLock::force(&TASK_MARKER);
    LazyLock::force(&WITHHELD);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_finds_brackets_and_doubled_xs() {
        for (text, expected) in [
            ("", false),
            ("plain prose", false),
            ("a [date]", true),
            ("[", true),
            ("due XX/XX", true),
            ("xx", true),
            ("Xx or xX", false),
            ("an x and an X", false),
            ("Exxon", true),
            ("X", false),
        ] {
            let slow = text.contains('[') || text.contains("XX") || text.contains("xx");
            assert_eq!(slow, expected, "{text:?}");
            assert_eq!(may_hold_placeholder(text), expected, "{text:?}");
        }
    }
    use crate::markdown;

    fn placeholders(text: &str) -> Vec<&str> {
        let structure = markdown::parse(text);
        find(text, &structure)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn what_drafters_leave_unfilled() {
        for (text, expected) in [
            ("Served on [date].", "[date]"),
            ("Signed by [Client Name].", "[Client Name]"),
            ("The amount is [●].", "[●]"),
            ("Due [TBD].", "[TBD]"),
            ("Filed [__] days later.", "[__]"),
            ("Dated XX/XX/XXXX at noon.", "XX/XX/XXXX"),
            ("Acme [insert response here].", "[insert response here]"),
            (
                "Withheld: [describe the materials withheld].",
                "[describe the materials withheld]",
            ),
            ("In the [proposed] order, see [cite].", "[cite]"),
            (
                "Acme objects because [state the burden].",
                "[state the burden]",
            ),
            (
                "The request is [pending / granted / denied].",
                "[pending / granted / denied]",
            ),
            (
                "It was [denied / heard on [date] without result].",
                "[denied / heard on [date] without result]",
            ),
            ("Check the box [ ] if so.", "[ ]"),
            ("Counsel for [movant] certifies.", "[movant]"),
            (
                "Present were [names of all participants].",
                "[names of all participants]",
            ),
        ] {
            assert_eq!(placeholders(text), [expected], "{text}");
        }
    }

    #[test]
    fn what_filling_takes() {
        for (placeholder, asks_for) in [
            ("[date]", "fill in the date"),
            ("[CLIENT NAME]", "fill in the client name"),
            (
                "[names of all participants]",
                "fill in the names of all participants",
            ),
            (
                "[pending / granted / denied]",
                "choose one (pending; granted; denied)",
            ),
            ("[state the burden]", "write what it asks for"),
            ("[Name]", "fill in the name"),
            ("[●]", "fill in the blank"),
            ("[TBD]", "fill in what was left to be decided"),
            ("XX/XX/XXXX", "fill in the date"),
            ("20XX", "fill in the year"),
        ] {
            assert_eq!(asks(placeholder), asks_for, "{placeholder}");
        }
    }

    #[test]
    fn legal_usage_is_not_a_placeholder() {
        for text in [
            "[T]he Court held that [m]ass designations are improper [sic].",
            "The order (emphasis added) and [emphasis added] both stand.",
            "Under [Chinese] law, nothing bars it.",
            "# [PROPOSED] ORDER\n\nSo ordered.",
            "See the motion [Dkt. 12] and the reply [ECF No. 40].",
            "See [the opinion](https://example.com) and [insert date](https://example.com).",
            "As noted.[^1]\n\n[^1]: A footnote.",
            "- [ ] File the brief\n- [x] Serve the brief\n",
            "The court wrote that \"[the date] of production was [unclear]\" and moved on.",
            "The parties [and/or] their counsel.",
            "Signed by [Redacted Name] of [ADDRESS OMITTED], on [date withheld].",
            "The 20XL model and XXL sizes.",
            "```\n[date]\n```\n\n> Served on [date].\n",
        ] {
            assert!(
                placeholders(text).is_empty(),
                "{text}: {:?}",
                placeholders(text)
            );
        }
    }

    #[test]
    fn a_sentence_with_a_placeholder_makes_no_statement() {
        let text = "Acme will produce by [date]. Acme will produce by May 1, 2027.";
        let structure = markdown::parse(text);
        let by = Regex::new(r"by").unwrap();
        let whole = 0..text.len();
        assert_eq!(
            statement_of(&by, text, &structure, &(0..28)),
            Statement::Unfilled(21..27)
        );
        assert_eq!(statement_of(&by, text, &structure, &whole), Statement::Made);
        // A placeholder that runs past its sentence's end still holds the sentence.
        let long = "Acme will produce by [state the date. Then the rest].";
        let structure = markdown::parse(long);
        assert!(matches!(
            statement_of(&by, long, &structure, &(0..long.len())),
            Statement::Unfilled(_)
        ));
        let never = Regex::new(r"never").unwrap();
        assert_eq!(
            statement_of(&never, text, &structure, &whole),
            Statement::Absent
        );
    }
}
