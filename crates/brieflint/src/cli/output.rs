//! Report formats: human (compiler-style), JSON (the stable schema) and SARIF 2.1.0.

use super::Input;
use crate::report;
use brieflint_core::finding::{Finding, Severity};
use brieflint_core::position::{range_to_positions, Encoding};
use brieflint_core::rules;
use ropey::Rope;
use serde_json::json;
use std::io::{self, Write};

type Results = [(Input, Vec<Finding>)];

/// Where a finding of a converted .docx or .pdf is in the original file.
fn origin_of<'a>(input: &'a Input, finding: &Finding) -> Option<&'a brieflint_ingest::Origin> {
    input.source.as_ref()?.locate(finding.range.start)
}

pub fn human(out: &mut impl Write, results: &Results) -> io::Result<()> {
    let mut counts = [0usize; 4];
    let mut files_with_findings = 0;
    for (input, findings) in results {
        if findings.is_empty() {
            continue;
        }
        files_with_findings += 1;
        let rope = Rope::from_str(&input.text);
        for finding in findings {
            counts[finding.severity as usize] += 1;
            let range = range_to_positions(&rope, finding.range.clone(), Encoding::Utf16);
            let line_no = range.start.line as usize;
            let line = rope.line(line_no).to_string();
            let line = line.trim_end_matches(['\n', '\r']);
            // Columns count characters, for people; JSON and SARIF use UTF-16 like LSP.
            let line_start = rope.line_to_byte(line_no);
            let start_col = input.text[line_start..finding.range.start].chars().count();
            let end_byte = finding.range.end.min(line_start + line.len());
            let width = input.text[finding.range.start..end_byte.max(finding.range.start)]
                .chars()
                .count()
                .max(1);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}: {}",
                input.display,
                line_no + 1,
                start_col + 1,
                finding.severity.as_str(),
                finding.rule.code,
                finding.rule.name,
                finding.message
            )?;
            let gutter = (line_no + 1).to_string();
            let pad = " ".repeat(gutter.len());
            if let Some(origin) = origin_of(input, finding) {
                writeln!(
                    out,
                    "{pad} = at {} (line {} of the Markdown rendering)",
                    origin.describe(),
                    line_no + 1
                )?;
            }
            // A binary file's bytes are never printed: the notice says what it is.
            if !is_printable(line) {
                writeln!(out)?;
                continue;
            }
            let frame = Frame::around(line, start_col, width);
            writeln!(out, "{pad} |")?;
            writeln!(out, "{gutter} | {}", frame.text)?;
            writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(frame.caret_col),
                "^".repeat(frame.caret_width)
            )?;
            for fix in finding.fixes.iter() {
                writeln!(out, "{pad} = fix: {}", fix.title)?;
                for edit in &fix.edits {
                    let removed = &input.text[edit.range.clone()];
                    if !removed.is_empty() {
                        writeln!(out, "{pad}        - {}", one_line(removed))?;
                    }
                    if !edit.new_text.trim().is_empty() {
                        writeln!(out, "{pad}        + {}", one_line(edit.new_text.trim()))?;
                    }
                }
            }
            writeln!(out)?;
        }
    }
    // The count of each file a length limit governs, findings or not.
    for (input, _) in results {
        if let Some(length) = &input.length {
            writeln!(out, "{}: {length}", input.display)?;
        }
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        writeln!(out, "No findings in {} file(s).", results.len())
    } else {
        writeln!(
            out,
            "{total} finding(s) in {files_with_findings} of {} file(s): {} error(s), {} warning(s), {} information, {} hint(s).",
            results.len(),
            counts[Severity::Error as usize],
            counts[Severity::Warning as usize],
            counts[Severity::Information as usize],
            counts[Severity::Hint as usize]
        )
    }
}

/// Characters shown on each side of a finding's span: enough words to recognise the
/// sentence, without printing a whole paragraph again for every finding on it.
const CONTEXT_CHARS: usize = 32;
/// A span longer than this is shown by its beginning.
const SPAN_CHARS: usize = 96;

