//! PDF -> blocks: the text layer page by page (`pdf-extract`, chosen after the comparison
//! in INGEST.md), then what a court filing's layout adds to its text taken out:
//!
//! - ECF stamps ("Case 1:20-cv-01234 Document 12 Filed 01/02/20 Page 3 of 10"), page
//!   numbers ("3", "- 3 -", "Page 3 of 10") and pleading-paper line numbers (a line that
//!   is only a number, or a run of lines that each start with the next number);
//! - running headers and footers: a line in the first or last three lines of a page
//!   that, digits aside, is repeated in the same place on at least half the pages;
//! - hyphenation at a line's end ("with-" + "holding" -> "withholding", only between
//!   lowercase letters).
//!
//! Lines are then joined into paragraphs: a paragraph ends at a blank line (unless the
//! text is double-spaced, where every line is followed by one), before a request or
//! response label, and after a short line that ends a sentence. A short line in capitals
//! standing alone is a heading. Paragraphs run on across page breaks.

use crate::markdown::{self, Block, BlockKind, Piece, Style};
use crate::source_map::Origin;
use crate::{Converted, Limits, Refusal};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

pub fn convert(bytes: &[u8], _limits: &Limits) -> Result<Converted, Refusal> {
    let pages = page_texts(bytes)?;
    // A PDF that names fonts has text drawn with them: if none of it could be read, the
    // file is damaged (a broken cross-reference table reads as pages without content),
    // and OCR is not what it needs.
    let names_fonts = bytes.windows(5).any(|w| w == b"/Font");
    from_pages(&pages, names_fonts)
}

/// The text of each page, from the PDF's text layer.
fn page_texts(bytes: &[u8]) -> Result<Vec<String>, Refusal> {
    let encrypted = bytes.windows(8).any(|w| w == b"/Encrypt");
    match pdf_extract::extract_text_from_mem_by_pages(bytes) {
        Ok(pages) => Ok(pages),
        Err(_) if encrypted => Err(Refusal(
            "the PDF is encrypted or password-protected: ask for an unprotected copy".into(),
        )),
        Err(e) => Err(Refusal(format!(
            "the PDF cannot be read (damaged or truncated?): {}",
            one_line(&e.to_string())
        ))),
    }
}

/// A parser's message on one line, short, with nothing but printable ASCII.
fn one_line(message: &str) -> String {
    message
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(160)
        .collect()
}

/// One kept line of the text layer.
#[derive(Clone, Debug)]
struct Line {
    text: String,
    page: u32,
    line: u32,
    /// A blank line came before this one on the page.
    after_blank: bool,
}

pub(crate) fn from_pages(pages: &[String], names_fonts: bool) -> Result<Converted, Refusal> {
    let with_text = pages
        .iter()
        .filter(|p| p.chars().filter(|c| c.is_alphanumeric()).count() >= 20)
        .count();
    if with_text == 0 && names_fonts {
        return Err(Refusal(
            "the PDF's text could not be read (its cross-reference table or page tree may be damaged): ask for a new copy".into(),
        ));
    }
    if with_text == 0 {
        return Err(Refusal(
            "no text layer: run OCR first (the PDF has no text to read; its pages are probably scanned images)".into(),
        ));
    }
    let mut notices = Vec::new();
    let blank_pages: Vec<String> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.chars().filter(|c| c.is_alphanumeric()).count() < 20)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !blank_pages.is_empty() && blank_pages.len() * 4 >= pages.len() {
        notices.push(format!(
            "page(s) {} have no text layer: run OCR first on them; their text was not analyzed",
            abbreviate(&blank_pages)
        ));
    }
    let lines = clean(pages);
    let blocks = paragraphs(&lines);
    let (markdown, map) = markdown::render(&blocks);
    Ok(Converted {
        markdown,
        map,
        notices,
    })
}

fn abbreviate(pages: &[String]) -> String {
    if pages.len() <= 8 {
        pages.join(", ")
    } else {
        format!("{} and {} more", pages[..8].join(", "), pages.len() - 8)
    }
}

