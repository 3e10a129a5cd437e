//! Tests of `convert`.
use super::*;
use brieflint_core::{self as analysis, config::Config};

/// The diagnostics serialized straight from findings are, byte for byte, those of
/// `diagnostic` in a `PublishDiagnosticsParams`.
#[test]
fn published_findings_serialize_as_diagnostics() {
    let text = "# RESPONSES TO REQUESTS FOR PRODUCTION\n\n**REQUEST FOR PRODUCTION NO. 1:** All emails of 王伟 😀.\n\n**RESPONSE:** Acme objects to this Request as overly broad. The PIPL bars production of these \"documents\". Acme will produce documents.\n";
    // With a General Objections section incorporated by reference (BL103), whose
    // findings carry related places.
    let general = include_str!("../../../../fixtures/rules/BL103/fire.md");
    let text = &format!("{general}\n{text}");
    let findings = analysis::analyze(text, &Config::default());
    assert!(findings.len() >= 3);
    assert!(findings.iter().any(|f| !f.related.is_empty()));
    let text = text.as_str();
    let uri = Url::parse("file:///tmp/x.md").unwrap();
    let rope = Rope::from_str(text);
    let index = position::LineIndex::new(text);
    for encoding in [Encoding::Utf8, Encoding::Utf16] {
        for related in [false, true] {
            for version in [None, Some(7)] {
                let to_range = |r| range(&rope, r, encoding);
                let expected = lsp::PublishDiagnosticsParams {
                    uri: uri.clone(),
                    diagnostics: findings
                        .iter()
                        .map(|f| diagnostic(&uri, &to_range, f, related))
                        .collect(),
                    version,
                };
                let direct = PublishedFindings {
                    uri: &uri,
                    version,
                    findings: &findings,
                    index: &index,
                    encoding,
                    related_supported: related,
                };
                assert_eq!(
                    serde_json::to_string(&direct).unwrap(),
                    serde_json::to_string(&expected).unwrap()
                );
                // And the frame built from kept fragments, first empty, then full.
                let mut fragments = DiagnosticFragments::default();
                let frame = crate::transport::notification_frame(
                    "textDocument/publishDiagnostics",
                    &direct,
                );
                assert_eq!(fragments.frame(&direct), frame);
                assert_eq!(fragments.frame(&direct), frame);
                assert!(related || !fragments.kept.is_empty());
            }
        }
    }
}

/// After an edit, the frame built with the previous publication's fragments is the
/// frame serialized from scratch.
#[test]
fn kept_fragments_follow_edits() {
    let uri = Url::parse("file:///tmp/y.md").unwrap();
    let mut text = brieflint_generate::discovery_response(3, 9);
    let mut fragments = DiagnosticFragments::default();
    for edit in 0..6 {
        // A character, then a line break, in the middle; then one at the start.
        let at = match edit % 3 {
            0 => text.len() / 2,
            1 => text.len() / 3,
            _ => 0,
        };
        let at = (at..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap();
        text.insert_str(at, if edit % 2 == 0 { "é" } else { "\n" });
        let findings = analysis::analyze(&text, &Config::default());
        let index = position::LineIndex::new(&text);
        let published = PublishedFindings {
            uri: &uri,
            version: Some(edit),
            findings: &findings,
            index: &index,
            encoding: Encoding::Utf16,
            related_supported: true,
        };
        assert_eq!(
            fragments.frame(&published),
            crate::transport::notification_frame("textDocument/publishDiagnostics", &published)
        );
        // A character that breaks no line leaves every other line's diagnostics as they
        // were: those are copied.
        if edit > 0 && edit % 2 == 0 {
            assert!(
                fragments.reused * 2 > findings.len(),
                "{} of {} reused",
                fragments.reused,
                findings.len()
            );
        }
    }
}
