//! Words that let a costly pattern be skipped. A case-insensitive pattern with many
//! alternatives is scanned byte by byte by the regex engine; most blocks and sentences
//! hold none of the words every one of its matches needs. A `Gate` looks for those words
//! first, with a packed multi-word search over the ASCII-lowercased text, and only text it
//! admits goes to the pattern.
//!
//! A gate must never turn a match away: each alternative of the pattern it guards must
//! hold one of its words. `assert_guards` (tests) checks that on every fixture.

use aho_corasick::{AhoCorasick, MatchKind};

/// Words at least one of which every match of some pattern holds.
pub struct Gate {
    words: AhoCorasick,
    /// The length in bytes of the longest spelling of a word.
    longest: usize,
}

/// How much of a text `Gate::admits` lowers at a time: a long block is never copied
/// whole (a 1 MB paragraph held a copy on each thread of its analysis).
const WINDOW_BYTES: usize = 8 << 10;

thread_local! {
    /// The window being searched, lowered (`Gate::admits`).
    static WINDOW: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Letters that a case-insensitive pattern also matches outside ASCII: "ſ" (U+017F, long
/// s) matches `s` and "K" (U+212A, Kelvin sign) matches `k`. No other ASCII letter has a
/// non-ASCII case equivalent (`only_s_and_k_fold_beyond_ascii` checks).
const BEYOND_ASCII: [(char, char); 2] = [('s', 'ſ'), ('k', '\u{212A}')];

/// `word` with each `s` and `k` also spelled the way a case-insensitive pattern accepts.
fn spellings(word: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in word.chars() {
        let other = BEYOND_ASCII.iter().find(|(a, _)| *a == c).map(|(_, b)| *b);
        out = out
            .into_iter()
            .flat_map(|s| {
                let mut plain = s.clone();
                plain.push(c);
                let beyond = other.map(|b| {
                    let mut s = s;
                    s.push(b);
                    s
                });
                std::iter::once(plain).chain(beyond)
            })
            .collect();
    }
    out
}

impl Gate {
    /// A gate on `words` (lowercase ASCII letters, digits and punctuation), matched
    /// without regard to ASCII case.
    pub fn new(words: &[&str]) -> Gate {
        let all: Vec<String> = words
            .iter()
            .inspect(|w| {
                assert!(
                    !w.is_empty() && w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()),
                    "gate word {w:?}"
                )
            })
            .flat_map(|w| spellings(w))
            .collect();
        let longest = all.iter().map(String::len).max().unwrap_or(1);
        assert!(longest < WINDOW_BYTES, "gate words are words");
        // Leftmost-first lets the search use its packed (SIMD) form; the kind of match
        // does not matter for a yes or no.
        let words = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(all)
            .expect("gate words build");
        Gate { words, longest }
    }

    /// Whether `text` holds one of the words, in any ASCII case. The text is lowered a
    /// window at a time; each window begins one byte less than the longest word before
    /// the last one ended, so a word across the end of one is whole in the next.
    pub fn admits(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        WINDOW.with_borrow_mut(|lowered| {
            let mut start = 0;
            loop {
                let end = (start + WINDOW_BYTES).min(bytes.len());
                lowered.clear();
                lowered.extend_from_slice(&bytes[start..end]);
                lowered.make_ascii_lowercase();
                if self.words.is_match(lowered.as_slice()) {
                    return true;
                }
                if end == bytes.len() {
                    return false;
                }
                start = end - (self.longest - 1);
            }
        })
    }

    /// `admits`, for text already lowered.
    pub fn admits_lowered(&self, text: crate::caseless::Lowered) -> bool {
        self.words.is_match(text.as_str())
    }
}

/// Asserts that `gate` admits every match of `pattern` in every fixture and in `samples`:
/// the gate may be used to skip the pattern.
#[cfg(test)]
pub(crate) fn assert_guards(gate: &Gate, pattern: &regex::Regex, samples: &[&str]) {
    let fixtures = crate::fixture_tests::texts();
    let texts = fixtures
        .iter()
        .map(String::as_str)
        .chain(samples.iter().copied());
    let mut matches = 0;
    for text in texts {
        for m in pattern.find_iter(text) {
            matches += 1;
            assert!(
                gate.admits(m.as_str()),
                "{:?} matches {:?} but the gate turns it away",
                pattern.as_str(),
                m.as_str()
            );
        }
    }
    assert!(
        matches > 0,
        "{:?} matched nothing to check",
        pattern.as_str()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_found_across_the_end_of_a_window() {
        let gate = Gate::new(&["burdensome", "ask"]);
        for spelling in ["BurdenSome", "burdenſome", "as\u{212A}"] {
            for at in WINDOW_BYTES - 12..WINDOW_BYTES + 2 {
                for length in [at + spelling.len(), 3 * WINDOW_BYTES] {
                    let mut text = "x".repeat(at);
                    text.push_str(spelling);
                    while text.len() < length {
                        text.push('y');
                    }
                    assert!(gate.admits(&text), "{spelling} at {at} of {length}");
                    let whole = crate::caseless::with_lowered(&text, |l| gate.admits_lowered(l));
                    assert!(whole);
                }
            }
        }
        assert!(!gate.admits(&"burdenxsome ".repeat(WINDOW_BYTES)));
        assert!(!gate.admits(""));
    }

    #[test]
    fn only_s_and_k_fold_beyond_ascii() {
        for letter in 'a'..='z' {
            let pattern = regex::Regex::new(&format!("(?i)\\A{letter}\\z")).unwrap();
            let beyond: Vec<char> = (0x80..=0x10FFFF)
                .filter_map(char::from_u32)
                .filter(|c| pattern.is_match(c.encode_utf8(&mut [0; 4])))
                .collect();
            let expected: Vec<char> = BEYOND_ASCII
                .iter()
                .filter(|(a, _)| *a == letter)
                .map(|(_, b)| *b)
                .collect();
            assert_eq!(beyond, expected, "{letter}");
        }
    }

    #[test]
    fn admits_any_ascii_case_and_the_long_s() {
        let gate = Gate::new(&["search", "26(b)(5)"]);
        assert!(gate.admits("a diligent SEARCH was made"));
        assert!(gate.admits("Searched"));
        assert!(gate.admits("a ſearch"));
        assert!(gate.admits("Rule 26(B)(5)"));
        assert!(!gate.admits("a diligent review"));
        assert!(!gate.admits(""));
        let gate = Gate::new(&["blocking"]);
        assert!(gate.admits("the bloc\u{212A}ing statute"));
    }
}
