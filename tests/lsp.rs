//! End-to-end tests of `brieflint lsp` over stdio: the real binary, the real protocol.

mod support;

use brieflint_core::{self as analysis, config::Config};
use serde_json::{json, Value};
use std::process::Command;
use support::files::{repo, scratch, uri_of};
use support::lsp_client::{apply_edit, apply_workspace_edit, capabilities, LspClient};

/// What the analysis says of `text`, as (code, range, message) in UTF-16 positions.
fn expected(text: &str) -> Vec<(String, Value, String)> {
    let rope = ropey::Rope::from_str(text);
    analysis::analyze(text, &Config::default())
        .iter()
        .map(|f| {
            let j = brieflint::report::to_json("x", &rope, f);
            (
                j.code.to_string(),
                serde_json::to_value(j.range).unwrap(),
                j.message,
            )
        })
        .collect()
}

fn summarize(diagnostics: &[Value]) -> Vec<(String, Value, String)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"].clone(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn initialize_negotiates_encoding_and_capabilities() {
    let mut client = LspClient::spawn();
    let result = client.initialize(capabilities(), None);
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(result["serverInfo"]["name"], "brieflint");
    assert_eq!(client.shutdown(), Some(0));

    let mut client = LspClient::spawn();
    let result = client.initialize(
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        None,
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    // With UTF-8 positions, a CJK character counts three.
    let text = "REQUEST FOR PRODUCTION NO. 1: x\n\nRESPONSE: 王伟 objects to this Request as overly broad.\n";
    client.open("file:///tmp/utf8.md", text, 1);
    let diagnostics = client.diagnostics("file:///tmp/utf8.md", Some(1));
    let bl101 = diagnostics
        .iter()
        .find(|d| d["code"] == "BL101")
        .expect("BL101");
    assert_eq!(bl101["range"]["start"], json!({"line": 2, "character": 10}));
    assert_eq!(
        bl101["range"]["end"]["character"],
        10 + "王伟 objects to this Request as overly broad.".len()
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn editor_and_cli_report_the_same_findings() {
    let path = repo().join("fixtures/discovery/acme-rfp-responses.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let cli = Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let cli: Vec<Value> = serde_json::from_slice(&cli.stdout).unwrap();
    assert!(cli.len() >= 10);

    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = uri_of(&path);
    client.open(&uri, &text, 1);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let from_cli: Vec<_> = cli
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["range"].clone(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(summarize(&diagnostics), from_cli);
    for d in &diagnostics {
        assert_eq!(d["source"], "brieflint");
        assert!(d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        assert!(d["severity"].as_u64().unwrap() <= 2);
    }
    // BL103 points at the General Objections section.
    let bl103 = diagnostics.iter().find(|d| d["code"] == "BL103").unwrap();
    assert_eq!(
        bl103["relatedInformation"][0]["message"],
        "the General Objections section"
    );
    client.shutdown();
}

/// A discovery response full of line-ending and Unicode traps.
const TRICKY: &str = "# RESPONSES TO REQUESTS FOR PRODUCTION\r\n\r\n**REQUEST FOR PRODUCTION NO. 1:** All emails of 王伟 😀.\r\n\r\n**RESPONSE TO REQUEST FOR PRODUCTION NO. 1:** Acme objects to this Request as overly broad and vague. Acme will produce documents.\r\n\r\n**REQUEST FOR PRODUCTION NO. 2:** Cafe\u{301} records.\r\n\r\n**RESPONSE TO REQUEST FOR PRODUCTION NO. 2:** The Request is not reasonably calculated to lead to the discovery of admissible evidence. Subject to and without waiving its objections, Acme will produce documents in due course.\r\n";

#[test]
fn incremental_edits_keep_ranges_exact() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/tricky.md";
    let mut text = TRICKY.to_string();
    client.open(uri, &text, 1);
    assert_eq!(
        summarize(&client.diagnostics(uri, Some(1))),
        expected(&text)
    );

    // (range, new text) edits in UTF-16 positions, each applied to the previous text.
    let edits = [
        (
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
            "😀 ",
        ),
        (
            json!({"start": {"line": 2, "character": 48}, "end": {"line": 2, "character": 48}}),
            "王伟李娜 ",
        ),
        (
            json!({"start": {"line": 4, "character": 50}, "end": {"line": 4, "character": 54}}),
            "Acmé 👩‍👩‍👧",
        ),
        (
            json!({"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}}),
            "e\u{301}\r\n",
        ),
        (
            json!({"start": {"line": 1, "character": 0}, "end": {"line": 3, "character": 0}}),
            "",
        ),
        (
            json!({"start": {"line": 6, "character": 10}, "end": {"line": 6, "character": 11}}),
            "\n",
        ),
        (
            json!({"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 2}}),
            "",
        ),
        (
            json!({"start": {"line": 9, "character": 200}, "end": {"line": 9, "character": 300}}),
            " Fin.",
        ),
    ];
    for (index, (range, new_text)) in edits.iter().enumerate() {
        let version = index as i64 + 2;
        text = apply_edit(&text, range, new_text, false);
        client.change(uri, version, json!([{"range": range, "text": new_text}]));
        let got = summarize(&client.diagnostics(uri, Some(version)));
        assert_eq!(got, expected(&text), "after edit {index}: {text:?}");
    }
    // Several changes in one notification apply in order.
    let batch = json!([
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "A"},
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "B😀"},
    ]);
    text = apply_edit(&text, &batch[0]["range"], "A", false);
    text = apply_edit(&text, &batch[1]["range"], "B😀", false);
    client.change(uri, 20, batch);
    assert_eq!(
        summarize(&client.diagnostics(uri, Some(20))),
        expected(&text)
    );
    client.shutdown();
}

#[test]
fn rapid_changes_are_applied_in_order() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/rapid.md";
    let mut text = TRICKY.to_string();
    client.open(uri, &text, 1);
    // A burst of single-character edits without waiting, as a fast typist makes.
    for (i, c) in "objects, vaguely ☃ 王".chars().enumerate() {
        let range =
            json!({"start": {"line": 0, "character": i}, "end": {"line": 0, "character": i}});
        let new_text = c.to_string();
        text = apply_edit(&text, &range, &new_text, false);
        client.change(
            uri,
            i as i64 + 2,
            json!([{"range": range, "text": new_text}]),
        );
    }
    let last = "objects, vaguely ☃ 王".chars().count() as i64 + 1;
    assert_eq!(
        summarize(&client.diagnostics(uri, Some(last))),
        expected(&text)
    );
    client.shutdown();
}

#[test]
fn every_code_action_removes_its_diagnostic() {
    let path = repo().join("fixtures/discovery/acme-rfp-responses.md");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/acme.md";
    client.open(uri, &original, 1);
    let diagnostics = client.diagnostics(uri, Some(1));
    let mut version = 1;
    let mut checked = 0;
    let actions_for = |client: &mut LspClient, diagnostic: &Value| -> Vec<Value> {
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        );
        actions
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["diagnostics"][0]["range"] == diagnostic["range"]
                    && a["diagnostics"][0]["code"] == diagnostic["code"]
            })
            .cloned()
            .collect()
    };
    for diagnostic in &diagnostics {
        let count = actions_for(&mut client, diagnostic).len();
        assert!(count >= 1, "{diagnostic}");
        for index in 0..count {
            // Actions are computed for the current version; ask again after each undo.
            let actions = actions_for(&mut client, diagnostic);
            assert!(actions
                .iter()
                .any(|a| a["title"].as_str().unwrap().starts_with("Disable")));
            let action = &actions[index];
            assert_eq!(action["kind"], "quickfix");
            let fixed = apply_workspace_edit(&original, &action["edit"], uri, version);
            // Apply through the server, as the editor would, then check the result.
            version += 1;
            client.change(uri, version, json!([{"text": fixed}]));
            let after = client.diagnostics(uri, Some(version));
            let code = diagnostic["code"].as_str().unwrap();
            let before_count = diagnostics.iter().filter(|d| d["code"] == code).count();
            let after_count = after.iter().filter(|d| d["code"] == code).count();
            assert!(
                after_count < before_count,
                "{} did not remove {code}: {fixed}",
                action["title"]
            );
            for other in [
                "BL101", "BL102", "BL103", "BL104", "BL105", "BL106", "BL107",
            ] {
                let b = diagnostics.iter().filter(|d| d["code"] == other).count();
                let a = after.iter().filter(|d| d["code"] == other).count();
                assert!(a <= b, "{} added a {other} finding", action["title"]);
            }
            // Undo, to try the next action on the original text.
            version += 1;
            client.change(uri, version, json!([{"text": original}]));
            assert_eq!(
                client.diagnostics(uri, Some(version)).len(),
                diagnostics.len()
            );
            checked += 1;
        }
    }
    assert!(checked > diagnostics.len(), "checked {checked}");
    client.shutdown();
}

#[test]
fn hover_shows_rule_docs() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/hover.md";
    let text = "<!-- see BL105 -->\n\nREQUEST FOR PRODUCTION NO. 1: x\n\nRESPONSE: Acme objects to this Request as overly broad.\n";
    client.open(uri, text, 1);
    client.diagnostics(uri, Some(1));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 20}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    // Briefly: the rule, why courts care in a sentence, links; the editor shows the
    // diagnostic's message itself, so the hover does not repeat it.
    assert!(
        value.starts_with("**BL101 boilerplate-objection**: "),
        "{value}"
    );
    assert!(value.contains("Rule 34(b)(2)(B) requires"), "{value}");
    assert!(!value.contains("## What it flags"), "{value}");
    assert!(
        !value.contains("Boilerplate objection (overly broad)"),
        "{value}"
    );
    assert!(
        value.contains("Full documentation: `brieflint rules BL101`"),
        "{value}"
    );
    // Every rule that flagged the span, each once: BL102 flags the same objection.
    assert!(
        value.contains("\n\n---\n\n**BL102 missing-withholding-statement**: "),
        "{value}"
    );
    assert_eq!(value.matches("**BL101 ").count(), 1, "{value}");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 11}}),
    );
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("BL105 obsolete-discovery-standard"));
    // Nothing to say about plain text, and nothing breaks out of range.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 3}}),
    );
    assert!(hover.is_null());
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 999, "character": 999}}),
    );
    assert!(hover.is_null());
    client.shutdown();
}