/// The part of a source line shown under a finding, with the caret's place in it.
struct Frame {
    text: String,
    caret_col: usize,
    caret_width: usize,
}

impl Frame {
    /// `start` and `width` count characters of `line`. Cuts fall on spaces where one is
    /// near, and are marked with an ellipsis.
    fn around(line: &str, start: usize, width: usize) -> Frame {
        let chars: Vec<char> = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let start = start.min(chars.len());
        let shown_width = width.min(SPAN_CHARS);
        let mut from = start.saturating_sub(CONTEXT_CHARS);
        let mut to = (start + shown_width + CONTEXT_CHARS).min(chars.len());
        if from > 0 && chars[from - 1] != ' ' {
            // Begin after the nearest space so the frame opens on a whole word.
            if let Some(space) = chars[from..start].iter().position(|c| *c == ' ') {
                from += space + 1;
            }
        }
        if to < chars.len() {
            let span_end = (start + shown_width).min(to);
            if let Some(space) = chars[span_end..to].iter().rposition(|c| *c == ' ') {
                to = span_end + space;
            }
        }
        let mut text = String::new();
        let mut caret_col = start - from;
        if from > 0 {
            text.push('…');
            caret_col += 1;
        }
        text.extend(&chars[from..to]);
        let clipped = to < chars.len();
        if clipped {
            text.push('…');
        }
        let visible = to.saturating_sub(start).max(1);
        Frame {
            text: text.trim_end().to_string(),
            caret_col,
            caret_width: shown_width.min(visible),
        }
    }
}

/// Whether a source line can be shown in a terminal: no control characters (escape
/// sequences) and no replacement characters standing for bytes that were not text.
fn is_printable(line: &str) -> bool {
    !line
        .chars()
        .any(|c| c == '\u{FFFD}' || (c.is_control() && c != '\t'))
}

/// Fix text on one line: newlines shown as `⏎`, long text shortened in the middle.
fn one_line(text: &str) -> String {
    const MAX: usize = 320;
    let flat: String = text
        .trim_matches(['\n', '\r'])
        .chars()
        .map(|c| match c {
            '\n' => '⏎',
            '\r' | '\t' => ' ',
            c => c,
        })
        .collect();
    let count = flat.chars().count();
    if count <= MAX {
        return flat;
    }
    let head: String = flat.chars().take(MAX / 2).collect();
    let tail: String = flat.chars().skip(count - MAX / 2).collect();
    format!("{head} … {tail}")
}

pub fn json(out: &mut impl Write, results: &Results) -> io::Result<()> {
    let mut all = Vec::new();
    for (input, findings) in results {
        let rope = Rope::from_str(&input.text);
        for finding in findings {
            let json = report::to_json(&input.display, &rope, finding);
            match origin_of(input, finding) {
                // A converted file: `range` is in the Markdown rendering; `origin` is the
                // place in the .docx or .pdf.
                Some(origin) => {
                    let mut value = serde_json::to_value(&json).map_err(io::Error::other)?;
                    value["origin"] = json!(origin);
                    value["originText"] = json!(origin.describe());
                    all.push(value);
                }
                None => all.push(serde_json::to_value(&json).map_err(io::Error::other)?),
            }
        }
    }
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "note",
        Severity::Hint => "none",
    }
}

fn sarif_region(range: &brieflint_core::position::PositionRange) -> serde_json::Value {
    json!({
        "startLine": range.start.line + 1,
        "startColumn": range.start.character + 1,
        "endLine": range.end.line + 1,
        "endColumn": range.end.character + 1,
    })
}

