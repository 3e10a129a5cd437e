//! Court rule profiles in the editor, through `brieflint lsp`: the hover on a length
//! finding shows the count and how it was made; the certificate and tables quick fixes, applied as
//! an editor applies them, clear their diagnostics.

mod support;

use serde_json::{json, Value};
use support::files::fixture;
use support::lsp_client::{apply_workspace_edit, capabilities, LspClient};

fn of_code<'d>(diagnostics: &'d [Value], code: &str) -> Vec<&'d Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

fn hover_at(client: &mut LspClient, uri: &str, position: &Value) -> String {
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position}),
    );
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The quick fix of `diagnostic` titled starting with `title`, applied to `text`.
fn apply_fix(
    client: &mut LspClient,
    uri: &str,
    text: &str,
    diagnostic: &Value,
    title: &str,
) -> String {
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(title))
        .unwrap_or_else(|| panic!("no action {title:?}: {actions}"))
        .clone();
    // Each fix here is asked for on version 1 of its document.
    apply_workspace_edit(text, &action["edit"], uri, 1)
}

#[test]
fn the_length_finding_says_how_the_count_was_made() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/letter-28j.md";
    client.open(uri, &fixture("rules/BL701/fire.md"), 1);
    let diagnostics = client.diagnostics(uri, Some(1));
    let bl701 = of_code(&diagnostics, "BL701");
    assert_eq!(bl701.len(), 1, "{diagnostics:?}");
    assert_eq!(bl701[0]["severity"], 1);
    let hover = hover_at(&mut client, uri, &bl701[0]["range"]["start"]);
    // The rule, briefly (the editor shows the message beside it), and the count.
    for words in [
        "BL701 over-length-limit",
        "**Word count**: 362 words counted; limit 350 words (Fed. R. App. P. 28(j)): 12 over",
        "not counted: cover or caption (26), signature block (22)",
    ] {
        assert!(hover.contains(words), "{words:?} not in {hover}");
    }
    client.shutdown();
}

#[test]
fn the_certificate_and_tables_fixes_clear_their_diagnostics() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);

    // A motion in the Second Circuit with no certificate of compliance.
    let uri = "file:///tmp/motion.md";
    let text = fixture("rules/BL702/fire.md");
    client.open(uri, &text, 1);
    let diagnostics = client.diagnostics(uri, Some(1));
    let bl702 = of_code(&diagnostics, "BL702");
    assert_eq!(bl702.len(), 1, "{diagnostics:?}");
    let hover = hover_at(&mut client, uri, &bl702[0]["range"]["start"]);
    assert!(hover.contains("BL702 certificate-of-compliance"), "{hover}");
    assert!(
        hover.contains(
            "**Word count**: 300 words counted; limit 5,200 words (Fed. R. App. P. 27(d)(2)(A))"
        ),
        "{hover}"
    );
    assert!(bl702[0]["message"]
        .as_str()
        .unwrap()
        .contains("Fed. R. App. P. 32(g)(1) requires one for a motion"));
    let fixed = apply_fix(
        &mut client,
        uri,
        &text,
        bl702[0],
        "Insert a certificate of compliance (300 words",
    );
    assert!(
        fixed.contains("complies with the type-volume limitation of Fed. R. App. P. 27(d)(2)(A) because, excluding the parts of the document exempted by Fed. R. App. P. 32(f), it contains 300 words."),
        "{fixed}"
    );
    // The certificate goes before the proof of service.
    assert!(fixed.find("CERTIFICATE OF COMPLIANCE") < fixed.find("CERTIFICATE OF SERVICE"));
    client.change(uri, 2, json!([{"text": fixed}]));
    let after = client.diagnostics(uri, Some(2));
    assert!(of_code(&after, "BL702").is_empty(), "{after:?}");
    // Only the signature placeholder the certificate leaves for counsel.
    assert_eq!(of_code(&after, "BL003").len(), 1, "{after:?}");

    // A certificate that understates the count: the fix states brieflint's count.
    let uri = "file:///tmp/understated.md";
    let text = fixture("rules/BL702/fire-understated.md");
    client.open(uri, &text, 1);
    let diagnostics = client.diagnostics(uri, Some(1));
    let bl702 = of_code(&diagnostics, "BL702");
    assert_eq!(bl702.len(), 1, "{diagnostics:?}");
    let fixed = apply_fix(
        &mut client,
        uri,
        &text,
        bl702[0],
        "State the count: 300 words",
    );
    client.change(uri, 2, json!([{"text": fixed}]));
    assert!(of_code(&client.diagnostics(uri, Some(2)), "BL702").is_empty());

    // An appellant's brief without tables: the fix inserts both.
    let uri = "file:///tmp/brief.md";
    let text = fixture("rules/BL703/fire.md");
    client.open(uri, &text, 1);
    let diagnostics = client.diagnostics(uri, Some(1));
    let bl703 = of_code(&diagnostics, "BL703");
    assert_eq!(bl703.len(), 1, "{diagnostics:?}");
    let fixed = apply_fix(
        &mut client,
        uri,
        &text,
        bl703[0],
        "Insert a table of contents and a table of authorities",
    );
    assert!(
        fixed.contains(
            "## TABLE OF AUTHORITIES\n\n**Rules**\n\n- Fed. R. Civ. P. 56(a) — [page numbers]"
        ),
        "{fixed}"
    );
    assert!(
        fixed.contains("- 28 U.S.C. § 1291 — [page numbers]"),
        "{fixed}"
    );
    client.change(uri, 2, json!([{"text": fixed}]));
    let after = client.diagnostics(uri, Some(2));
    assert!(of_code(&after, "BL703").is_empty(), "{after:?}");
    // The tables are not counted: the certificate still states the count.
    assert!(of_code(&after, "BL702").is_empty(), "{after:?}");
    client.shutdown();
}