#[test]
fn bad_input_never_kills_the_server() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    // Malformed JSON, a message that is not JSON-RPC, an unknown method, bad params.
    client.send_raw(b"{not json");
    client.send_raw(b"[1, 2, 3]");
    // Fuzz finding 1: invalid UTF-8 in a field the request type ignores.
    client.send_raw(b"{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"x\":\"\xff\"}");
    // Fuzz finding 2: a lone surrogate escape in a field the request type ignores.
    client.send_raw(br#"{"jsonrpc":"2.0","method":"initialized","x":"\udc00"}"#);
    let unknown = client.request_raw("brieflint/unknown", json!({}));
    assert!(unknown.get("error").is_some());
    let bad = client.request_raw("textDocument/hover", json!({"bogus": true}));
    assert!(bad.get("error").is_some());
    // Changes to unopened documents and out-of-range edits.
    client.change("file:///tmp/nowhere.md", 2, json!([{"text": "x"}]));
    let uri = "file:///tmp/bad.md";
    client.open(uri, "RESPONSE: x\n", 1);
    client.diagnostics(uri, Some(1));
    client.change(
        uri,
        2,
        json!([{"range": {"start": {"line": 50, "character": 3}, "end": {"line": 2, "character": 1}}, "text": "tail"}]),
    );
    client.diagnostics(uri, Some(2));
    // A large document with every kind of text still analyzes.
    let big = brieflint_generate::discovery_response(500, 1);
    assert!(big.len() > 500_000);
    client.open("file:///tmp/big.md", &big, 1);
    assert!(!client.diagnostics("file:///tmp/big.md", Some(1)).is_empty());
    assert!(client.is_running());
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 99, "character": 0}, "end": {"line": 100, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(actions, json!([]));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn configuration_file_and_settings_apply() {
    let dir = scratch("config");
    let text = "REQUEST FOR PRODUCTION NO. 1: x\n\nRESPONSE: Acme objects to this Request as overly broad because it is not reasonably calculated to lead to the discovery of admissible evidence.\n";

    std::fs::write(
        dir.join("brieflint.toml"),
        "[rules]\nBL102 = \"off\"\nBL105 = \"hint\"\n",
    )
    .unwrap();
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), Some(dir.to_str().unwrap()));
    let uri = uri_of(&dir.join("motion.md"));
    client.open(&uri, text, 1);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().all(|d| d["code"] != "BL102"));
    let bl105 = diagnostics.iter().find(|d| d["code"] == "BL105").unwrap();
    assert_eq!(bl105["severity"], 4);
    // Editor settings override the file, live.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"brieflint": {"rules": {"BL105": "off", "BL102": "warning"}}}}),
    );
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().all(|d| d["code"] != "BL105"));
    assert!(diagnostics.iter().any(|d| d["code"] == "BL102"));
    client.shutdown();

    // A broken configuration is reported on the file, and defaults apply.
    std::fs::write(dir.join("brieflint.toml"), "[rules]\nBL999 = \"off\"\n").unwrap();
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), Some(dir.to_str().unwrap()));
    let config_uri = uri_of(&dir.join("brieflint.toml"));
    let config_diagnostics = client.diagnostics(&config_uri, None);
    assert_eq!(config_diagnostics.len(), 1);
    assert!(config_diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown rule \"BL999\""));
    assert_eq!(
        config_diagnostics[0]["range"]["start"],
        json!({"line": 1, "character": 0})
    );
    client.open(&uri, text, 1);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().any(|d| d["code"] == "BL102"));
    // Fixing the file on disk and telling the server clears the error.
    std::fs::write(dir.join("brieflint.toml"), "[rules]\nBL101 = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    assert!(client.diagnostics(&config_uri, None).is_empty());
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().all(|d| d["code"] != "BL101"));
    client.shutdown();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn closing_clears_diagnostics() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/close.md";
    client.open(uri, TRICKY, 1);
    assert!(!client.diagnostics(uri, Some(1)).is_empty());
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(client.diagnostics(uri, None).is_empty());
    client.shutdown();
}

