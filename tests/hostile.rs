//! The server and CLI against what a lawyer's documents and editor can send: every
//! request at every position of text full of multi-byte characters, a handler that
//! panics, FIFOs, symbolic links, sparse giants, unreadable files, batched edits to
//! filings that depend on each other, and a client that vanishes. All through the real
//! binary.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::LspClient;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brieflint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Text with everything that has broken position code: curly quotes and apostrophes
/// next to words, em dashes, section signs, emoji (surrogate pairs in UTF-16, a ZWJ
/// sequence), combining characters, CJK, CRLF and lone CR line ends, front matter.
const HOSTILE: &str = "---\r\ntitle: Defendant’s Responses — “Set One”\r\nprior: [order.md]\r\n---\r\n\r\n# RESPONSES TO REQUESTS FOR PRODUCTION\r\n\r\n**REQUEST FOR PRODUCTION NO. 1:** All documents concerning “the Company’s” § 5 filings 👩‍⚖️.\r\n\r\n**RESPONSE:** Defendant objects to this Request as overly broad and unduly burdensome.\rSubject to and without waiving its objections, Defendant’s counsel (the “Counsel”) will produce.\r\n\r\nCafe\u{301} — 王伟’s 😀 BL101 BL102’s Fed. R. Civ. P. 34(b)(2)(C); Id. at 5; 706 F.3d 47, 60 (1st Cir. 2013).\nThe Counsel — ok.";

/// Every line's length in the encoding's units (LSP line ends: `\r\n`, `\r`, `\n`).
fn line_lengths(text: &str, utf8: bool) -> Vec<u32> {
    let mut lengths = Vec::new();
    let mut current = 0u32;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lengths.push(current);
                current = 0;
            }
            '\n' => {
                lengths.push(current);
                current = 0;
            }
            c => current += if utf8 { c.len_utf8() } else { c.len_utf16() } as u32,
        }
    }
    lengths.push(current);
    lengths
}

/// Every position of `text` (and one past each line's end, and a line past the last).
fn every_position(text: &str, utf8: bool) -> Vec<Value> {
    let lengths = line_lengths(text, utf8);
    let mut positions = Vec::new();
    for (line, &length) in lengths.iter().enumerate() {
        for character in 0..=length + 1 {
            positions.push(json!({"line": line, "character": character}));
        }
    }
    positions.push(json!({"line": lengths.len() + 3, "character": 2}));
    positions
}

/// Positions near every non-ASCII character of a longer text, and every 61st one.
fn sampled_positions(text: &str, utf8: bool) -> Vec<Value> {
    let mut positions = Vec::new();
    let mut n = 0usize;
    for (line, content) in text.split('\n').enumerate() {
        let mut column = 0u32;
        for c in content.chars() {
            let width = if utf8 { c.len_utf8() } else { c.len_utf16() } as u32;
            if !c.is_ascii() || n % 61 == 0 {
                for character in column.saturating_sub(1)..=column + width + 1 {
                    positions.push(json!({"line": line, "character": character}));
                }
            }
            column += width;
            n += 1;
        }
    }
    positions
}