static ECF_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:USCA\d*\s+)?Case:?\s+\S+.{0,80}?(?:Document|Doc\.?|Dkt\.?|ECF)\s*(?:No\.?\s*)?:?\s*\d+.{0,80}?(?:Filed|Date\s+Filed)\s*:?.{0,40}?(?:Page(?:ID)?\s*:?\s*#?\s*\d+(?:\s+of\s+\d+)?.*)?$").unwrap()
});
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[-–—]\s*)?(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s+of\s+\d{1,4})?(?:\s*[-–—])?\s*$").unwrap()
});
static LEADING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,2})(?:\s+|$)").unwrap());
/// A request or response label that starts a paragraph.
static LABEL_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:(?:amended|supplemental)\s+)?(?:responses?|answers?|objections?)(?:\s+and\s+(?:objections?|responses?))?(?:\s+to\s+\S.{0,60}?(?:nos?\.?|numbers?|#)\s*\d+[a-z]?)?\s*[:.]|(?:requests?\s+for\s+(?:the\s+)?production(?:\s+of\s+documents)?|requests?\s+for\s+admissions?|requests?\s+to\s+admit|document\s+requests?|interrogatory|request)\s+(?:nos?\.?|numbers?|#)\s*\d+[a-z]?\s*[:.])").unwrap()
});

/// A line that is nothing but a request or response label, without a colon, as courts
/// quote them: "Document Request No. 1b", "Objection to Request No. 1b", "INTERROGATORY
/// NUMBER 2". It stands as a paragraph of its own.
static WHOLE_LINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:(?:amended|supplemental)\s+)?(?:responses?|answers?|objections?)\s+to\s+(?:\S+\s+){0,6}?|(?:first\s+set\s*[-–—]\s*)?(?:requests?\s+for\s+(?:the\s+)?production(?:\s+of\s+documents)?|requests?\s+for\s+admissions?|document\s+requests?|interrogatory|request|responses?)\s+)(?:nos?\.?|numbers?|#)\s*\d+[a-z]?\s*$").unwrap()
});

/// A numbered paragraph: "6. These General Objections", "(b) Acme".
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\d{1,3}\.|\(?[a-z0-9]{1,3}\))\s+\S").unwrap());

/// Whether `c` belongs to a script written without spaces between words: Han
/// ideographs, kana, CJK punctuation and full-width forms (not Hangul, which is spaced).
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'     // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms
        | '\u{20000}'..='\u{3FFFF}') // extensions B and later
}