const BRIEF: &str = "# DEFENDANTS' OPPOSITION\n\n## I. Argument\n\nKunshan GuoLi Electronic Technology Co., Ltd. (\u{201c}GuoLi\u{201d}) objects under Fed. R. Civ. P. 34(b)(2)(C) and PIPL art. 41. See Soci\u{e9}t\u{e9} Nationale Industrielle A\u{e9}rospatiale v. U.S. Dist. Ct., 482 U.S. 522, 544 n.29 (1987). Id. at 546. GuoLi relies on 28 U.S.C. \u{a7} 1746 and Smith v. Jones, 123 F.3d 456 (9th Cir. 1999).\n\n## II. Conclusion\n\nGuoLi's objections fail.\n";

fn position_of(text: &str, needle: &str, nth: usize) -> Value {
    let start = text.match_indices(needle).nth(nth).unwrap().0;
    let line = text[..start].matches('\n').count();
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let character: usize = text[line_start..start].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character + 1})
}

#[test]
fn citations_hover_link_and_outline() {
    let mut client = LspClient::spawn();
    let caps = client.initialize(capabilities(), None)["capabilities"].clone();
    assert_eq!(caps["documentLinkProvider"]["resolveProvider"], false);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    let uri = "file:///tmp/brief.md";
    client.open(uri, BRIEF, 1);
    client.diagnostics(uri, Some(1));
    let hover = |client: &mut LspClient, needle: &str, nth: usize| -> String {
        let result = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position_of(BRIEF, needle, nth)}),
        );
        result["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let rule = hover(&mut client, "Fed. R. Civ. P. 34", 0);
    assert!(rule.contains("**Fed. R. Civ. P. 34(b)(2)(C)**"), "{rule}");
    assert!(rule.contains("An objection must state whether any responsive materials are being withheld on the basis of that objection."));
    assert!(rule.contains("https://www.law.cornell.edu/rules/frcp/rule_34"));
    let pipl = hover(&mut client, "PIPL art. 41", 0);
    assert!(
        pipl.contains("Personal Information Protection Law"),
        "{pipl}"
    );
    let case = hover(&mut client, "482 U.S. 522", 0);
    assert!(
        case.contains("482 U.S. 522") && case.contains("pin: 544 n.29"),
        "{case}"
    );
    let id = hover(&mut client, "Id. at 546", 0);
    assert!(
        id.starts_with("`Id. at 546` refers to **482 U.S. 522**, at 546"),
        "{id}"
    );
    let statute = hover(&mut client, "28 U.S.C.", 0);
    assert!(
        statute.contains("unsworn declaration")
            && statute.contains("https://www.law.cornell.edu/uscode/text/28/1746"),
        "{statute}"
    );
    let unknown = hover(&mut client, "123 F.3d 456", 0);
    assert!(
        unknown.contains("| Case | Smith v. Jones |")
            && unknown.contains("courtlistener.com/c/F.3d/123/456/"),
        "{unknown}"
    );
    let term = hover(&mut client, "GuoLi's", 0);
    assert!(
        term.contains("**\"GuoLi\"** is defined as:") && term.contains("Kunshan GuoLi Electronic"),
        "{term}"
    );

    let links = client.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": uri}}),
    );
    let targets: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert!(
        targets.contains(&"https://www.law.cornell.edu/rules/frcp/rule_34"),
        "{targets:?}"
    );
    assert!(targets.contains(&"https://www.law.cornell.edu/uscode/text/28/1746"));
    assert!(targets.contains(&"https://www.courtlistener.com/c/F.3d/123/456/"));
    assert!(targets.len() >= 6, "{targets:?}");

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(symbols[0]["name"], "DEFENDANTS' OPPOSITION");
    let children: Vec<&str> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(children, ["I. Argument", "II. Conclusion"]);

    let toa = client.request(
        "brieflint/tableOfAuthorities",
        json!({"textDocument": {"uri": uri}}),
    );
    let markdown = toa["markdown"].as_str().unwrap();
    assert!(
        markdown.contains("## Cases") && markdown.contains("482 U.S. 522 (cited 2×"),
        "{markdown}"
    );
    let doc = client.request("brieflint/ruleDocumentation", json!({"code": "BL101"}));
    assert!(doc["markdown"]
        .as_str()
        .unwrap()
        .starts_with("# BL101 boilerplate-objection"));
    assert!(client
        .request_raw("brieflint/ruleDocumentation", json!({"code": "BL999"}))
        .get("error")
        .is_some());
    // The rule picker's list is the binary's own: every rule `brieflint rules` prints.
    let list = client.request("brieflint/rules", json!({}));
    let codes: Vec<&str> = list["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    let printed = String::from_utf8(support::cli::brieflint(&["rules"]).stdout).unwrap();
    let expected: Vec<&str> = printed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(codes, expected);
    assert!(
        codes.contains(&"BL701") && codes.contains(&"BL401"),
        "{codes:?}"
    );
    assert!(list["rules"][0]["summary"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    client.shutdown();
}

#[test]
fn defined_terms_definition_references_rename() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/terms.md";
    client.open(uri, BRIEF, 1);
    client.diagnostics(uri, Some(1));
    let at_use = position_of(BRIEF, "GuoLi relies", 0);
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": at_use}),
    );
    let defined_at = position_of(BRIEF, "GuoLi\u{201d}", 0);
    assert_eq!(definition["range"]["start"]["line"], defined_at["line"]);
    assert_eq!(
        definition["range"]["start"]["character"].as_u64().unwrap() + 1,
        defined_at["character"].as_u64().unwrap()
    );
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": at_use, "context": {"includeDeclaration": true}}),
    );
    // The definition, "GuoLi relies", "GuoLi's"; never the "Kunshan GuoLi" being defined.
    assert_eq!(references.as_array().unwrap().len(), 3, "{references}");
    let prepared = client.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": uri}, "position": at_use}),
    );
    assert_eq!(prepared["placeholder"], "GuoLi");
    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": at_use, "newName": "Kunshan"}),
    );
    let renamed = apply_workspace_edit(BRIEF, &edit, uri, 1);
    assert!(
        renamed.contains("(\u{201c}Kunshan\u{201d})")
            && renamed.contains("Kunshan relies")
            && renamed.contains("Kunshan's objections")
    );
    assert!(
        renamed.contains("Kunshan GuoLi Electronic"),
        "the defined name stays"
    );
    assert!(!renamed.contains("GuoLi relies"));
    let bad = client.request_raw(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": at_use, "newName": "bad\"name"}),
    );
    assert!(bad.get("error").is_some());
    // Nothing to rename on plain text.
    let none = client.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
    );
    assert!(none.is_null());
    client.shutdown();
}

