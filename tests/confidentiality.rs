//! Privileged text stays private: the server's log, at its most verbose level, holds no
//! sentence of the documents it was given unless the explicit debug option asks for it,
//! and nothing in the dependency tree can open a network connection.

mod support;

use serde_json::{json, Value};
use support::files::{fixture, repo, scratch};
use support::lsp_client::LspClient;

/// A phrase that appears nowhere but in the documents this test opens.
const MARKER: &str = "the Zanzibar quokka memorandum of 7 March";

/// Sentences of `text` long enough to be unmistakable, as written and as JSON escapes
/// them (a leaked message body is JSON).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in text.split(['.', '\n', ':', ';']) {
        let sentence = sentence.trim().trim_matches('*');
        if sentence.chars().count() >= 24 {
            out.push(sentence.to_string());
            let escaped = serde_json::to_string(sentence).unwrap();
            out.push(escaped[1..escaped.len() - 1].to_string());
        }
    }
    out
}

/// Drives a session that makes the server log as much as it can: a matter folder to
/// index, a filing opened and edited, requests on it, a malformed frame and a non-JSON-RPC
/// message carrying the text, a failing rule, a close and a shutdown. Returns the log
/// and the sentences the server was given.
fn session(env: &[(&str, &str)], name: &str) -> (String, Vec<String>) {
    let dir = scratch(name);
    let fixture = fixture("discovery/acme-rfp-responses.md");
    let text = format!("{fixture}\n\nAcme relies on {MARKER}.\n");
    std::fs::write(
        dir.join("prior.md"),
        format!("# Prior brief\n\nWe cite {MARKER}.\n"),
    )
    .unwrap();
    let log = dir.join("server.log");

    let mut env = env.to_vec();
    env.push(("BRIEFLINT_LOG", "trace"));
    env.push(("BRIEFLINT_FAULT_INJECT", "BL104"));
    let mut client = LspClient::spawn_logging_to(&env, &log);
    let root = dir.display().to_string();
    client.initialize(
        json!({"textDocument": {"publishDiagnostics": {"relatedInformation": true}}}),
        Some(&root),
    );
    let uri = format!("file://{}/response.md", dir.display());
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    let change = json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": format!("Note on {MARKER}. ")}]);
    client.change(&uri, 2, change);
    client.diagnostics(&uri, Some(2));
    let position = json!({"line": 12, "character": 20});
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position}),
    );
    client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": position, "end": position}, "context": {"diagnostics": []}}),
    );
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    // Input the transport must drop, carrying the text.
    client.send_raw(format!("{{\"not json\": {MARKER}").as_bytes());
    client.send(&json!({"jsonrpc": "1.0", "method": "x", "params": {"text": MARKER}}));
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.shutdown(), Some(0));
    let log = std::fs::read_to_string(&log).unwrap();
    let mut given = sentences(&text);
    given.push(MARKER.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    (log, given)
}

#[test]
fn the_most_verbose_log_holds_no_document_text() {
    let (log, sentences) = session(&[], "private");
    // The log was written at trace level: the test looked at a real, busy log.
    assert!(
        log.contains(" TRACE ") && log.contains(" DEBUG "),
        "the server did not log at trace level:\n{log}"
    );
    assert!(
        log.contains("BL104"),
        "the failing rule is logged (by code):\n{log}"
    );
    for sentence in &sentences {
        assert!(
            !log.contains(sentence.as_str()),
            "the log contains document text {sentence:?}:\n{log}"
        );
    }
}

#[test]
fn the_debug_option_lets_message_bodies_into_the_log() {
    // The control: with BRIEFLINT_LOG_TEXT=1 the same session's log holds the text, so
    // the test above would see a leak.
    let (log, sentences) = session(&[("BRIEFLINT_LOG_TEXT", "1")], "debug");
    assert!(log.contains(MARKER), "{log}");
    assert!(
        sentences
            .iter()
            .filter(|s| log.contains(s.as_str()))
            .count()
            > 10
    );
}

/// Crates that open sockets, speak HTTP or TLS, or resolve names.
const NETWORKING: &[&str] = &[
    "async-std",
    "attohttpc",
    "curl",
    "curl-sys",
    "h2",
    "h3",
    "hickory-resolver",
    "hyper",
    "hyper-util",
    "isahc",
    "mio",
    "minreq",
    "native-tls",
    "openssl",
    "openssl-sys",
    "quinn",
    "reqwest",
    "rustls",
    "smol",
    "socket2",
    "surf",
    "tokio-rustls",
    "tokio-tungstenite",
    "trust-dns-resolver",
    "tungstenite",
    "ureq",
    "websocket",
];

#[test]
fn nothing_in_the_dependency_tree_can_open_a_network_connection() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(repo())
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let name_of = |id: &str| -> String {
        metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["name"].as_str().unwrap().to_string())
            .unwrap()
    };
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id).unwrap();
    let root = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "brieflint")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // What the shipped binary links: normal and build dependencies, transitively.
    let mut shipped = std::collections::BTreeMap::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if shipped.contains_key(&id) {
            continue;
        }
        shipped.insert(id.clone(), name_of(&id));
        for dep in node(&id)["deps"].as_array().unwrap() {
            let runtime = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            if runtime {
                stack.push(dep["pkg"].as_str().unwrap().to_string());
            }
        }
    }
    assert!(
        shipped.values().any(|n| n == "tokio"),
        "the walk found the tree"
    );
    for name in shipped.values() {
        assert!(
            !NETWORKING.contains(&name.as_str()),
            "{name} is in the dependency tree"
        );
    }
    // tokio without its `net` feature has no sockets.
    let tokio = shipped.iter().find(|(_, n)| *n == "tokio").unwrap().0;
    let features: Vec<&str> = node(tokio)["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(!features.contains(&"net"), "tokio has `net`: {features:?}");
    // And no code of ours reaches for std's sockets.
    let mut stack = vec![repo().join("crates")];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            for socket in [
                "std::net",
                "TcpStream",
                "TcpListener",
                "UdpSocket",
                "UnixStream",
            ] {
                assert!(!source.contains(socket), "{} uses {socket}", path.display());
            }
        }
    }
}
