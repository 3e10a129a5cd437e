//! brieflint's own requests: `brieflint/recordIndex`, `brieflint/rules`, `brieflint/ruleDocumentation`,
//! `brieflint/tableOfAuthorities`, `brieflint/reviewResponses`.

use super::snapshot_of;
use crate::server::Backend;
use crate::session::lock;
use brieflint_core::{rules, toa};
use std::time::Duration;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::TextDocumentIdentifier;

#[derive(serde::Deserialize)]
pub struct RuleDocumentationParams {
    code: String,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableOfAuthoritiesParams {
    text_document: TextDocumentIdentifier,
}

#[derive(serde::Deserialize)]
pub struct NoParams {}

/// `brieflint/recordIndex`: what the workspace scan indexed (for :checkhealth-style
/// diagnostics and tests), by names relative to the workspace root.
pub async fn record_index(backend: &Backend, _: NoParams) -> Result<serde_json::Value> {
    let mut ready = backend.index_ready.clone();
    let _ = tokio::time::timeout(Duration::from_secs(30), ready.wait_for(|r| *r)).await;
    let state = lock(&backend.state);
    let mut filings: Vec<&String> = state.matter.keys().collect();
    filings.sort();
    let notice = state.matter_truncated.then(|| {
        format!(
            "The index stopped at {} files; filings beyond them are not part of the record. Raise brieflint.matter.maxFiles to index more.",
            state.limits.max_files
        )
    });
    Ok(serde_json::json!({
        "filings": filings,
        "notice": notice,
        "truncated": state.matter_truncated,
        "tooLarge": state.matter_too_large,
        "limits": {"maxFiles": state.limits.max_files, "maxFileBytes": state.limits.max_file_bytes},
    }))
}

/// `brieflint/rules`: every rule with its code, name, default severity and one-line
/// summary (for an editor's rule picker, which then never lists a stale set).
pub async fn rule_list(_: &Backend, _: NoParams) -> Result<serde_json::Value> {
    let rules: Vec<_> = rules::all()
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            serde_json::json!({
                "code": meta.code,
                "name": meta.name,
                "defaultSeverity": meta.default_severity.as_str(),
                "summary": meta.summary,
            })
        })
        .collect();
    Ok(serde_json::json!({ "rules": rules }))
}

/// `brieflint/ruleDocumentation`: a rule's documentation as Markdown.
pub async fn rule_documentation(
    _: &Backend,
    params: RuleDocumentationParams,
) -> Result<serde_json::Value> {
    match rules::lookup(&params.code) {
        Some(meta) => Ok(serde_json::json!({
            "code": meta.code,
            "markdown": format!("# {} {}\n\n{}", meta.code, meta.name, meta.doc_markdown()),
        })),
        None => Err(Error::invalid_params(format!(
            "unknown rule {:?}",
            params.code
        ))),
    }
}

/// `brieflint/length`: the open document's word count under the length limit that governs
/// it, the limit and what is left, for the editors' status line; `null` when no limit
/// applies, or the document is not open (yet: an editor asks as the user switches to it).
pub async fn length(
    backend: &Backend,
    params: TableOfAuthoritiesParams,
) -> Result<serde_json::Value> {
    let Some((snapshot, _)) = snapshot_of(&backend.state, &params.text_document.uri).await else {
        return Ok(serde_json::Value::Null);
    };
    Ok(serde_json::to_value(&snapshot.analysis.length).unwrap_or_default())
}

/// `brieflint/tableOfAuthorities`: the open document's table of authorities.
pub async fn table_of_authorities(
    backend: &Backend,
    params: TableOfAuthoritiesParams,
) -> Result<serde_json::Value> {
    let Some((snapshot, _)) = snapshot_of(&backend.state, &params.text_document.uri).await else {
        return Err(Error::invalid_params("the document is not open"));
    };
    let entries = toa::entries(&snapshot.text, &snapshot.analysis.citations);
    Ok(serde_json::json!({"markdown": toa::markdown(&entries), "entries": entries}))
}

/// `brieflint/reviewResponses`: a .docx or .pdf of the other side's responses, converted
/// and analyzed on a thread of its own (a PDF takes a while), with the configuration that
/// applies to the file's folder; see review.rs.
pub async fn review_responses(
    backend: &Backend,
    params: crate::review::ReviewParams,
) -> Result<serde_json::Value> {
    let Ok(path) = params.uri.to_file_path() else {
        return Err(Error::invalid_params("reviewResponses needs a file: URI"));
    };
    let (config, encoding) = {
        let mut state = lock(&backend.state);
        (state.config_for(Some(&path)), state.encoding)
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = reply.send(crate::review::review(&path, &config, encoding));
    });
    match answer.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(reason)) => Err(Error::invalid_params(reason)),
        Err(_) => Err(Error::internal_error()),
    }
}