#[test]
fn reconsideration_is_checked_against_the_live_record() {
    // A copy of the Philips-style matter in a fresh workspace.
    let dir = scratch("matter");
    let source = repo().join("fixtures/matters/philips");
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), Some(dir.to_str().unwrap()));
    let motion_path = dir.join("03-motion-for-reconsideration.md");
    let motion_uri = uri_of(&motion_path);
    let motion = std::fs::read_to_string(&motion_path).unwrap();
    client.open(&motion_uri, &motion, 1);
    let codes = |diagnostics: &[Value], code: &str| {
        diagnostics.iter().filter(|d| d["code"] == code).count()
    };
    let diagnostics = client.diagnostics(&motion_uri, Some(1));
    assert_eq!(codes(&diagnostics, "BL201"), 1, "{diagnostics:?}");
    assert_eq!(codes(&diagnostics, "BL202"), 3);
    let bl201 = diagnostics.iter().find(|d| d["code"] == "BL201").unwrap();
    assert!(bl201["message"]
        .as_str()
        .unwrap()
        .contains("Data Security Law"));
    assert_eq!(bl201["relatedInformation"].as_array().unwrap().len(), 2);

    // Editing the earlier motion (unsaved) to cite the DSL clears BL201 on the motion...
    let prior_path = dir.join("01-motion-for-protective-order.md");
    let prior_uri = uri_of(&prior_path);
    let prior = std::fs::read_to_string(&prior_path).unwrap();
    client.open(&prior_uri, &prior, 1);
    client.diagnostics(&prior_uri, Some(1));
    let edited = prior.replace(
        "as\nthe Li Decl. explains.",
        "and Article 36 of the Data Security Law, as\nthe Li Decl. explains.",
    );
    assert_ne!(edited, prior);
    client.change(&prior_uri, 2, json!([{"text": edited}]));
    let diagnostics = client.diagnostics(&motion_uri, Some(1));
    assert_eq!(codes(&diagnostics, "BL201"), 0, "{diagnostics:?}");
    // ...and undoing the edit brings it back.
    client.change(&prior_uri, 3, json!([{"text": prior}]));
    let diagnostics = client.diagnostics(&motion_uri, Some(1));
    assert_eq!(codes(&diagnostics, "BL201"), 1);

    // A prior filing changed on disk, while closed, is re-read from the watcher event.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": prior_uri}}),
    );
    let order_path = dir.join("02-order-2022-01-05.md");
    let order = std::fs::read_to_string(&order_path).unwrap();
    std::fs::write(
        &order_path,
        order.replace("the Li\nDecl.", "the Li\nDecl., the Huang Decl."),
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&order_path), "type": 2}]}),
    );
    let diagnostics = client.diagnostics(&motion_uri, Some(1));
    assert_eq!(
        codes(&diagnostics, "BL202"),
        2,
        "the Huang Decl. is now in the record: {diagnostics:?}"
    );
    client.shutdown();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_failing_rule_is_isolated_and_reported() {
    let mut client = LspClient::spawn_with_env(&[("BRIEFLINT_FAULT_INJECT", "BL101")]);
    client.initialize(capabilities(), None);
    let path = repo().join("fixtures/discovery/acme-rfp-responses.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = "file:///tmp/fault.md";
    client.open(uri, &text, 1);
    let diagnostics = client.diagnostics(uri, Some(1));
    let internal: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "BL000")
        .collect();
    assert_eq!(internal.len(), 1, "{diagnostics:?}");
    assert_eq!(internal[0]["severity"], 3, "information");
    assert!(internal[0]["message"].as_str().unwrap().contains("BL101"));
    assert!(diagnostics.iter().all(|d| d["code"] != "BL101"));
    for other in ["BL102", "BL103", "BL104", "BL105", "BL106", "BL107"] {
        assert!(
            diagnostics.iter().any(|d| d["code"] == other),
            "{other} still runs"
        );
    }
    // The server keeps serving: more edits, more analyses.
    client.change(uri, 2, json!([{"text": format!("{text}\nMore text.\n")}]));
    assert_eq!(
        client
            .diagnostics(uri, Some(2))
            .iter()
            .filter(|d| d["code"] == "BL000")
            .count(),
        1
    );
    assert!(client.is_running());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_record_index_keeps_its_bounds() {
    let dir = std::env::temp_dir().join(format!("brieflint-bounds-{}", std::process::id()));
    let outside = std::env::temp_dir().join(format!("brieflint-outside-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&outside);
    for sub in ["", ".git", "target", "node_modules", "nested/deeper"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::create_dir_all(&outside).unwrap();
    for i in 0..12 {
        std::fs::write(dir.join(format!("filing-{i:02}.md")), "# MOTION\n\nText.\n").unwrap();
    }
    std::fs::write(dir.join("nested/deeper/brief.markdown"), "# BRIEF\n").unwrap();
    std::fs::write(dir.join("large.md"), "x".repeat(3000)).unwrap();
    std::fs::write(dir.join("notes.txt"), "not markdown").unwrap();
    for hidden in [".git/x.md", "target/y.md", "node_modules/z.md"] {
        std::fs::write(dir.join(hidden), "# HIDDEN\n").unwrap();
    }
    std::fs::write(outside.join("secret.md"), "# OUTSIDE\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.md"), dir.join("linked.md")).unwrap();

    let index = |options: Value| -> Value {
        let mut client = LspClient::spawn();
        let root_uri = uri_of(&dir);
        client.request(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "capabilities": {}, "initializationOptions": options}),
        );
        client.notify("initialized", json!({}));
        let index = client.request("brieflint/recordIndex", json!({}));
        client.shutdown();
        index
    };
    let all = index(json!({}));
    let filings: Vec<&str> = all["filings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(filings.len(), 14, "{filings:?}");
    assert!(filings
        .iter()
        .all(|f| !f.contains("/.git/") && !f.contains("/target/") && !f.contains("node_modules")));
    assert!(
        filings.iter().all(|f| !f.contains("link")),
        "symbolic links are not followed: {filings:?}"
    );
    assert!(filings
        .iter()
        .any(|f| f.ends_with("nested/deeper/brief.markdown")));
    assert_eq!(all["truncated"], false);

    let bounded = index(json!({"matter": {"maxFiles": 10, "maxFileBytes": 2000}}));
    assert_eq!(bounded["filings"].as_array().unwrap().len(), 10);
    assert_eq!(bounded["truncated"], true);
    assert_eq!(bounded["limits"]["maxFileBytes"], 2000);
    assert!(bounded["filings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| !f.as_str().unwrap().ends_with("large.md")));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&outside).ok();
}

/// Applies every quick fix offered for `code` in `path`, one at a time through the
/// server, and checks that each removes a `code` diagnostic and adds no other finding
/// but BL003 on its placeholders.
fn every_fix_clears(client: &mut LspClient, path: &str, code: &str) -> usize {
    let original = std::fs::read_to_string(repo().join(path)).unwrap();
    let uri = format!("file:///tmp/fixes-{}", path.replace('/', "-"));
    client.open(&uri, &original, 1);
    let before = client.diagnostics(&uri, Some(1));
    let mut version = 1;
    let mut applied = 0;
    for diagnostic in before.iter().filter(|d| d["code"] == code) {
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        );
        let fixes: Vec<Value> = actions
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["diagnostics"][0]["code"] == code
                    && a["diagnostics"][0]["range"] == diagnostic["range"]
            })
            .filter(|a| !a["title"].as_str().unwrap().starts_with("Disable"))
            .cloned()
            .collect();
        assert!(!fixes.is_empty(), "no fix for {diagnostic}");
        for fix in fixes {
            let fixed = apply_workspace_edit(&original, &fix["edit"], &uri, version);
            version += 1;
            client.change(&uri, version, json!([{"text": fixed}]));
            let after = client.diagnostics(&uri, Some(version));
            let count = |list: &[Value], c: &Value| list.iter().filter(|d| &d["code"] == c).count();
            assert!(
                count(&after, &json!(code)) < count(&before, &json!(code)),
                "{} left {code}",
                fix["title"]
            );
            // BL003 stands on the placeholders a fix inserts (the library test
            // `every_fix_removes_its_finding_and_adds_none_but_bl003_on_its_placeholders`
            // checks that it stands on those alone).
            for d in after.iter().filter(|d| d["code"] != "BL003") {
                assert!(
                    count(&after, &d["code"]) <= count(&before, &d["code"]),
                    "{} added {}",
                    fix["title"],
                    d["code"]
                );
            }
            version += 1;
            client.change(&uri, version, json!([{"text": original}]));
            client.diagnostics(&uri, Some(version));
            applied += 1;
        }
    }
    applied
}

#[test]
fn blocking_statute_aeo_and_meet_and_confer_end_to_end() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let mut applied = 0;
    for (path, code) in [
        ("fixtures/rules/BL301/fire.md", "BL301"),
        ("fixtures/rules/BL302/fire.md", "BL302"),
        ("fixtures/rules/BL303/fire.md", "BL303"),
        ("fixtures/rules/BL304/fire.md", "BL304"),
        ("fixtures/rules/BL401/fire.md", "BL401"),
        ("fixtures/rules/BL501/fire.md", "BL501"),
        ("fixtures/rules/BL502/fire.md", "BL502"),
    ] {
        applied += every_fix_clears(&mut client, path, code);
    }
    assert!(applied >= 10, "{applied}");

    // Hover on the foreign laws shows the verified entry and its source.
    let text = "GuoLi objects under PIPL art. 41 and Article 36 of the Data Security Law.\n";
    let uri = "file:///tmp/foreign.md";
    client.open(uri, text, 1);
    client.diagnostics(uri, Some(1));
    for (needle, expected) in [
        ("PIPL art. 41", "Personal Information Protection Law"),
        ("Article 36", "Data Security Law"),
    ] {
        let hover = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position_of(text, needle, 0)}),
        );
        let value = hover["contents"]["value"].as_str().unwrap();
        assert!(
            value.contains(expected) && value.contains("[Source]("),
            "{value}"
        );
        assert!(
            value.contains("Text checked against the official")
                || value.contains("Summary checked against the opinion (")
                || value.contains("Summary from secondary sources; read the"),
            "{value}"
        );
    }
    client.shutdown();
}