/// A line with the spaces between two characters of an unspaced script removed:
/// pdf-extract puts a space wherever glyphs are farther apart than it expects, which in
/// Chinese set by LibreOffice splits names ("王 伟") that the letter would then quote.
fn unspace_cjk(line: &str) -> String {
    if !line.chars().any(is_unspaced_script) {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' && i > 0 && is_unspaced_script(chars[i - 1]) {
            let run_end = (i..chars.len())
                .find(|&j| chars[j] != ' ')
                .unwrap_or(chars.len());
            if run_end < chars.len() && is_unspaced_script(chars[run_end]) {
                i = run_end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A line's shape with its digits folded, to find the same header on every page.
fn shape(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Lines of every page, layout artifacts removed, each with its page and line number.
fn clean(pages: &[String]) -> Vec<Line> {
    // Pass 1: the page's nonblank lines, with whether a blank line came before.
    let mut per_page: Vec<Vec<(String, bool)>> = Vec::new();
    for page in pages {
        let mut lines = Vec::new();
        let mut blank = false;
        for raw in page.lines() {
            let text = unspace_cjk(raw.trim_end()).replace('\u{ad}', "-");
            if text.trim().is_empty() {
                // Space at the top of a page is the margin, not a paragraph break: a
                // paragraph runs on from the page before.
                blank = !lines.is_empty();
                continue;
            }
            // Stamps, page numbers and bare line numbers go first, so a running footer
            // is the page's last line even when the line numbers come after it.
            if ECF_STAMP.is_match(&text) || PAGE_NUMBER.is_match(&text) {
                continue;
            }
            lines.push((text, blank));
            blank = false;
        }
        per_page.push(lines);
    }
    // Running headers and footers: the same shape in the same place on half the pages.
    let mut seen: HashMap<(bool, usize, String), usize> = HashMap::new();
    for lines in &per_page {
        for (position, (text, _)) in lines.iter().enumerate().take(3) {
            *seen.entry((true, position, shape(text))).or_default() += 1;
        }
        for (position, (text, _)) in lines.iter().rev().enumerate().take(3) {
            *seen.entry((false, position, shape(text))).or_default() += 1;
        }
    }
    let threshold = (pages.len() / 2).max(2);
    let running = |top: bool, position: usize, text: &str| {
        pages.len() >= 2
            && !LABEL_START.is_match(text)
            && seen
                .get(&(top, position, shape(text)))
                .is_some_and(|n| *n >= threshold)
    };
    let mut out = Vec::new();
    for (page_index, lines) in per_page.iter().enumerate() {
        // Pleading-paper numbers that the extractor put at the start of text lines.
        let leading: Vec<Option<u32>> = lines
            .iter()
            .map(|(t, _)| {
                LEADING_NUMBER
                    .captures(t)
                    .and_then(|c| c[1].parse::<u32>().ok())
            })
            .collect();
        let increasing = leading
            .windows(2)
            .filter(|w| matches!(w, [Some(a), Some(b)] if *b == *a + 1))
            .count();
        let numbered_lines = lines.len() >= 8 && increasing * 2 >= lines.len();
        let count = lines.len();
        let mut kept = 0u32;
        let mut blank_pending = false;
        for (position, (text, after_blank)) in lines.iter().enumerate() {
            blank_pending |= *after_blank;
            let from_bottom = count - 1 - position;
            if (position < 3 && running(true, position, text))
                || (from_bottom < 3 && running(false, from_bottom, text))
            {
                continue;
            }
            let mut text = text.as_str();
            if numbered_lines {
                if let Some(m) = LEADING_NUMBER.find(text) {
                    text = &text[m.end()..];
                    if text.trim().is_empty() {
                        continue;
                    }
                }
            }
            kept += 1;
            out.push(Line {
                text: text.trim().to_string(),
                page: page_index as u32 + 1,
                line: kept,
                after_blank: blank_pending,
            });
            blank_pending = false;
        }
    }
    out
}

fn is_heading(text: &str) -> bool {
    // Letters of a script with case: Chinese has none, so a line of it is not "in
    // capitals" (the end of a sentence wrapped onto its own line is no heading).
    let letters: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphabetic() && !is_unspaced_script(*c))
        .collect();
    letters.len() >= 4
        && letters.iter().all(|c| !c.is_lowercase())
        && text.split_whitespace().count() <= 12
        && !text.trim_end().ends_with(';')
        && !LABEL_START.is_match(text)
}

/// A title set on two lines: "RESPONSES AND OBJECTIONS TO PLAINTIFF" + "NORTHWIND'S
/// FIRST REQUESTS": the first line ends with a word that needs the next.
fn continues_heading(current: &[&Line], next: &str) -> bool {
    const JOINING: &[&str] = &[
        "TO", "OF", "AND", "FOR", "THE", "IN", "ON", "BY", "WITH", "OR", "A", "AN",
    ];
    let Some(last) = current.last() else {
        return false;
    };
    let last_word = last.text.split_whitespace().last().unwrap_or("");
    current.iter().all(|l| is_heading(&l.text))
        && is_heading(next)
        && (JOINING.contains(&last_word)
            || last_word.ends_with(',')
            || last_word.ends_with("'S")
            || last_word.ends_with("\u{2019}S"))
}

/// Whether a line's first word is in capitals ("OBJECTIONS:", "RESPONSE"): a label in
/// lower case after a line that ends mid-sentence is the sentence running on ("... each of
/// its General" + "Objections. Acme's revenue ...").
fn opens_in_capitals(text: &str) -> bool {
    let word: Vec<char> = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    word.len() >= 2 && word.iter().all(|c| c.is_uppercase())
}

/// Whether the line after `previous` continues its sentence whatever it looks like: a
/// full-width line that ends in a lowercase word was wrapped, not ended ("... nor" +
/// "REASONABLY CALCULATED TO LEAD TO THE DISCOVERY OF" is emphasis, not a heading).
fn runs_on(previous: &Line, typical: usize) -> bool {
    previous.text.chars().count() * 10 >= typical * 8
        && previous
            .text
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| c.is_lowercase())
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\u{201d}', ')', '\''])
        .ends_with(['.', ':', '?', '!', ';'])
}

