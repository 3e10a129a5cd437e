//! Findings to LSP types, in the negotiated position encoding. The only module that
//! turns analysis results into protocol values.

use brieflint_core::finding::{Edit, Finding, Severity};
use brieflint_core::position::{self, Encoding};
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
fn help_urls() -> &'static HashMap<&'static str, Url> {
    static URLS: std::sync::LazyLock<HashMap<&'static str, Url>> = std::sync::LazyLock::new(|| {
        brieflint_core::rules::all()
            .iter()
            .filter_map(|r| Some((r.meta().code, Url::parse(r.meta().help_uri()).ok()?)))
            .collect()
    });
    &URLS
}

fn help_url(code: &str) -> Option<Url> {
    help_urls().get(code).cloned()
}

/// The params of `publishDiagnostics` for a document's findings, serialized straight
/// from the findings: the same JSON as `PublishDiagnosticsParams` of `diagnostic`s, without
/// building thousands of `Diagnostic` values (and their strings) first.
pub struct PublishedFindings<'a> {
    pub uri: &'a Url,
    pub version: Option<i32>,
    pub findings: &'a [Finding],
    pub index: &'a position::LineIndex<'a>,
    pub encoding: Encoding,
    pub related_supported: bool,
}

impl serde::Serialize for PublishedFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut params = serializer.serialize_struct("PublishDiagnosticsParams", 3)?;
        params.serialize_field("uri", self.uri)?;
        params.serialize_field("diagnostics", &FindingsAsDiagnostics(self))?;
        if let Some(version) = self.version {
            params.serialize_field("version", &version)?;
        }
        params.end()
    }
}

/// The serialized diagnostic of each finding of the last publication of one document,
/// by what it says and where: a keystroke moves or changes only the findings of the
/// edited line, and the others' JSON is copied from the last frame as it is. Findings
/// come in document order, so the last frame's are matched in order too: a long filing's
/// thousands of diagnostics are read front to back, not looked up one by one.
#[derive(Default)]
pub struct DiagnosticFragments {
    /// The last frame's body.
    body: String,
    /// Its diagnostics that may be reused, in order.
    kept: Vec<Fragment>,
    /// How many diagnostics the last frame copied from the one before.
    reused: usize,
}

struct Fragment {
    code: &'static str,
    severity: Severity,
    range: [u32; 4],
    message: std::sync::Arc<str>,
    /// Where its JSON lies in `body`.
    json: std::ops::Range<usize>,
}

impl Fragment {
    fn is(
        &self,
        code: &str,
        severity: Severity,
        range: &[u32; 4],
        message: &std::sync::Arc<str>,
    ) -> bool {
        self.range == *range
            && self.code == code
            && self.severity == severity
            // (`Arc` equality compares pointers before text.)
            && self.message == *message
    }
}

/// How far ahead of the next unmatched diagnostic of the last frame a finding is looked
/// for: findings added or removed by an edit shift the rest by a few.
const LOOK_AHEAD: usize = 8;