#[test]
fn large_and_binary_documents_get_one_notice_instead_of_analysis() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let fixture =
        std::fs::read_to_string(repo().join("fixtures/discovery/acme-rfp-responses.md")).unwrap();
    // Over the default limit of 5 MB.
    let large = fixture.repeat(5 * 1024 * 1024 / fixture.len() + 2);
    assert!(large.len() > 5 * 1024 * 1024);
    let uri = "file:///tmp/large.md";
    client.open(uri, &large, 1);
    let diagnostics = client.diagnostics(uri, Some(1));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "BL002");
    assert_eq!(diagnostics[0]["severity"], 3);
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("over the 5.0 MB limit"));
    // Requests on it are answered, not failed.
    let position = json!({"line": 3, "character": 5});
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position}),
    );
    // Cut below the limit, it is analyzed as usual.
    client.change(uri, 2, json!([{"text": fixture}]));
    let analyzed = client.diagnostics(uri, Some(2));
    assert!(analyzed.iter().all(|d| d["code"] != "BL002"));
    assert_eq!(summarize(&analyzed), expected(&fixture));

    // A PDF pasted into a Markdown buffer.
    let binary = "%PDF-1.7\n\u{0}\u{0}\u{1}\u{2} stream Acme objects to this Request as vague.";
    let pdf = "file:///tmp/scan.md";
    client.open(pdf, binary, 1);
    let diagnostics = client.diagnostics(pdf, Some(1));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "BL002");
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("not text"));
    assert!(client.is_running());
    client.shutdown();

    // The limit is a setting.
    let mut client = LspClient::spawn();
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities(), "initializationOptions": {"maxDocumentBytes": 1000}}),
    );
    client.notify("initialized", json!({}));
    let uri = "file:///tmp/small-limit.md";
    client.open(uri, &fixture, 1);
    let diagnostics = client.diagnostics(uri, Some(1));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("over the 1000 bytes limit"));
    client.shutdown();
}

