//! Case citations by reporter: "482 U.S. 522", "539 U. S., at 328", "570 U. S. ___",
//! "329 N.C. at 593", "28 I&N Dec. at 45", "2017 WL 4287205". The reporters and their
//! variant spellings are reporters-db's (Free Law Project, BSD-2-Clause), embedded from
//! `crates/brieflint-core/data/reporters.tsv`, which `scripts/gen-reporters.py` regenerates.
//!
//! Not a regular expression: an alternation of 3,500 spellings would cost the regex
//! engine tens of milliseconds to compile and megabytes to run. Instead every number
//! that could be a volume looks up the words after it, with their spaces squeezed out
//! ("F. Supp. 2d", "F.Supp.2d" and "F. Supp.\n2d" are one key), in a hash table.

use super::{clean_pin, names, CaseParts, Citation, CitationKind};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// One edition of a reporter ("F. Supp. 2d"): its name and years, from reporters-db.
#[derive(Debug)]
pub struct Edition {
    pub abbreviation: &'static str,
    pub name: &'static str,
    pub start: &'static str,
    pub end: &'static str,
}

pub struct Reporters {
    pub editions: Vec<Edition>,
    /// Squeezed spelling (no whitespace) -> index into `editions`.
    by_spelling: FxHashMap<Box<str>, u32>,
    /// The most words any spelling has.
    max_words: usize,
    /// Bytes a spelling can start with.
    first_byte: [bool; 256],
}

const TABLE: &str = include_str!("../../data/reporters.tsv");

/// The version line of the embedded table (for the documentation and tests).
pub fn table_source() -> &'static str {
    TABLE.lines().next().unwrap_or_default()
}

fn squeeze_into(out: &mut String, s: &str) {
    out.extend(s.chars().filter(|c| !c.is_whitespace()));
}

pub static REPORTERS: LazyLock<Reporters> = LazyLock::new(|| {
    let mut editions = Vec::new();
    let mut by_spelling: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut max_words = 1;
    let mut first_byte = [false; 256];
    let mut add = |spelling: &str, index: u32, by: &mut FxHashMap<Box<str>, u32>| {
        let mut key = String::new();
        squeeze_into(&mut key, spelling);
        // The curly apostrophe is written both ways.
        let straight = key.replace('’', "'");
        max_words = max_words.max(spelling.split_whitespace().count());
        for k in [key, straight] {
            first_byte[k.as_bytes()[0] as usize] = true;
            by.entry(k.into_boxed_str()).or_insert(index);
        }
    };
    let mut index_of: FxHashMap<&str, u32> = FxHashMap::default();
    for line in TABLE.lines().filter(|l| l.starts_with("E\t")) {
        let mut f = line.split('\t').skip(1);
        let abbreviation = f.next().unwrap_or_default();
        let edition = Edition {
            abbreviation,
            name: f.next().unwrap_or_default(),
            start: f.next().unwrap_or_default(),
            end: f.next().unwrap_or_default(),
        };
        let index = editions.len() as u32;
        index_of.insert(abbreviation, index);
        add(abbreviation, index, &mut by_spelling);
        editions.push(edition);
    }
    for line in TABLE.lines().filter(|l| l.starts_with("V\t")) {
        let mut f = line.split('\t').skip(1);
        let (Some(spelling), Some(edition)) = (f.next(), f.next()) else {
            continue;
        };
        if let Some(&index) = index_of.get(edition) {
            add(spelling, index, &mut by_spelling);
        }
    }
    Reporters {
        editions,
        by_spelling,
        max_words,
        first_byte,
    }
});

impl Reporters {
    /// The edition a spelling names ("F.Supp.2d", "U. S.") and its canonical form.
    pub fn edition(&self, spelling: &str) -> Option<&Edition> {
        let mut key = String::with_capacity(spelling.len());
        squeeze_into(&mut key, spelling);
        self.by_spelling
            .get(key.as_str())
            .map(|&i| &self.editions[i as usize])
    }

