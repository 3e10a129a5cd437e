//! Case names and court parentheticals around a reporter citation.

use super::normalize_space;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Where the text after the last blank line in `window` starts (0 without one); the
/// window's first, partial line is not counted as a line.
fn after_last_blank_line(window: &str) -> usize {
    let mut after = 0;
    let mut line_start = None;
    for (newline, _) in window.match_indices('\n') {
        if line_start.is_some_and(|start| window[start..newline].trim().is_empty()) {
            after = newline + 1;
        }
        line_start = Some(newline + 1);
    }
    after
}

/// The case name before a citation: "Bodum USA, Inc. v. La Cafetière, Inc., " -> name.
/// Also returns where the name is written (its first to its last word).
/// The name never reaches back past `floor` (the end of the citation before).
pub(super) fn case_name_before(
    text: &str,
    at: usize,
    floor: usize,
) -> Option<(String, Range<usize>)> {
    let window_start = text[..at]
        .char_indices()
        .rev()
        .nth(160)
        .map_or(0, |(i, _)| i)
        .max(floor.min(at));
    // A case name never begins in an earlier paragraph.
    let window_start = window_start + after_last_blank_line(&text[window_start..at]);
    let window = &text[window_start..at];
    let trimmed = window.trim_end();
    let trimmed = trimmed.strip_suffix(',')?;
    let trimmed = trimmed.trim_end_matches(['*', '_']);
    let v = trimmed.rfind(" v. ").or_else(|| trimmed.rfind(" v "))?;
    // The defendant side must not cross another citation or sentence.
    let defendant = &trimmed[v..];
    if defendant.contains(';')
        || defendant.contains(". ") && !defendant.contains(" v. ") && defendant.len() > 120
    {
        return None;
    }
    let before = &trimmed[..v];
    let mut start = before.len();
    let words: Vec<(usize, &str)> = before
        .split(' ')
        .scan(0usize, |pos, w| {
            let p = *pos;
            *pos += w.len() + 1;
            Some((p, w))
        })
        .collect();
    for (pos, word) in words.iter().rev() {
        // "(NA)," in "Republic Technologies (NA), LLC" is part of the name.
        if word.starts_with('(')
            && word
                .chars()
                .skip(1)
                .take_while(|c| *c != ')')
                .all(char::is_uppercase)
            && word.len() > 2
        {
            start = *pos;
            continue;
        }
        let bare = word.trim_matches(|c: char| c == '*' || c == '_' || c == '(' || c == '[');
        let connector = matches!(
            bare,
            "of" | "the" | "and" | "&" | "de" | "for" | "ex" | "rel." | "on" | "in" | "re"
        );
        let capital = bare
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let signal = matches!(
            bare,
            "See"
                | "see"
                | "Cf."
                | "cf."
                | "But"
                | "But,"
                | "also"
                | "E.g.,"
                | "e.g.,"
                | "accord"
                | "Accord"
                | "citing"
                | "quoting"
                | "In"
                | "Compare"
                | "with"
        ) || bare.ends_with(':')
            || bare.ends_with(';')
            || bare.ends_with(").")
            || bare.ends_with(')');
        if signal
            || !(capital || connector)
            || bare.ends_with('.')
                && bare.len() > 4
                && bare.chars().filter(|c| c.is_uppercase()).count() == 1
                && !bare.ends_with("Co.")
                && !bare.ends_with("Inc.")
                && !bare.ends_with("Corp.")
                && !bare.ends_with("Ltd.")
                && !bare.ends_with("Bros.")
        {
            break;
        }
        start = *pos;
    }
    if start >= before.len() {
        return None;
    }
    let raw_start = window_start + start;
    let raw = &trimmed[start..];
    let mut name = raw.trim_matches(|c: char| c == '*' || c == '_' || c == ' ');
    // "Ford v. City of Rockford, No. 18 CV 50151": the docket number is not the name.
    for docket in [", No.", ", Nos.", ", MDL No.", ", Civ."] {
        if let Some(cut) = name.find(docket) {
            name = &name[..cut];
        }
    }
    let mut name = normalize_space(name.trim_matches(|c: char| c == '*' || c == '_' || c == ' '));
    // A name starts with a capitalized word, not "and", "of" or a number left over
    // from the text before it ("§ 1746 and Smith v. Jones").
    while let Some((first, rest)) = name.split_once(' ') {
        let lead = first.chars().next().unwrap_or(' ');
        if matches!(first, "and" | "&" | "of" | "the" | "for" | "on" | "in")
            || lead.is_ascii_digit()
        {
            name = rest.to_string();
        } else {
            break;
        }
    }
    let name = name
        .trim_matches(|c: char| c == '*' || c == '_')
        .to_string();
    // "In re X" names have no "v."; the search above only handles adversary names.
    if !(name.contains(" v. ") || name.contains(" v ")) {
        return None;
    }
    let first = name.split(' ').next()?;
    let last = name.rsplit(' ').next()?;
    let from = raw.find(first)?;
    let to = raw.rfind(last)? + last.len();
    (from < to).then(|| (name, raw_start + from..raw_start + to))
}

/// The year that ends a court parenthetical ("2d Cir. 2010", "1987  "), trailing spaces
/// aside.
fn paren_year(paren: &str) -> Option<&str> {
    year_at_end(paren.trim_end())
}

/// The year `text` ends with: four digits, 1700-2099, starting at a word boundary.
pub(super) fn year_at_end(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let n = b.len();
    (n >= 4
        && b[n - 4..].iter().all(u8::is_ascii_digit)
        && matches!(&b[n - 4..n - 2], [b'1', b'7'..=b'9'] | [b'2', b'0'])
        && (n == 4 || !(b[n - 5].is_ascii_alphanumeric() || b[n - 5] == b'_')))
        .then(|| &text[n - 4..])
}

/// A date at the end of a court parenthetical ("N.D. Ill. Mar. 1,").
static PAREN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s+(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+[0-9]{1,2},?$",
    )
    .unwrap()
});

pub(super) fn parse_paren(paren: &str) -> (Option<String>, Option<String>) {
    let year = paren_year(paren).map(str::to_string);
    let court = paren
        .rsplit_once(char::is_whitespace)
        .map(|(c, _)| c.trim().trim_end_matches(','))
        // Drop a trailing date ("N.D. Ill. Mar. 1," -> "N.D. Ill.").
        // (Only a court ending in a digit can end in a date: most have none.)
        .map(|c| {
            let ends_in_digit = c
                .trim_end_matches(',')
                .ends_with(|d: char| d.is_ascii_digit());
            if ends_in_digit {
                PAREN_DATE.replace(c, "").to_string()
            } else {
                c.to_string()
            }
        })
        .filter(|c| !c.is_empty());
    (court, year)
}

pub(super) fn compile() {
    LazyLock::force(&PAREN_DATE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parenthetical_year_is_read_as_the_pattern_read_it() {
        let pattern = Regex::new(r"(?-u:\b)(1[789][0-9][0-9]|20[0-9][0-9])\s*$").unwrap();
        for paren in [
            "2d Cir. 2010",
            "2010",
            "1699",
            "1700",
            "2099",
            "2100",
            "12010",
            "a2010",
            "_2010",
            "é2010",
            "S.D.N.Y. Mar. 1, 2019  ",
            "2010 ",
            "2010\n",
            "20 10",
            "",
            "201",
            "N.D. Ill. 2019, amended 2020",
            "2019)",
            "x 1987\u{a0}",
        ] {
            let expected = pattern.captures(paren).map(|c| c[1].to_string());
            assert_eq!(paren_year(paren).map(str::to_string), expected, "{paren:?}");
        }
    }
}