/// Sends every request at each of `positions` of `uri`, in batches, and checks that
/// each one is answered (a result, or an error other than an internal one).
fn every_request_at(client: &mut LspClient, uri: &str, positions: &[Value]) -> usize {
    let document = json!({"uri": uri});
    let mut answered = 0;
    for chunk in positions.chunks(64) {
        let mut messages = Vec::new();
        let mut ids = Vec::new();
        let first = &chunk[0];
        for position in chunk {
            let at = json!({"textDocument": document, "position": position});
            let range = json!({"start": first, "end": position});
            let requests = [
                ("textDocument/hover", at.clone()),
                ("textDocument/definition", at.clone()),
                (
                    "textDocument/references",
                    json!({"textDocument": document, "position": position, "context": {"includeDeclaration": true}}),
                ),
                ("textDocument/prepareRename", at.clone()),
                (
                    "textDocument/rename",
                    json!({"textDocument": document, "position": position, "newName": "Firm"}),
                ),
                (
                    "textDocument/codeAction",
                    json!({"textDocument": document, "range": range, "context": {"diagnostics": []}}),
                ),
            ];
            for (method, params) in requests {
                let id = client.take_id();
                ids.push((id, method));
                messages
                    .push(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
            }
        }
        for method in [
            "textDocument/documentLink",
            "textDocument/documentSymbol",
            "brieflint/tableOfAuthorities",
        ] {
            let id = client.take_id();
            ids.push((id, method));
            messages.push(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {"textDocument": document}}));
        }
        let id = client.take_id();
        ids.push((id, "brieflint/recordIndex"));
        messages.push(
            json!({"jsonrpc": "2.0", "id": id, "method": "brieflint/recordIndex", "params": {}}),
        );
        client.send_together(&messages);
        for (id, method) in ids {
            if std::env::var_os("HOSTILE_TRACE").is_some() {
                eprintln!(
                    "waiting {id} {method} {}",
                    messages.iter().find(|m| m["id"] == id).unwrap()
                );
            }
            let response = client.response(id);
            assert!(
                response.get("error").is_none_or(|e| e["code"] != -32603),
                "{method} failed: {response}"
            );
            answered += 1;
        }
    }
    assert!(client.is_running(), "the server ended");
    answered
}

#[test]
fn every_request_at_every_position_is_answered() {
    for utf8 in [false, true] {
        let mut client = LspClient::spawn();
        let encodings = if utf8 {
            json!(["utf-8"])
        } else {
            json!(["utf-16"])
        };
        let result = client.initialize(json!({"general": {"positionEncodings": encodings}}), None);
        assert_eq!(
            result["capabilities"]["positionEncoding"],
            if utf8 { "utf-8" } else { "utf-16" }
        );
        let uri = "file:///tmp/hostile/responses.md";
        client.open(uri, HOSTILE, 1);
        client.diagnostics(uri, Some(1));
        let answered = every_request_at(&mut client, uri, &every_position(HOSTILE, utf8));
        assert!(answered > 3000, "{answered}");
        // The fixtures and the seed orders, around every non-ASCII character.
        let mut texts: Vec<PathBuf> = Vec::new();
        for dir in ["fixtures/discovery", "fixtures/matters/philips"] {
            for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
                texts.push(entry.unwrap().path());
            }
        }
        let seeds = repo().join("../shared/seeds");
        if let Ok(entries) = std::fs::read_dir(&seeds) {
            texts.extend(entries.map(|e| e.unwrap().path()));
        }
        for (n, path) in texts.iter().enumerate() {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let uri = format!("file:///tmp/hostile/{n}.md");
            client.open(&uri, &text, 1);
            every_request_at(&mut client, &uri, &sampled_positions(&text, utf8));
        }
        assert_eq!(client.shutdown(), Some(0));
    }
}

#[test]
fn a_panicking_handler_gets_an_error_and_the_server_goes_on() {
    let mut client = LspClient::spawn_with_env(&[("BRIEFLINT_FAULT_INJECT", "textDocument/hover")]);
    client.initialize(json!({}), None);
    let uri = "file:///tmp/panic.md";
    client.open(uri, HOSTILE, 1);
    let before = client.diagnostics(uri, Some(1));
    let at = json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 18}});
    for _ in 0..3 {
        let response = client.request_raw("textDocument/hover", at.clone());
        assert_eq!(response["error"]["code"], -32603, "{response}");
        let message = response["error"]["message"].as_str().unwrap();
        assert!(
            !message.contains("Defendant"),
            "no document text: {message}"
        );
    }
    // Other requests, and edits, are served as before.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()));
    client.change(
        uri,
        2,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]),
    );
    client.change(
        uri,
        3,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": ""}]),
    );
    assert_eq!(client.diagnostics(uri, Some(3)), before);
    assert_eq!(client.shutdown(), Some(0));
}