    /// The longest reporter spelling starting at `at` (words separated by any
    /// whitespace, line breaks included): its edition and where it ends. `trailing_comma`
    /// also accepts "U. S.," (the comma is not part of the spelling).
    fn longest_at(&self, text: &str, at: usize, key: &mut String) -> Option<(u32, usize)> {
        let bytes = text.as_bytes();
        if !bytes.get(at).is_some_and(|&b| self.first_byte[b as usize]) {
            return None;
        }
        key.clear();
        let mut pos = at;
        let mut best = None;
        for _ in 0..self.max_words {
            // One word: up to the next whitespace.
            let word_end = text[pos..]
                .find(|c: char| c.is_whitespace())
                .map_or(text.len(), |i| pos + i);
            if word_end == pos {
                break;
            }
            let word = &text[pos..word_end];
            // A word that is a number ends the spelling ("U.S. 522").
            if word.as_bytes()[0].is_ascii_digit() && !is_edition_suffix(word) {
                break;
            }
            key.push_str(word);
            if let Some(&i) = self.by_spelling.get(key.as_str()) {
                best = Some((i, word_end));
            } else if let Some(stripped) = key.strip_suffix(',') {
                if let Some(&i) = self.by_spelling.get(stripped) {
                    best = Some((i, word_end - 1));
                }
            }
            // Next word, across at most one line break.
            let rest = &text[word_end..];
            let gap = rest.len() - rest.trim_start().len();
            // (Two line breaks: a page break in an opinion's text, "F. Supp. \n\n2d".)
            if gap == 0 || rest[..gap].matches('\n').count() > 2 || gap > 12 {
                break;
            }
            pos = word_end + gap;
        }
        best
    }
}

/// "2d", "3d", "4th": the second word of "F. 3d" is not a page number.
fn is_edition_suffix(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.']);
    matches!(
        w,
        "2d" | "3d" | "4th" | "5th" | "6th" | "7th" | "8th" | "2nd" | "3rd" | "1st"
    )
}

/// A pin cite: "544", "544 n.29", "at *3", "*1-2", "139–40", "544 & n.28", "12, 15".
pub(super) const PIN: &str = r"(?:at\s+)?(?:\\?\*\s?)?[0-9]+(?:\s*[-–—]\s*\\?\*?[0-9]+)?(?:\s*(?:&\s*)?(?:nn?\.|notes?|fn?\.)\s*[0-9]+(?:\s*[-–&]\s*[0-9]+)?)?(?:,\s*\\?\*?[0-9]+(?:\s*[-–—]\s*[0-9]+)?(?:\s*(?:&\s*)?nn?\.\s*[0-9]+)?)*";

/// A pin after the page of a full citation: ", 544 n.29", ", ___ - ___".
static PIN_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\A,\s*(?:{PIN}|_{{2,}}(?:\s*[-–—]\s*_{{2,}})?)")).unwrap()
});

/// The page at the start of `rest`: one to nine digits ending at a word boundary, or a
/// blank left for it (two or more underscores; one to three dashes before a space or
/// the end). The page as written ("___" for a blank) and its length in bytes.
///
/// Read by hand, as the court parenthetical in `full_tail` is: run once per case
/// citation, a capturing regular expression cost more than the rest of the scan (the
/// 1 MB case-citation input of `benches/hostile.rs` spent 11,000 instructions a
/// citation in them).
fn page_at(rest: &str) -> Option<(&str, usize)> {
    let bytes = rest.as_bytes();
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 {
        let boundary = bytes.get(digits).is_none_or(|b| !is_word(b));
        return (digits <= 9 && boundary).then(|| (&rest[..digits], digits));
    }
    let underscores = bytes.iter().take_while(|&&b| b == b'_').count();
    if underscores >= 2 {
        return Some(("___", underscores));
    }
    let dashes: usize = rest
        .chars()
        .take_while(|c| matches!(c, '-' | '–' | '—'))
        .take(4)
        .map(char::len_utf8)
        .sum();
    let count = rest[..dashes].chars().count();
    let then_space = rest[dashes..]
        .chars()
        .next()
        .is_none_or(char::is_whitespace);
    ((1..=3).contains(&count) && then_space).then_some(("___", dashes))
}

/// What follows the page of a full citation: the pin's range in `rest` (from its comma)
/// and the contents of a court parenthetical that ends with a year ("2d Cir. 2010"):
/// up to 80 characters and the year, no parenthesis inside, after optional spaces.
fn full_tail(rest: &str) -> (Option<Range<usize>>, Option<&str>) {
    let pin = rest
        .starts_with(',')
        .then(|| PIN_TAIL.find(rest).map(|m| m.range()))
        .flatten();
    let after = &rest[pin.as_ref().map_or(0, |p| p.end)..];
    let paren = after
        .trim_start()
        .strip_prefix('(')
        .and_then(|inside| {
            let close = inside.find(['(', ')'])?;
            (inside.as_bytes()[close] == b')').then(|| &inside[..close])
        })
        .filter(|contents| {
            names::year_at_end(contents).is_some()
                && contents[..contents.len() - 4].chars().count() <= 80
        });
    (pin, paren)
}

/// Whether `after` (what follows a reporter) can start a short form's "at": an optional
/// comma, a space, "at". Checked before `SHORT_AT`, which few citations need.
fn may_be_short(after: &str) -> bool {
    let after = after.strip_prefix(',').unwrap_or(after);
    after.starts_with(char::is_whitespace) && after.trim_start().starts_with("at")
}

