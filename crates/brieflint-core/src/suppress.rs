//! In-document suppression comments:
//! `<!-- brieflint-disable-next-line BL101 -->`, `<!-- brieflint-disable BL101 -->` ...
//! `<!-- brieflint-enable BL101 -->`, and `<!-- brieflint-disable-file -->`.
//! Codes may be given by code or name, separated by spaces or commas; none means all.

use super::finding::{Edit, Finding};
use super::rules;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*brieflint-(?P<kind>disable-next-line|disable-file|disable|enable)\b(?P<codes>[^>]*?)\s*-->").unwrap()
});

/// Which codes a directive names; `None` means every rule.
fn codes(list: &str) -> Option<Vec<&'static str>> {
    let codes: Vec<&'static str> = list
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .filter_map(|key| rules::lookup(key).map(|m| m.code))
        .collect();
    if codes.is_empty() {
        None
    } else {
        Some(codes)
    }
}

struct Scope {
    codes: Option<Vec<&'static str>>,
    range: Range<usize>,
}

/// Removes the findings that suppression comments in `text` turn off.
pub fn apply(text: &str, findings: &mut Vec<Finding>) {
    if memchr::memmem::find(text.as_bytes(), b"brieflint-").is_none() {
        return;
    }
    let mut scopes: Vec<Scope> = Vec::new();
    let mut open: Vec<(Option<Vec<&'static str>>, usize)> = Vec::new();
    for caps in DIRECTIVE.captures_iter(text) {
        let whole = caps.get(0).unwrap();
        let list = codes(&caps["codes"]);
        match &caps["kind"] {
            "disable-file" => scopes.push(Scope {
                codes: list,
                range: 0..text.len(),
            }),
            "disable" => open.push((list, whole.end())),
            "enable" => {
                // Close every open region this directive names.
                open.retain(|(codes, start)| {
                    let closes = match (&list, codes) {
                        (None, _) => true,
                        (Some(l), Some(c)) => c.iter().all(|code| l.contains(code)),
                        (Some(_), None) => false,
                    };
                    if closes {
                        scopes.push(Scope {
                            codes: codes.clone(),
                            range: *start..whole.start(),
                        });
                    }
                    !closes
                });
            }
            _ => {
                if let Some(line) = next_nonblank_line(text, whole.end()) {
                    scopes.push(Scope {
                        codes: list,
                        range: line,
                    });
                }
            }
        }
    }
    for (codes, start) in open {
        scopes.push(Scope {
            codes,
            range: start..text.len(),
        });
    }
    // One sweep over scopes and findings in document order, counting for each rule how
    // many scopes cover the current position: linear where checking every finding
    // against every scope was quadratic (thousands of comments in one filing).
    let mut boundaries: Vec<(usize, Option<&Vec<&'static str>>, i32)> = Vec::new();
    for scope in &scopes {
        boundaries.push((scope.range.start, scope.codes.as_ref(), 1));
        boundaries.push((scope.range.end, scope.codes.as_ref(), -1));
    }
    boundaries.sort_by_key(|&(at, _, _)| at);
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| findings[i].range.start);
    let mut covering_all = 0i32;
    let mut covering: std::collections::HashMap<&str, i32> = std::collections::HashMap::new();
    let mut suppressed = vec![false; findings.len()];
    let mut next = 0;
    for i in order {
        let at = findings[i].range.start;
        while next < boundaries.len() && boundaries[next].0 <= at {
            let (_, codes, delta) = boundaries[next];
            match codes {
                None => covering_all += delta,
                Some(codes) => {
                    for code in codes {
                        *covering.entry(code).or_default() += delta;
                    }
                }
            }
            next += 1;
        }
        let code = findings[i].rule.code;
        suppressed[i] = covering_all > 0 || covering.get(code).is_some_and(|&n| n > 0);
    }
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !suppressed[index - 1]
    });
}

/// The byte range of the first non-blank line after the line containing `offset`.
fn next_nonblank_line(text: &str, offset: usize) -> Option<Range<usize>> {
    let mut start = text[offset..].find('\n').map(|p| offset + p + 1)?;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |p| start + p);
        if !text[start..end].trim().is_empty() {
            return Some(start..end);
        }
        start = end + 1;
    }
    None
}

/// The edit that disables `finding`'s rule for the line it starts on: a comment line
/// above it, indented like it, with the document's own line ending.
pub fn disable_next_line_edit(text: &str, finding: &Finding) -> Edit {
    let line_start = text[..finding.range.start]
        .rfind(['\n', '\r'])
        .map_or(0, |p| p + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Edit {
        range: line_start..line_start,
        new_text: format!(
            "{indent}<!-- brieflint-disable-next-line {} -->{newline}",
            finding.rule.code
        )
        .into(),
    }
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&DIRECTIVE);
}
