//! `textDocument/hover`: what is under the cursor (`brieflint_core::editor::hover_at`).

use super::snapshot_at;
use crate::convert;
use crate::server::Backend;
use crate::session::lock;
use tower_lsp::lsp_types::*;

pub async fn hover(backend: &Backend, params: HoverParams) -> Option<Hover> {
    let uri = params.text_document_position_params.text_document.uri;
    let position = params.text_document_position_params.position;
    let (snapshot, offset, encoding) = snapshot_at(&backend.state, &uri, position).await?;
    let link = lock(&backend.state).settings.rule_doc_link();
    let (value, range) =
        brieflint_core::editor::hover_at(&snapshot.analysis, &snapshot.text, offset, link)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(convert::range(&snapshot.rope, range, encoding)),
    })
}