/// A short form's "at": "329 N.C. at 593", "539 U. S., at 328", "570 U. S., at ___".
static SHORT_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\A,?\s+at\s+(?P<pin>(?:\\?\*\s?)?[0-9]+(?:\s*[-–—]\s*\\?\*?[0-9]+)?(?:\s*(?:&\s*)?(?:nn?\.|notes?)\s*[0-9]+(?:\s*[-–&]\s*[0-9]+)?)?|_{{2,}}|[-–—]{{1,3}})"
    ))
    .unwrap()
});

pub(super) fn compile() {
    LazyLock::force(&REPORTERS);
    LazyLock::force(&PIN_TAIL);
    LazyLock::force(&SHORT_AT);
}

/// Whether a reporter and a page start at `at` ("107 S. Ct. 2542" after a pin: the
/// "pin" was the volume of a parallel citation).
fn reporter_follows(text: &str, at: usize, key: &mut String) -> bool {
    let rest = &text[at..];
    let start = at + (rest.len() - rest.trim_start().len());
    REPORTERS
        .longest_at(text, start, key)
        .is_some_and(|(_, end)| {
            let after = &text[end..];
            let after = after.trim_start();
            after.starts_with(|c: char| c.is_ascii_digit()) || after.starts_with("__")
        })
}

