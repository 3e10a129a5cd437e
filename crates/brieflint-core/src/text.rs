//! Char-aware searches for slice bounds. A byte offset found by searching for a
//! character must be moved past that character by its UTF-8 length, not by one: `’`,
//! `“`, `§` and a non-breaking space are two or three bytes, and slicing inside one
//! panics. Every "the word around here" and "just after the last X" goes through these.

use std::ops::Range;

/// The largest char boundary of `text` at or before `at` (`at` past the end: the end).
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The offset just past the last character of `text` that matches `pred`.
pub fn end_of_last(text: &str, mut pred: impl FnMut(char) -> bool) -> Option<usize> {
    text.char_indices()
        .rev()
        .find(|&(_, c)| pred(c))
        .map(|(i, c)| i + c.len_utf8())
}

/// The run of characters matching `in_word` that contains or ends at `at` (empty at `at`
/// when there is none). `at` inside a character counts as that character's start.
pub fn run_around(text: &str, at: usize, in_word: impl Fn(char) -> bool) -> Range<usize> {
    let at = floor_boundary(text, at);
    let start = end_of_last(&text[..at], |c| !in_word(c)).unwrap_or(0);
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !in_word(c))
        .map_or(text.len(), |(i, _)| at + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_next_to_multibyte_characters() {
        let text = "Defendant’s BL101 “Company” § 5\u{a0}BL102 😀BL103";
        for at in 0..=text.len() + 3 {
            let run = run_around(text, at, |c| c.is_ascii_alphanumeric());
            // Never panics, and always slices on boundaries.
            let _ = &text[run.clone()];
        }
        let at = text.find("BL101").unwrap() + 2;
        assert_eq!(
            &text[run_around(text, at, |c| c.is_ascii_alphanumeric())],
            "BL101"
        );
        let at = text.find("s BL").unwrap();
        assert_eq!(
            &text[run_around(text, at, |c| c.is_ascii_alphanumeric())],
            "s"
        );
        let at = text.find("BL103").unwrap();
        assert_eq!(
            &text[run_around(text, at, |c| c.is_ascii_alphanumeric())],
            "BL103"
        );
        assert_eq!(end_of_last("a’b", |c| c == '’'), Some(4));
        assert_eq!(end_of_last("abc", |c| c == '’'), None);
        assert_eq!(floor_boundary("’", 2), 0);
        assert_eq!(floor_boundary("’", 9), 3);
    }
}