pub fn sarif(out: &mut impl Write, results: &Results) -> io::Result<()> {
    let all_rules = rules::all();
    let rule_descriptors: Vec<_> = all_rules
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.doc_markdown(), "markdown": m.doc_markdown()},
                "helpUri": m.help_uri(),
                "defaultConfiguration": {"level": sarif_level(m.default_severity)},
            })
        })
        .collect();
    let mut sarif_results = Vec::new();
    for (input, findings) in results {
        let rope = Rope::from_str(&input.text);
        for finding in findings {
            let range = range_to_positions(&rope, finding.range.clone(), Encoding::Utf16);
            let rule_index = all_rules
                .iter()
                .position(|r| r.meta().code == finding.rule.code)
                .unwrap_or(0);
            let fixes: Vec<_> = finding
                .fixes
                .iter()
                .map(|fix| {
                    json!({
                        "description": {"text": fix.title},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": input.display},
                            "replacements": fix.edits.iter().map(|e| json!({
                                "deletedRegion": sarif_region(&range_to_positions(&rope, e.range.clone(), Encoding::Utf16)),
                                "insertedContent": {"text": e.new_text},
                            })).collect::<Vec<_>>(),
                        }],
                    })
                })
                .collect();
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": input.display},
                    "region": sarif_region(&range),
                }
            });
            if let Some(origin) = origin_of(input, finding) {
                // The region is in the Markdown rendering of a converted file; the place
                // in the original goes beside it.
                location["message"] = json!({"text": origin.describe()});
                location["properties"] = json!({"origin": origin, "renderedAsMarkdown": true});
            }
            sarif_results.push(json!({
                "ruleId": finding.rule.code,
                "ruleIndex": rule_index,
                "level": sarif_level(finding.severity),
                "message": {"text": &*finding.message},
                "locations": [location],
                "fixes": fixes,
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "brieflint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/brieflint/brieflint",
                "rules": rule_descriptors,
            }},
            "columnKind": "utf16CodeUnits",
            "results": sarif_results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::{one_line, Frame};

    #[test]
    fn a_short_line_is_shown_whole() {
        let frame = Frame::around("Objection: overbroad.", 11, 9);
        assert_eq!(frame.text, "Objection: overbroad.");
        assert_eq!((frame.caret_col, frame.caret_width), (11, 9));
    }

    #[test]
    fn a_long_line_is_cut_to_whole_words_around_the_span() {
        let line = format!(
            "{}Acme objects to this Request as overly broad.{}",
            "word ".repeat(40),
            " more".repeat(40)
        );
        let start = line.find("overly").unwrap();
        let frame = Frame::around(&line, start, "overly broad".len());
        assert!(frame.text.starts_with('…') && frame.text.ends_with('…'));
        assert!(frame.text.chars().count() < 110, "{}", frame.text);
        let under: String = frame
            .text
            .chars()
            .skip(frame.caret_col)
            .take(frame.caret_width)
            .collect();
        assert_eq!(under, "overly broad");
        // The cut falls between words.
        assert!(frame.text.starts_with("…Acme objects"), "{}", frame.text);
    }

    #[test]
    fn carets_count_characters_not_bytes() {
        let line = format!("{}§ 1782 discovery is “overbroad” here", "é".repeat(50));
        let chars: Vec<char> = line.chars().collect();
        let start = chars.iter().position(|c| *c == '“').unwrap();
        let frame = Frame::around(&line, start, 11);
        let under: String = frame
            .text
            .chars()
            .skip(frame.caret_col)
            .take(frame.caret_width)
            .collect();
        assert_eq!(under, "“overbroad”");
    }

    #[test]
    fn a_very_long_span_is_shown_by_its_beginning() {
        let line = "x ".repeat(300);
        let frame = Frame::around(&line, 0, 600);
        assert_eq!(frame.caret_col, 0);
        assert!(frame.caret_width <= super::SPAN_CHARS);
        assert!(frame.text.ends_with('…'));
    }

    #[test]
    fn fix_text_is_one_line() {
        assert_eq!(one_line("\nA.\nB.\n"), "A.⏎B.");
        let long = "a".repeat(800);
        let shown = one_line(&long);
        assert!(shown.contains(" … ") && shown.chars().count() < 330);
    }
}