impl DiagnosticFragments {
    /// The `publishDiagnostics` notification frame for `published`: byte for byte what
    /// `transport::notification_frame` makes of it, with unchanged diagnostics reused.
    pub fn frame(&mut self, published: &PublishedFindings) -> Vec<u8> {
        let mut body =
            String::with_capacity(self.body.len().max(64 + published.findings.len() * 320));
        let mut kept = Vec::with_capacity(published.findings.len());
        body.push_str(
            r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
        );
        body.push_str(&serde_json::to_string(published.uri).expect("a URL serializes"));
        body.push_str(r#","diagnostics":["#);
        // The next diagnostic of the last frame not yet matched.
        let mut next = 0;
        self.reused = 0;
        for (i, finding) in published.findings.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            let diagnostic = FindingAsDiagnostic {
                p: published,
                finding,
            };
            // Related places are converted each time (they are few, and may name other
            // files): such findings are not kept.
            if published.related_supported && !finding.related.is_empty() {
                body.push_str(&serde_json::to_string(&diagnostic).expect("serializes"));
                continue;
            }
            let r = published
                .index
                .range(finding.range.clone(), published.encoding);
            let range = [r.start.line, r.start.character, r.end.line, r.end.character];
            let (code, severity, message) = (finding.rule.code, finding.severity, &finding.message);
            let found = self.kept[next..]
                .iter()
                .take(LOOK_AHEAD)
                .position(|f| f.is(code, severity, &range, message));
            let start = body.len();
            match found {
                Some(offset) => {
                    let fragment = &self.kept[next + offset];
                    body.push_str(&self.body[fragment.json.clone()]);
                    next += offset + 1;
                    self.reused += 1;
                }
                None => body.push_str(&serde_json::to_string(&diagnostic).expect("serializes")),
            }
            kept.push(Fragment {
                code,
                severity,
                range,
                message: message.clone(),
                json: start..body.len(),
            });
        }
        body.push(']');
        if let Some(version) = published.version {
            body.push_str(&format!(r#","version":{version}"#));
        }
        body.push_str("}}");
        let frame = crate::transport::frame_bytes(body.as_bytes());
        self.body = body;
        self.kept = kept;
        frame
    }
}

struct FindingsAsDiagnostics<'a>(&'a PublishedFindings<'a>);

impl serde::Serialize for FindingsAsDiagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let p = self.0;
        let mut seq = serializer.serialize_seq(Some(p.findings.len()))?;
        for finding in p.findings {
            seq.serialize_element(&FindingAsDiagnostic { p, finding })?;
        }
        seq.end()
    }
}

struct FindingAsDiagnostic<'a> {
    p: &'a PublishedFindings<'a>,
    finding: &'a Finding,
}

impl serde::Serialize for FindingAsDiagnostic<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (p, finding) = (self.p, self.finding);
        let to_range = |r: &std::ops::Range<usize>| indexed_range(p.index, r.clone(), p.encoding);
        let mut d = serializer.serialize_struct("Diagnostic", 7)?;
        d.serialize_field("range", &to_range(&finding.range))?;
        d.serialize_field("severity", &severity(finding.severity))?;
        d.serialize_field("code", finding.rule.code)?;
        if let Some(href) = help_urls().get(finding.rule.code) {
            #[derive(serde::Serialize)]
            struct Href<'u> {
                href: &'u str,
            }
            d.serialize_field(
                "codeDescription",
                &Href {
                    href: href.as_str(),
                },
            )?;
        }
        d.serialize_field("source", "brieflint")?;
        d.serialize_field("message", &*finding.message)?;
        if p.related_supported && !finding.related.is_empty() {
            let related = related_information(p.uri, &|r| to_range(&r), finding);
            if !related.is_empty() {
                d.serialize_field("relatedInformation", &related)?;
            }
        }
        d.end()
    }
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

/// The places `finding` points to, as LSP related information: another filing of the
/// matter at its start, or a range of this document.
fn related_information(
    uri: &Url,
    to_range: &dyn Fn(std::ops::Range<usize>) -> lsp::Range,
    finding: &Finding,
) -> Vec<DiagnosticRelatedInformation> {
    finding
        .related
        .iter()
        .filter_map(|r| {
            let location = match &r.path {
                // Another filing of the matter, named within its folder: beside this one.
                Some(path) => Location::new(uri.join(path).ok()?, lsp::Range::default()),
                None => Location::new(uri.clone(), to_range(r.range.clone())),
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect()
}

/// `finding` as a diagnostic; `to_range` converts its byte ranges (`range` or
/// `indexed_range`).
pub fn diagnostic(
    uri: &Url,
    to_range: &dyn Fn(std::ops::Range<usize>) -> lsp::Range,
    finding: &Finding,
    related_supported: bool,
) -> Diagnostic {
    let related = related_information(uri, to_range, finding);
    Diagnostic {
        range: to_range(finding.range.clone()),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.code.to_string())),
        code_description: help_url(finding.rule.code).map(|href| CodeDescription { href }),
        source: Some("brieflint".to_string()),
        message: finding.message.to_string(),
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
        .map(|e| {
            TextEdit::new(
                range(rope, e.range.clone(), encoding),
                e.new_text.to_string(),
            )
        })
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

#[cfg(test)]
mod tests;
