//! `textDocument/codeAction`: each finding's fixes, and "Disable BLxxx for this line".

use crate::convert;
use crate::scheduler::{analyzed, Purpose, Snapshot};
use crate::server::Backend;
use crate::session::lock;
use brieflint_core::{editor, suppress};
use tower_lsp::lsp_types::*;

pub async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let (encoding, related, document_changes) = {
        let state = lock(&backend.state);
        (
            state.encoding,
            state.related_information,
            state.document_changes,
        )
    };
    let Snapshot {
        analysis,
        text,
        rope,
        version,
        ..
    } = analyzed(&backend.state, &uri, Purpose::Request).await?;
    let start = convert::offset(&rope, params.range.start, encoding);
    let end = convert::offset(&rope, params.range.end, encoding);
    let mut actions = Vec::new();
    for finding in editor::findings_touching(&analysis.findings, start..end) {
        let to_range = |r| convert::range(&rope, r, encoding);
        let diagnostic = convert::diagnostic(&uri, &to_range, finding, related);
        let edit = |edits: &[brieflint_core::finding::Edit]| {
            convert::workspace_edit(&uri, version, &rope, edits, encoding, document_changes)
        };
        for (index, fix) in finding.fixes.iter().enumerate() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.to_string(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(&fix.edits)),
                is_preferred: Some(index == 0),
                ..CodeAction::default()
            }));
        }
        let disable = suppress::disable_next_line_edit(&text, finding);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Disable {} for this line", finding.rule.code),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(edit(&[disable])),
            ..CodeAction::default()
        }));
    }
    Some(actions)
}