fn paragraphs(lines: &[Line]) -> Vec<Block> {
    // Double-spaced text has a blank line after nearly every line: blank lines then say
    // nothing about paragraphs.
    let blanks = lines.iter().filter(|l| l.after_blank).count();
    let double_spaced = lines.len() >= 8 && blanks * 10 >= lines.len() * 6;
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
    lengths.sort_unstable();
    let typical = lengths
        .get(lengths.len() * 3 / 4)
        .copied()
        .unwrap_or(80)
        .max(20);
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Vec<&Line> = Vec::new();
    let mut label: Option<String> = None;
    let flush = |current: &mut Vec<&Line>, blocks: &mut Vec<Block>, label: &mut Option<String>| {
        if current.is_empty() {
            return;
        }
        let opening: String = current
            .iter()
            .take(3)
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        *label = crate::docx::next_label(&opening, label.take());
        let heading = current.iter().all(|l| is_heading(&l.text));
        let mut pieces = Vec::new();
        for (i, line) in current.iter().enumerate() {
            let mut text = line.text.clone();
            let next = current.get(i + 1);
            if let Some(next) = next {
                if joins_hyphenated(&text, &next.text) {
                    text.pop();
                } else if !(text.chars().next_back().is_some_and(is_unspaced_script)
                    && next.text.chars().next().is_some_and(is_unspaced_script))
                {
                    // Chinese and Japanese run on across a line break without a space.
                    text.push(' ');
                }
            }
            pieces.push(Piece {
                text,
                style: Style::Plain,
                origin: Origin::Page {
                    page: line.page,
                    line: line.line,
                    label: label.clone(),
                },
            });
        }
        blocks.push(Block {
            kind: if heading {
                BlockKind::Heading(2)
            } else {
                BlockKind::Paragraph
            },
            pieces,
        });
        current.clear();
    };
    for line in lines {
        let breaks = match current.last() {
            None => false,
            Some(previous) => {
                (line.after_blank && !double_spaced)
                    || WHOLE_LINE_LABEL.is_match(&line.text)
                    || WHOLE_LINE_LABEL.is_match(&previous.text)
                    || (LABEL_START.is_match(&line.text)
                        && (ends_sentence(&previous.text) || opens_in_capitals(&line.text)))
                    || (LIST_ITEM.is_match(&line.text) && ends_sentence(&previous.text))
                    || is_heading(&line.text)
                        && !continues_heading(&current, &line.text)
                        && !runs_on(previous, typical)
                    || is_heading(&previous.text)
                        && current.iter().all(|l| is_heading(&l.text))
                        && !continues_heading(&current, &line.text)
                    || (ends_sentence(&previous.text)
                        && previous.text.chars().count() * 10 < typical * 8)
            }
        };
        if breaks {
            flush(&mut current, &mut blocks, &mut label);
        }
        current.push(line);
    }
    flush(&mut current, &mut blocks, &mut label);
    blocks
}

