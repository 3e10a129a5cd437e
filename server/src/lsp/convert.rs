//! Findings to LSP types, in the negotiated position encoding. The only module that
//! turns analysis results into protocol values.

use crate::analysis::finding::{Edit, Finding, Severity};
use crate::position::{self, Encoding};
use ropey::Rope;
use std::collections::HashMap;
use tower_lsp::lsp_types::{
    self as lsp, CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
    TextEdit, Url, WorkspaceEdit,
};

pub fn range(rope: &Rope, range: std::ops::Range<usize>, encoding: Encoding) -> lsp::Range {
    let r = position::range_to_positions(rope, range, encoding);
    lsp::Range {
        start: lsp::Position::new(r.start.line, r.start.character),
        end: lsp::Position::new(r.end.line, r.end.character),
    }
}

pub fn offset(rope: &Rope, pos: lsp::Position, encoding: Encoding) -> usize {
    position::position_to_offset(
        rope,
        position::Position {
            line: pos.line,
            character: pos.character,
        },
        encoding,
    )
}

/// Each rule's help URL, parsed once (a large document has thousands of diagnostics).
fn help_url(code: &str) -> Option<Url> {
    static URLS: std::sync::LazyLock<HashMap<&'static str, Url>> = std::sync::LazyLock::new(|| {
        crate::analysis::rules::all()
            .iter()
            .filter_map(|r| Some((r.meta().code, Url::parse(r.meta().help_uri()).ok()?)))
            .collect()
    });
    URLS.get(code).cloned()
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A range through a `LineIndex`: for converting all of a document's diagnostics at once.
pub fn indexed_range(
    index: &position::LineIndex,
    range: std::ops::Range<usize>,
    encoding: Encoding,
) -> lsp::Range {
    let r = index.range(range, encoding);
    lsp::Range {
        start: lsp::Position::new(r.start.line, r.start.character),
        end: lsp::Position::new(r.end.line, r.end.character),
    }
}

/// `finding` as a diagnostic; `to_range` converts its byte ranges (`range` or
/// `indexed_range`).
pub fn diagnostic(
    uri: &Url,
    to_range: &dyn Fn(std::ops::Range<usize>) -> lsp::Range,
    finding: &Finding,
    related_supported: bool,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|r| {
            let location = match &r.path {
                // Another filing of the matter: its start.
                Some(path) => Location::new(Url::from_file_path(path).ok()?, lsp::Range::default()),
                None => Location::new(uri.clone(), to_range(r.range.clone())),
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: to_range(finding.range.clone()),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.code.to_string())),
        code_description: help_url(finding.rule.code).map(|href| CodeDescription { href }),
        source: Some("brieflint".to_string()),
        message: finding.message.clone(),
        related_information: (related_supported && !related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A workspace edit applying `edits` to `uri` at `version`: versioned document changes
/// when the client supports them, so a stale edit is refused rather than misapplied.
pub fn workspace_edit(
    uri: &Url,
    version: i32,
    rope: &Rope,
    edits: &[Edit],
    encoding: Encoding,
    document_changes: bool,
) -> WorkspaceEdit {
    let text_edits: Vec<TextEdit> = edits
        .iter()
        .map(|e| TextEdit::new(range(rope, e.range.clone(), encoding), e.new_text.clone()))
        .collect();
    if document_changes {
        WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: text_edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), text_edits)])),
            ..WorkspaceEdit::default()
        }
    }
}
