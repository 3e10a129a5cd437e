//! Findings as the stable JSON schema (`brieflint check --format json`): positions are
//! zero-based, characters in UTF-16 code units, exactly as LSP.

use brieflint_core::authorities;
use brieflint_core::finding::{Edit, Finding};
use brieflint_core::position::{range_to_positions, Encoding, PositionRange};
use ropey::Rope;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct JsonEdit {
    pub range: PositionRange,
    #[serde(rename = "newText")]
    pub new_text: String,
}

#[derive(Debug, Serialize)]
pub struct JsonFix {
    pub title: String,
    pub edits: Vec<JsonEdit>,
}

#[derive(Debug, Serialize)]
pub struct JsonFinding {
    pub path: String,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub range: PositionRange,
    pub authorities: Vec<String>,
    pub fixes: Vec<JsonFix>,
}

pub fn edit_to_json(rope: &Rope, edit: &Edit) -> JsonEdit {
    JsonEdit {
        range: range_to_positions(rope, edit.range.clone(), Encoding::Utf16),
        new_text: edit.new_text.to_string(),
    }
}

pub fn to_json(path: &str, rope: &Rope, finding: &Finding) -> JsonFinding {
    JsonFinding {
        path: path.to_string(),
        code: finding.rule.code,
        name: finding.rule.name,
        severity: finding.severity.as_str(),
        message: finding.message.to_string(),
        range: range_to_positions(rope, finding.range.clone(), Encoding::Utf16),
        authorities: finding
            .rule
            .authorities
            .iter()
            .filter_map(|id| authorities::get(id))
            .map(|a| a.cite.clone())
            .collect(),
        fixes: finding
            .fixes
            .iter()
            .map(|fix| JsonFix {
                title: fix.title.to_string(),
                edits: fix.edits.iter().map(|e| edit_to_json(rope, e)).collect(),
            })
            .collect(),
    }
}
