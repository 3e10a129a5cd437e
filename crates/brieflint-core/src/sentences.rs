//! Sentence splitting tuned for legal prose, where periods mostly end abbreviations
//! ("Fed. R. Civ. P.", "No.", "Inc.", "v.", "U.S.C.") rather than sentences.

use std::ops::Range;

/// Abbreviations (compared case-insensitively, without the period) after which a
/// period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "fed", "civ", "crim", "evid", "app", "r", "p", "u.s", "u.s.c", "c.f.r", "inc",
    "corp", "co", "ltd", "llc", "l.l.c", "v", "vs", "e.g", "i.e", "cf", "dkt", "ex", "exs", "al",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "art",
    "arts", "sec", "secs", "para", "paras", "ch", "cir", "dist", "ct", "supp", "mr", "mrs", "ms",
    "dr", "hon", "j", "m.j", "st", "decl", "aff", "op", "pp", "id", "ibid", "at", "n", "nn", "l",
    "cal", "ill", "fla", "tex", "mass", "pa", "mich", "md", "iowa", "kan", "neb", "wash", "ind",
    "ariz", "colo", "del", "conn", "ga", "va", "minn", "mo", "ohio", "okla", "or", "ore", "tenn",
    "wis", "n.d", "s.d", "e.d", "w.d", "m.d", "c.d", "d", "f", "f.r.d", "f.2d", "f.3d", "f.4th",
    "approx", "est", "etc", "ref", "resp", "req", "rog", "rogs", "interrog", "prod", "def", "pl",
    "pls", "defs", "br", "mem", "mot", "opp", "reply", "ltr", "tr", "rptr", "stat", "pub", "l.r",
    "loc", "seq", "et", "ed", "eds", "rev", "cl", "subch", "pt", "vol", "sen", "rep",
];

fn is_abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return false;
    }
    // Single letters ("J.", "A.") are initials.
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return true;
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Splits `text[range]` into trimmed sentence ranges (absolute offsets).
pub fn split(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let slice = &text[range.clone()];
    let bytes = slice.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'?' | b'!') {
            // Extend over closing quotes, brackets and emphasis markers.
            let mut end = i + 1;
            while end < bytes.len()
                && matches!(bytes[end], b'"' | b'\'' | b')' | b']' | b'*' | b'_')
            {
                end += 1;
            }
            for closer in ["”", "’"] {
                if slice[end..].starts_with(closer) {
                    end += closer.len();
                }
            }
            let followed_by_space = end >= bytes.len() || bytes[end].is_ascii_whitespace();
            let next_starts_sentence =
                slice[end..].trim_start().chars().next().is_none_or(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || "\"“([*_#".contains(c)
                });
            let ends = b != b'.' || {
                let word_start = super::text::end_of_last(&slice[..i], |c| {
                    c.is_whitespace() || c == '(' || c == '['
                })
                .unwrap_or(0);
                !is_abbreviation(&slice[word_start..i])
            };
            if followed_by_space && next_starts_sentence && ends {
                push_trimmed(text, range.start + start, range.start + end, &mut sentences);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, range.start + start, range.end, &mut sentences);
    sentences
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let slice = &text[start..end];
    let s = start + (slice.len() - slice.trim_start().len());
    let e = start + slice.trim_end().len();
    if e > s {
        out.push(s..e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn legal_abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("See Fed. R. Civ. P. 34(b)(2)(C). Acme Corp. objects. It will produce by Jan. 5, 2027."),
            vec![
                "See Fed. R. Civ. P. 34(b)(2)(C).",
                "Acme Corp. objects.",
                "It will produce by Jan. 5, 2027."
            ]
        );
        assert_eq!(
            sentences("Request No. 4 is vague. “Quoted.” Next"),
            vec!["Request No. 4 is vague.", "“Quoted.”", "Next"]
        );
    }

    #[test]
    fn lowercase_continuation_is_one_sentence() {
        assert_eq!(
            sentences("It was 5 p.m. on a Friday."),
            vec!["It was 5 p.m. on a Friday."]
        );
    }
}