/// Every reporter citation in `text`, full and short.
pub(super) fn scan(text: &str, found: &mut super::Found) {
    let reporters = &*REPORTERS;
    let bytes = text.as_bytes();
    let mut key = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let volume_end = i;
        // A volume is a whole number of one to four digits, not part of a word, a
        // decimal or a longer number ("12.5", "A1", "1,000").
        if volume_end - start > 4
            || start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.')
            || start > 1 && bytes[start - 1] == b',' && bytes[start - 2].is_ascii_digit()
        {
            continue;
        }
        // One or two spaces (or a line break) before the reporter.
        let gap = text[volume_end..]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            .count();
        if gap == 0 || gap > 12 {
            continue;
        }
        let reporter_start = volume_end + gap;
        let Some((edition, reporter_end)) = reporters.longest_at(text, reporter_start, &mut key)
        else {
            continue;
        };
        let edition = &reporters.editions[edition as usize];
        let volume = &text[start..volume_end];
        let after = &text[reporter_end..];
        // Short form: "329 N.C. at 593", "539 U. S., at 328".
        if let Some(c) = may_be_short(after)
            .then(|| SHORT_AT.captures(after))
            .flatten()
        {
            let end = reporter_end + c.get(0).unwrap().end();
            found.push(Citation {
                kind: CitationKind::CaseShort,
                identity: format!("{volume} {}", edition.abbreviation),
                pin: Some(clean_pin(&c["pin"]).into()),
                case: None,
                range: start..end,
                antecedent: super::UNRESOLVED,
                name: None,
            });
            i = end;
            continue;
        }
        // Full: the page (or a blank) after whitespace; "576 U. S., ___" has a comma.
        let comma =
            usize::from(after.starts_with(',') && after[1..].trim_start().starts_with("__"));
        let after = &after[comma..];
        let reporter_end = reporter_end + comma;
        let ws = after.len() - after.trim_start().len();
        if ws == 0 || after[..ws].matches('\n').count() > 1 {
            continue;
        }
        let page_start = reporter_end + ws;
        let Some((page, page_len)) = page_at(&text[page_start..]) else {
            continue;
        };
        let page = page.to_string();
        let page_end = page_start + page_len;
        let (pin, paren) = full_tail(&text[page_end..]);
        // "482 U.S. 522, 544, 107 S. Ct. 2542": the pin stops before "107", the volume
        // of the parallel citation that follows.
        let pin = pin.and_then(|m| {
            let (from, mut to) = (page_end + m.start, page_end + m.end);
            let mut at = from;
            while let Some(d) = text[at..to].find(|c: char| c.is_ascii_digit()) {
                let run_start = at + d;
                let run_end = text[run_start..to]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(to, |e| run_start + e);
                if reporter_follows(text, run_end, &mut key) {
                    to = text[..run_start].trim_end_matches([',', ' ', '\n']).len();
                    break;
                }
                at = run_end;
            }
            (to > from
                && text[from..to]
                    .bytes()
                    .any(|b| b.is_ascii_digit() || b == b'_'))
            .then_some(from..to)
        });
        let (court, year) = paren.map_or((None, None), names::parse_paren);
        // A database citation's volume is its year ("2017 WL 4287205").
        let year = year.or_else(|| {
            (edition.abbreviation == "WL" || edition.abbreviation.contains("LEXIS"))
                .then(|| volume.to_string())
        });
        let end = pin.as_ref().map_or(page_end, |r| r.end);
        let floor = found.last().map_or(0, |c| c.range.end);
        let name = names::case_name_before(text, start, floor);
        let end = text[..end].trim_end().len();
        found.push(Citation {
            kind: CitationKind::Case,
            identity: format!("{volume} {} {page}", edition.abbreviation),
            pin: pin.map(|r| clean_pin(&text[r]).into()),
            case: Some(Box::new(CaseParts {
                name: name.as_ref().map(|n| n.0.clone()),
                volume: volume.to_string(),
                reporter: edition.abbreviation.to_string(),
                page,
                court,
                year,
            })),
            range: start..end,
            antecedent: super::UNRESOLVED,
            name: name.map(|n| Box::new(n.1)),
        });
        // Resume right after what was kept, so a parallel cite is found next.
        i = end.max(volume_end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to `len` tokens from `tokens`.
    fn sequences(tokens: &[&str], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| tokens.iter().map(move |t| format!("{s}{t}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// `page_at` and `full_tail` read what the regular expressions they replaced
    /// matched (kept here as the oracle), on every short sequence of the pieces a
    /// page, pin and parenthetical are made of.
    #[test]
    fn hand_read_page_and_tail_agree_with_the_patterns_they_replaced() {
        let page =
            Regex::new(r"\A(?:(?P<page>[0-9]{1,9})(?-u:\b)|(?P<blank>_{2,}|[-–—]{1,3}(?:\s|$)))")
                .unwrap();
        let tail = Regex::new(&format!(
            r"\A(?P<pin>,\s*(?:{PIN}|_{{2,}}(?:\s*[-–—]\s*_{{2,}})?))?(?:\s*\((?P<paren>[^()]{{0,80}}?(?-u:\b)(?:1[789][0-9][0-9]|20[0-9][0-9]))\))?"
        ))
        .unwrap();
        let tokens = [
            "1",
            "1234567890",
            "_",
            "__",
            "-",
            "—",
            "–",
            " ",
            "\n",
            "a",
            ",",
            "(",
            ")",
            "2010",
            "1699",
            "n.",
            "at ",
            "*",
            "&",
            "2d Cir. ",
            "Mar. 1, ",
            "é",
            "x\u{a0}",
        ];
        let mut checked = 0;
        for text in sequences(&tokens, 4) {
            let expected = page.captures(&text).map(|c| {
                let page = c.name("page").map_or("___", |m| m.as_str());
                let len = c
                    .name("page")
                    .or(c.name("blank"))
                    .unwrap()
                    .as_str()
                    .trim_end()
                    .len();
                (page.to_string(), len)
            });
            let got = page_at(&text).map(|(p, len)| (p.to_string(), len));
            assert_eq!(got, expected, "page of {text:?}");
            let c = tail.captures(&text).unwrap();
            let expected = (
                c.name("pin").map(|m| m.range()),
                c.name("paren").map(|m| m.as_str()),
            );
            assert_eq!(full_tail(&text), expected, "tail of {text:?}");
            checked += 1;
        }
        // A parenthetical of 80 characters before the year, and of 81.
        for n in [80, 81] {
            let text = format!(", 5 ({} 2010)", "é".repeat(n - 1));
            let c = tail.captures(&text).unwrap();
            assert_eq!(
                full_tail(&text).1,
                c.name("paren").map(|m| m.as_str()),
                "{n}"
            );
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn short_forms_are_screened_only_where_the_pattern_could_match() {
        let tokens = [",", " ", "\n", "at", "a", "5", "\u{a0}", "___"];
        for text in sequences(&tokens, 5) {
            if SHORT_AT.is_match(&text) {
                assert!(may_be_short(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn the_table_holds_reporters_db() {
        assert!(table_source().contains("reporters-db"));
        let r = &*REPORTERS;
        assert!(r.editions.len() > 1000, "{}", r.editions.len());
        for (spelling, edition) in [
            ("U. S.", "U.S."),
            ("F.Supp.2d", "F. Supp. 2d"),
            ("I&N Dec.", "I. & N. Dec."),
            ("N.C.", "N.C."),
            ("Iowa", "Iowa"),
            ("So.2d", "So. 2d"),
            ("Wash. 2d", "Wash. 2d"),
        ] {
            assert_eq!(
                r.edition(spelling).map(|e| e.abbreviation),
                Some(edition),
                "{spelling}"
            );
        }
        assert!(r.edition("U.S.C.").is_none());
        assert!(r.edition("Johnson").is_none());
    }
}