/// A small deterministic generator (the tests must be repeatable).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A random single-character edit of `text` as an LSP change in UTF-16 positions:
/// an insertion (sometimes of a line break or a non-ASCII character) or a deletion.
fn random_edit(text: &str, rng: &mut Lcg) -> Value {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = rng.below(lines.len());
    let chars: Vec<char> = lines[line].chars().collect();
    let at = rng.below(chars.len() + 1);
    let column: usize = chars[..at].iter().map(|c| c.len_utf16()).sum();
    let start = json!({"line": line, "character": column});
    if rng.below(3) == 0 && at < chars.len() {
        let end = json!({"line": line, "character": column + chars[at].len_utf16()});
        return json!({"range": {"start": start, "end": end}, "text": ""});
    }
    let insert = ["x", " ", "\n", "é", "王", "😀", ".", "objects"][rng.below(8)];
    json!({"range": {"start": start, "end": start}, "text": insert})
}

#[test]
fn fifty_documents_and_a_thousand_interleaved_edits_end_as_fresh_analyses() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let mut texts: Vec<String> = (0..50)
        .map(|seed| brieflint_generate::discovery_response(1, seed))
        .collect();
    let mut versions = vec![1i64; texts.len()];
    let uri = |i: usize| format!("file:///tmp/stress/filing-{i}.md");
    for (i, text) in texts.iter().enumerate() {
        client.open(&uri(i), text, 1);
    }
    // A thousand edits spread over the fifty documents, sent without waiting.
    let mut rng = Lcg(2026);
    for _ in 0..1000 {
        let i = rng.below(texts.len());
        let change = random_edit(&texts[i], &mut rng);
        texts[i] = apply_edit(
            &texts[i],
            &change["range"],
            change["text"].as_str().unwrap(),
            false,
        );
        versions[i] += 1;
        client.change(&uri(i), versions[i], json!([change]));
    }
    // Every publication, in arrival order, until each document's last version arrived.
    let mut published: std::collections::HashMap<String, Vec<i64>> = Default::default();
    let mut last: std::collections::HashMap<String, Vec<Value>> = Default::default();
    let finished = |published: &std::collections::HashMap<String, Vec<i64>>| {
        (0..texts.len()).all(|i| {
            published
                .get(&uri(i))
                .and_then(|v| v.last())
                .is_some_and(|v| *v == versions[i])
        })
    };
    while !finished(&published) {
        let message = client.next_notification();
        if message["method"] != "textDocument/publishDiagnostics" {
            continue;
        }
        let params = &message["params"];
        let document = params["uri"].as_str().unwrap().to_string();
        let version = params["version"]
            .as_i64()
            .expect("diagnostics carry the version");
        published.entry(document.clone()).or_default().push(version);
        last.insert(document, params["diagnostics"].as_array().unwrap().clone());
    }
    for i in 0..texts.len() {
        // Never an older version after a newer one.
        let seen = &published[&uri(i)];
        assert!(
            seen.windows(2).all(|w| w[0] < w[1]),
            "document {i} published versions {seen:?}"
        );
        assert_eq!(
            summarize(&last[&uri(i)]),
            expected(&texts[i]),
            "document {i} after {} edits",
            versions[i] - 1
        );
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn cancelled_hover_and_code_action_are_not_answered_with_results() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    // Long enough that its first analysis takes tens of milliseconds (on the analysis
    // thread): a request needing it waits, and its cancellation arrives meanwhile.
    let text = brieflint_generate::discovery_response(500, 3);
    for (version, method) in [(1, "textDocument/hover"), (2, "textDocument/codeAction")] {
        let uri = format!("file:///tmp/cancel-{version}.md");
        client.open(&uri, &text, 1);
        let id = client.take_id();
        let position = json!({"line": 40, "character": 10});
        let params = if method == "textDocument/hover" {
            json!({"textDocument": {"uri": uri}, "position": position})
        } else {
            json!({"textDocument": {"uri": uri}, "range": {"start": position, "end": position}, "context": {"diagnostics": []}})
        };
        client.send_together(&[
            json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
            json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": id}}),
        ]);
        let response = client.response(id);
        assert_eq!(
            response["error"]["code"], -32800,
            "{method} was not cancelled: {response}"
        );
        // The server goes on: the same request, not cancelled, is answered.
        client.diagnostics(&uri, Some(1));
        let answered = client.request_raw(method, params);
        assert!(answered.get("error").is_none(), "{answered}");
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_long_analysis_does_not_hold_up_other_requests() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    // Analyzing 500 pages takes tens of milliseconds (far more in a debug build); it
    // runs beside the message loop, which answers a request meanwhile.
    let text = brieflint_generate::discovery_response(500, 5);
    let uri = "file:///tmp/long.md";
    client.open(uri, &text, 1);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let id = client.take_id();
    client.send(&json!({"jsonrpc": "2.0", "id": id, "method": "brieflint/ruleDocumentation", "params": {"code": "BL101"}}));
    let mut order = Vec::new();
    while order.len() < 2 {
        let message = client.next_notification();
        if message.get("id") == Some(&json!(id)) {
            assert!(message.get("error").is_none(), "{message}");
            order.push("response");
        } else if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri
        {
            order.push("diagnostics");
        }
    }
    assert_eq!(order, ["response", "diagnostics"]);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_client_that_trusts_the_command_gets_a_documentation_link_in_hovers() {
    let mut client = LspClient::spawn();
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities(),
               "initializationOptions": {"brieflint": {"hoverCommandLinks": true}}}),
    );
    client.notify("initialized", json!({}));
    let uri = "file:///tmp/hover-link.md";
    client.open(uri, "<!-- see BL105 -->\n", 1);
    client.diagnostics(uri, Some(1));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 11}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.ends_with(
            "[Full documentation](command:brieflint.showRuleDocumentation?%5B%22BL105%22%5D)"
        ),
        "{value}"
    );
    client.shutdown();
}

