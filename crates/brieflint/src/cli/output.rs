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
            let shown: String = line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            writeln!(out, "{pad} |")?;
            writeln!(out, "{gutter} | {shown}")?;
            writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(start_col),
                "^".repeat(width)
            )?;
            for fix in &finding.fixes {
                writeln!(out, "{pad} = fix: {}", fix.title)?;
            }
            writeln!(out)?;
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

pub fn json(out: &mut impl Write, results: &Results) -> io::Result<()> {
    let mut all = Vec::new();
    for (input, findings) in results {
        let rope = Rope::from_str(&input.text);
        all.extend(
            findings
                .iter()
                .map(|f| report::to_json(&input.display, &rope, f)),
        );
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
            sarif_results.push(json!({
                "ruleId": finding.rule.code,
                "ruleIndex": rule_index,
                "level": sarif_level(finding.severity),
                "message": {"text": finding.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": input.display},
                        "region": sarif_region(&range),
                    }
                }],
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
