//! `brieflint/reviewResponses` (the editors' "brieflint: Review responses (.docx/.pdf)"):
//! the other side's responses, converted by `brieflint-ingest` and analyzed, returned as
//! the Markdown rendering and its diagnostics, for the client to show read-only. Each
//! diagnostic names its place in the original (page and line, or paragraph and the
//! request it answers) in its message and, as data, in `data.origin`.

use crate::convert;
use brieflint_core::config::Config;
use brieflint_core::position::Encoding;
use brieflint_ingest::{Format, Limits};
use ropey::Rope;
use std::path::Path;

#[derive(serde::Deserialize)]
pub struct ReviewParams {
    /// A `file:` URI of a .docx, .docm or .pdf.
    pub uri: tower_lsp::lsp_types::Url,
}

/// Converts and analyzes the file at `path`; blocking (run it off the message loop).
pub fn review(
    path: &Path,
    config: &Config,
    encoding: Encoding,
) -> Result<serde_json::Value, String> {
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
        .ok_or_else(|| "not a .docx, .docm or .pdf".to_string())?;
    let limits = Limits::default();
    let bytes = brieflint_workspace::files::read_regular(path, limits.max_input_bytes)
        .map_err(|skipped| skipped.to_string())?;
    let (markdown, map, notices, findings) = match brieflint_ingest::convert(bytes, format, &limits)
    {
        Ok(converted) => {
            let findings =
                brieflint_core::analyze_in_matter(&converted.markdown, config, None).findings;
            (
                converted.markdown,
                Some(converted.map),
                converted.notices,
                findings,
            )
        }
        Err(refusal) => {
            let findings =
                brieflint_core::not_analyzed(format!("Not analyzed: {refusal}"), config).findings;
            (String::new(), None, Vec::new(), findings)
        }
    };
    let rope = Rope::from_str(&markdown);
    let uri = tower_lsp::lsp_types::Url::from_file_path(path)
        .map_err(|()| "not an absolute path".to_string())?;
    let to_range = |range: std::ops::Range<usize>| convert::range(&rope, range, encoding);
    let diagnostics: Vec<serde_json::Value> = findings
        .iter()
        .map(|finding| {
            let mut diagnostic = convert::diagnostic(&uri, &to_range, finding, false);
            let origin = map.as_ref().and_then(|m| m.locate(finding.range.start));
            if let Some(origin) = origin {
                diagnostic.message = format!("{} [{}]", diagnostic.message, origin.describe());
                diagnostic.data = Some(serde_json::json!({
                    "origin": origin,
                    "originText": origin.describe(),
                }));
            }
            serde_json::to_value(diagnostic).unwrap_or_default()
        })
        .collect();
    Ok(serde_json::json!({
        "markdown": markdown,
        "notices": notices,
        "diagnostics": diagnostics,
    }))
}
