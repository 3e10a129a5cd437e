//! Links, the outline, and defined terms: `textDocument/documentLink`,
//! `documentSymbol`, `definition`, `references`, `prepareRename` and `rename`.

use super::{snapshot_at, snapshot_of};
use crate::convert;
use crate::server::Backend;
use crate::session::lock;
use brieflint_core::editor;
use brieflint_core::outline;
use brieflint_core::position::Encoding;
use ropey::Rope;
use tower_lsp::lsp_types::*;

pub async fn document_link(
    backend: &Backend,
    params: DocumentLinkParams,
) -> Option<Vec<DocumentLink>> {
    let (snapshot, encoding) = snapshot_of(&backend.state, &params.text_document.uri).await?;
    let links = editor::links(&snapshot.analysis.citations)
        .into_iter()
        .map(|link| DocumentLink {
            range: convert::range(&snapshot.rope, link.range, encoding),
            target: Url::parse(&link.url).ok(),
            tooltip: Some(format!("Open {}", link.citation.identity)),
            data: None,
        })
        .collect();
    Some(links)
}

fn symbol(rope: &Rope, symbol: &outline::Symbol, encoding: Encoding) -> DocumentSymbol {
    #[allow(deprecated)]
    DocumentSymbol {
        name: editor::symbol_name(symbol),
        detail: None,
        kind: match symbol.kind {
            outline::SymbolKind::Heading => SymbolKind::STRING,
            outline::SymbolKind::Request => SymbolKind::FIELD,
            outline::SymbolKind::GeneralObjections => SymbolKind::NAMESPACE,
        },
        tags: None,
        deprecated: None,
        range: convert::range(rope, symbol.range.clone(), encoding),
        selection_range: convert::range(rope, symbol.selection.clone(), encoding),
        children: Some(
            symbol
                .children
                .iter()
                .map(|c| self::symbol(rope, c, encoding))
                .collect(),
        ),
    }
}

pub async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let (snapshot, encoding) = snapshot_of(&backend.state, &params.text_document.uri).await?;
    let symbols = snapshot
        .analysis
        .outline
        .iter()
        .map(|s| symbol(&snapshot.rope, s, encoding))
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

pub async fn goto_definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let uri = params.text_document_position_params.text_document.uri;
    let position = params.text_document_position_params.position;
    let (snapshot, offset, encoding) = snapshot_at(&backend.state, &uri, position).await?;
    let (definition, _) = editor::term_at(&snapshot.analysis.definitions, offset)?;
    Some(GotoDefinitionResponse::Scalar(Location::new(
        uri.clone(),
        convert::range(&snapshot.rope, definition.term_range.clone(), encoding),
    )))
}

pub async fn references(backend: &Backend, params: ReferenceParams) -> Option<Vec<Location>> {
    let uri = params.text_document_position.text_document.uri;
    let position = params.text_document_position.position;
    let (snapshot, offset, encoding) = snapshot_at(&backend.state, &uri, position).await?;
    let (definition, _) = editor::term_at(&snapshot.analysis.definitions, offset)?;
    let declaration = params
        .context
        .include_declaration
        .then_some(&definition.term_range);
    let locations = declaration
        .into_iter()
        .chain(&definition.uses)
        .map(|r| {
            Location::new(
                uri.clone(),
                convert::range(&snapshot.rope, r.clone(), encoding),
            )
        })
        .collect();
    Some(locations)
}

pub async fn prepare_rename(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Option<PrepareRenameResponse> {
    let (snapshot, offset, encoding) =
        snapshot_at(&backend.state, &params.text_document.uri, params.position).await?;
    let (definition, range) = editor::term_at(&snapshot.analysis.definitions, offset)?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::range(&snapshot.rope, range, encoding),
        placeholder: definition.term.clone(),
    })
}

pub async fn rename(
    backend: &Backend,
    params: RenameParams,
) -> tower_lsp::jsonrpc::Result<Option<WorkspaceEdit>> {
    let uri = params.text_document_position.text_document.uri;
    let position = params.text_document_position.position;
    let new_name = editor::valid_term_name(&params.new_name)
        .map_err(tower_lsp::jsonrpc::Error::invalid_params)?;
    let document_changes = lock(&backend.state).document_changes;
    let Some((snapshot, offset, encoding)) = snapshot_at(&backend.state, &uri, position).await
    else {
        return Ok(None);
    };
    let Some((definition, _)) = editor::term_at(&snapshot.analysis.definitions, offset) else {
        return Ok(None);
    };
    let edits = editor::rename_edits(definition, &new_name);
    Ok(Some(convert::workspace_edit(
        &uri,
        snapshot.version,
        &snapshot.rope,
        &edits,
        encoding,
        document_changes,
    )))
}