/// "with-" + "holding": a hyphen between lowercase letters at a line's end is the
/// typesetter's.
fn joins_hyphenated(line: &str, next: &str) -> bool {
    let mut before = line.chars().rev();
    before.next() == Some('-')
        && before.next().is_some_and(|c| c.is_lowercase())
        && next.chars().next().is_some_and(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[&str]) -> String {
        lines.join("\n")
    }

    #[test]
    fn a_sentence_running_on_with_objections_is_no_label() {
        let pages = vec![
            page(&["ANSWER: Acme restates and incorporates each of its General"]),
            page(&[
                "Objections. Acme's revenue was $41.2 million in 2021.",
                "",
                "OBJECTIONS: Acme objects to this Interrogatory as vague.",
            ]),
        ];
        let markdown = from_pages(&pages, true).unwrap().markdown;
        assert!(
            markdown.contains("each of its General Objections. Acme's revenue"),
            "{markdown}"
        );
        assert!(
            markdown.contains("\n\nOBJECTIONS: Acme objects"),
            "{markdown}"
        );
    }

    #[test]
    fn a_label_alone_on_its_line_is_its_own_paragraph() {
        let pages = vec![page(&[
            "Defendant's Objections to Plaintiff's Document Requests",
            "Document Request No. 1b",
            "A copy of any and all documents concerning any lawsuit.",
            "Objection to Request No. 1b",
            "Defendant objects to this request as overly broad.",
        ])];
        let markdown = from_pages(&pages, true).unwrap().markdown;
        for paragraph in [
            "\n\nDocument Request No. 1b\n\n",
            "\n\nObjection to Request No. 1b\n\n",
        ] {
            assert!(markdown.contains(paragraph), "{paragraph:?}: {markdown}");
        }
        assert!(!WHOLE_LINE_LABEL.is_match("Objections to Requests for Production are due"));
        assert!(WHOLE_LINE_LABEL.is_match("RESPONSE TO REQUEST FOR PRODUCTION NO. 12"));
    }

    #[test]
    fn chinese_is_not_spaced_apart_but_spaced_scripts_keep_their_spaces() {
        assert_eq!(
            unspace_cjk("Wang Wei (王 伟) of 北京 市"),
            "Wang Wei (王伟) of 北京市"
        );
        assert_eq!(unspace_cjk("王伟 and 李娜"), "王伟 and 李娜");
        assert_eq!(unspace_cjk("개인 정보"), "개인 정보");
        let pages = vec![page(&[
            "RESPONSE TO REQUEST FOR PRODUCTION NO. 1: GuoLi relies on 个人信息处理者向",
            "中华人民共和国境外提供个人信息的 and objects to this Request as overly broad.",
        ])];
        let converted = from_pages(&pages, true).unwrap();
        assert!(
            converted
                .markdown
                .contains("个人信息处理者向中华人民共和国境外提供个人信息的 and"),
            "{}",
            converted.markdown
        );
    }

    #[test]
    fn layout_is_stripped_and_paragraphs_are_joined() {
        let pages = vec![
            page(&[
                "Case 1:26-cv-04417 Document 31 Filed 01/05/27 Page 1 of 2 PageID #:410",
                "",
                "REQUEST FOR PRODUCTION NO. 2: All documents concerning complaints",
                "about leaks in the Model X-200.",
                "",
                "RESPONSE TO REQUEST FOR PRODUCTION NO. 2: Acme objects to this Re-",
                "quest as overly broad and unduly burdensome.",
                "",
                "1",
            ]),
            page(&[
                "Case 1:26-cv-04417 Document 31 Filed 01/05/27 Page 2 of 2 PageID #:411",
                "",
                "REQUEST FOR PRODUCTION NO. 3: All emails.",
                "",
                "2",
            ]),
        ];
        let converted = from_pages(&pages, true).unwrap();
        assert_eq!(
            converted.markdown,
            "REQUEST FOR PRODUCTION NO. 2: All documents concerning complaints about leaks in the Model X-200.\n\n\
             RESPONSE TO REQUEST FOR PRODUCTION NO. 2: Acme objects to this Request as overly broad and unduly burdensome.\n\n\
             REQUEST FOR PRODUCTION NO. 3: All emails.\n"
        );
        let response = converted.markdown.find("RESPONSE").unwrap();
        let burdensome = converted.markdown.find("quest as").unwrap();
        assert_eq!(
            converted.map.locate(response),
            Some(&Origin::Page {
                page: 1,
                line: 3,
                label: Some("RESPONSE TO REQUEST FOR PRODUCTION NO. 2".into())
            })
        );
        assert_eq!(
            converted.map.locate(burdensome + 2),
            Some(&Origin::Page {
                page: 1,
                line: 4,
                label: Some("RESPONSE TO REQUEST FOR PRODUCTION NO. 2".into())
            })
        );
        assert_eq!(
            converted
                .map
                .locate(converted.markdown.find("All emails").unwrap()),
            Some(&Origin::Page {
                page: 2,
                line: 1,
                label: Some("REQUEST FOR PRODUCTION NO. 3".into())
            })
        );
    }

    #[test]
    fn pleading_line_numbers_and_running_footers_are_stripped() {
        const WORDS: [&str; 10] = [
            "Acme", "objects", "to", "this", "Request", "because", "it", "seeks", "every", "email",
        ];
        let body = |n: u32| {
            let mut lines = vec![];
            for i in 1..=10usize {
                let word = WORDS[(i * 3 + n as usize) % 10];
                lines.push(format!(
                    "{i} text line {n}-{i} {word} of the response continues here"
                ));
            }
            lines.push("DEFENDANT'S RESPONSES TO FIRST REQUESTS - 12".into());
            lines.join("\n")
        };
        let pages: Vec<String> = (1..=3).map(body).collect();
        let converted = from_pages(&pages, true).unwrap();
        assert!(
            !converted.markdown.contains("DEFENDANT'S RESPONSES"),
            "{}",
            converted.markdown
        );
        assert!(
            converted.markdown.starts_with("text line 1-1 "),
            "{}",
            converted.markdown
        );
        assert!(
            !converted.markdown.contains(" 2 text line"),
            "{}",
            converted.markdown
        );
    }

    #[test]
    fn a_pdf_of_images_gets_the_ocr_notice() {
        let refusal = from_pages(&["".into(), " \n ".into()], false).unwrap_err();
        assert!(refusal.0.starts_with("no text layer: run OCR first"));
    }
}