#[test]
fn the_count_for_the_status_line_and_the_certificate_hover() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/letter.md";
    client.open(uri, &fixture("rules/BL701/fire.md"), 1);
    client.diagnostics(uri, Some(1));
    let length = client.request("brieflint/length", json!({"textDocument": {"uri": uri}}));
    assert_eq!(length["words"], 362, "{length}");
    assert_eq!(length["limit"], 350);
    assert_eq!(length["unit"], "words");
    assert_eq!(length["remaining"], -12);
    assert_eq!(length["estimate"], false);
    assert!(length["summary"]
        .as_str()
        .unwrap()
        .starts_with("362 words counted; limit 350 words (Fed. R. App. P. 28(j)): 12 over"));

    // A filing no limit governs: null.
    let plain = "file:///tmp/plain.md";
    client.open(plain, "# NOTES\n\nNothing filed here.\n", 1);
    client.diagnostics(plain, Some(1));
    let length = client.request("brieflint/length", json!({"textDocument": {"uri": plain}}));
    assert!(length.is_null(), "{length}");
    // Nor one the server has not opened: null, not an error (a status line asks as the
    // user switches files).
    let length = client.request(
        "brieflint/length",
        json!({"textDocument": {"uri": "file:///tmp/never-opened.md"}}),
    );
    assert!(length.is_null(), "{length}");

    // The hover on the certificate of compliance shows the count it should state.
    let uri = "file:///tmp/motion.md";
    let text = fixture("rules/BL702/no-fire.md");
    client.open(uri, &text, 1);
    client.diagnostics(uri, Some(1));
    let line = text
        .lines()
        .position(|l| l.starts_with("This motion complies"))
        .unwrap();
    let hover = hover_at(&mut client, uri, &json!({"line": line, "character": 3}));
    assert!(
        hover.starts_with("**Word count**: 300 words counted; limit 5,200 words (Fed. R. App. P. 27(d)(2)(A)): 4,900 remaining"),
        "{hover}"
    );
    assert!(hover.contains("not counted: cover or caption"), "{hover}");
    client.shutdown();
}