#[test]
fn indexing_the_workspace_shows_work_done_progress_to_clients_that_support_it() {
    let dir = scratch("progress");
    for i in 0..3 {
        std::fs::write(dir.join(format!("filing-{i}.md")), "# MOTION\n\nText.\n").unwrap();
    }
    let progress_of = |window: Value| -> Vec<Value> {
        let mut client = LspClient::spawn();
        client.request(
            "initialize",
            json!({"processId": null, "rootUri": uri_of(&dir),
                   "capabilities": {"window": window}}),
        );
        client.notify("initialized", json!({}));
        // Answered once the index is built: the progress, if any, has ended by then.
        client.request("brieflint/recordIndex", json!({}));
        client.settle(std::time::Duration::from_millis(300));
        let progress: Vec<Value> = client
            .notifications
            .iter()
            .filter(|m| m["method"] == "$/progress")
            .map(|m| m["params"].clone())
            .collect();
        client.shutdown();
        progress
    };
    let shown = progress_of(json!({"workDoneProgress": true}));
    let kinds: Vec<&str> = shown
        .iter()
        .map(|p| p["value"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["begin", "end"], "{shown:?}");
    assert_eq!(shown[0]["token"], shown[1]["token"]);
    assert_eq!(
        shown[0]["value"]["title"],
        "brieflint: indexing the matter's filings"
    );
    assert_eq!(shown[1]["value"]["message"], "3 filings indexed");
    assert!(progress_of(json!({})).is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

/// A `didOpen` over 256 KB is decoded on the input thread and handed to the message loop
/// by key (`transport::large_open`): it still opens the document in its place among the
/// messages, so edits sent right behind it, in the same write, apply to it in order.
#[test]
fn a_long_document_opens_in_order_with_the_edits_behind_it() {
    let mut client = LspClient::spawn();
    client.initialize(capabilities(), None);
    let uri = "file:///tmp/long-tricky.md";
    let mut text = TRICKY.repeat(800);
    assert!(text.len() > 256 * 1024);
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}});
    let edits = [
        (
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
            "王伟 ",
        ),
        (
            json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 4}}),
            "😀",
        ),
    ];
    let mut messages = vec![open];
    for (index, (range, new_text)) in edits.iter().enumerate() {
        text = apply_edit(&text, range, new_text, false);
        messages.push(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": index + 2},
            "contentChanges": [{"range": range, "text": new_text}]}}),
        );
    }
    client.send_together(&messages);
    let diagnostics = client.diagnostics(uri, Some(3));
    assert!(diagnostics.len() > 1_000, "{}", diagnostics.len());
    assert_eq!(summarize(&diagnostics), expected(&text));
    client.shutdown();
}
