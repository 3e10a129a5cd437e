//! The server and CLI against what a lawyer's documents and editor can send: every
//! request at every position of text full of multi-byte characters, a handler that
//! panics, FIFOs, symbolic links, sparse giants, unreadable files, batched edits to
//! filings that depend on each other, and a client that vanishes. All through the real
//! binary.

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::files::{repo, scratch, uri_of};
use support::lsp_client::LspClient;

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

/// A fresh copy of the Philips matter (two earlier filings and the motion for
/// reconsideration) in a folder of its own.
fn philips_matter(name: &str) -> PathBuf {
    let dir = scratch(name);
    for entry in std::fs::read_dir(repo().join("fixtures/matters/philips")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// A matter folder with a motion for reconsideration and its record, plus what a
/// hostile workspace holds under Markdown names: links out of the matter, a FIFO, a
/// sparse 3 GB file.
fn hostile_matter(name: &str) -> (PathBuf, PathBuf) {
    let dir = philips_matter(name);
    let elsewhere = scratch(&format!("{name}-elsewhere"));
    // Were it read, this filing outside the matter would put the Data Security Law and
    // the three declarations in the record and silence BL201/BL202.
    std::fs::write(
        elsewhere.join("filing.md"),
        "# ORDER\n\nThe Data Security Law art. 36; the Huang Decl., the Ying Decl. and the Zhou Decl.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(elsewhere.join("filing.md"), dir.join("outside.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("passwd.md")).unwrap();
    let made = Command::new("mkfifo").arg(dir.join("fifo.md")).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::fs::File::create(dir.join("big.md"))
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    (dir, elsewhere)
}

fn codes(diagnostics: &[Value], code: &str) -> usize {
    diagnostics.iter().filter(|d| d["code"] == code).count()
}

/// Runs the CLI with a deadline: a hang fails the test instead of blocking it.
fn run_cli(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("brieflint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_cli_reads_only_regular_files_within_their_limit() {
    let (dir, elsewhere) = hostile_matter("cli");
    let motion = "03-motion-for-reconsideration.md";
    let (code, out, err) = run_cli(&dir, &["check", "--format", "json", motion]);
    assert_eq!(code, Some(1), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let findings = report.as_array().map_or_else(
        || report["findings"].as_array().unwrap().clone(),
        |a| a.clone(),
    );
    let count = |code: &str| {
        findings
            .iter()
            .filter(|f| f["code"] == code || f["rule"] == code)
            .count()
    };
    assert_eq!(
        count("BL201"),
        1,
        "the filing behind the link was not read: {out}"
    );
    assert_eq!(count("BL202"), 3, "{out}");
    assert!(
        !out.contains("root:") && !err.contains("root:"),
        "nothing of /etc/passwd"
    );
    for name in ["outside.md", "passwd.md"] {
        assert!(
            err.contains(&format!("{name}: a symbolic link, not followed")),
            "{err}"
        );
    }
    assert!(err.contains("fifo.md: a FIFO"), "{err}");
    assert!(
        err.contains("big.md: 3072.0 MB is over the 5.0 MB limit; not read"),
        "{err}"
    );

    // Named directly: the FIFO is refused (exit 2) without waiting for a writer; the
    // sparse file gets BL002 by its size, unread.
    let (code, _, err) = run_cli(&dir, &["check", "fifo.md"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("fifo.md: a FIFO, not a regular file"), "{err}");
    let (code, out, _) = run_cli(&dir, &["check", "--exit-zero", "big.md"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("BL002") && out.contains("3072.0 MB"), "{out}");
    // A folder: what can be read is checked; the rest are notices.
    let (code, out, err) = run_cli(&dir, &["check", "."]);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.contains("BL201") && out.contains("BL002"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&elsewhere).ok();
}

#[test]
fn an_unreadable_sibling_is_a_notice_not_the_end_of_the_run() {
    let dir = scratch("unreadable");
    let motion = repo().join("fixtures/discovery/acme-rfp-responses.md");
    std::fs::copy(&motion, dir.join("responses.md")).unwrap();
    // Unreadable even to root: a name that vanishes between listing and reading is
    // modelled by a dangling link, which is looked at, never opened.
    std::fs::write(dir.join("locked.md"), "secret").unwrap();
    let mut permissions = std::fs::metadata(dir.join("locked.md"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o000);
    std::fs::set_permissions(dir.join("locked.md"), permissions).unwrap();
    std::os::unix::fs::symlink(dir.join("gone.md"), dir.join("dangling.md")).unwrap();
    let (code, out, err) = run_cli(&dir, &["check", "responses.md"]);
    assert_eq!(code, Some(1), "findings, not a failed run: {err}");
    assert!(out.contains("BL101"), "{out}");
    assert!(
        err.contains("dangling.md: a symbolic link, not followed"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_server_skips_fifos_links_and_giants_and_keeps_serving() {
    let (dir, elsewhere) = hostile_matter("server");
    let mut client = LspClient::spawn();
    client.initialize(json!({}), Some(dir.to_str().unwrap()));
    let index = client.request("brieflint/recordIndex", json!({}));
    let filings = index["filings"].to_string();
    for name in ["outside.md", "passwd.md", "fifo.md", "big.md"] {
        assert!(!filings.contains(name), "{name} indexed: {filings}");
    }
    // One watcher event for each: none blocks the analysis thread, fills memory, or
    // adds a filing from outside the matter.
    let changes: Vec<Value> = ["outside.md", "passwd.md", "fifo.md", "big.md"]
        .iter()
        .map(|name| json!({"uri": uri_of(&dir.join(name)), "type": 2}))
        .collect();
    for _ in 0..5 {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": changes}),
        );
    }
    let motion_path = dir.join("03-motion-for-reconsideration.md");
    let motion_uri = uri_of(&motion_path);
    // Over 256 KB, so that it is analyzed on the analysis thread a FIFO would block.
    let motion = std::fs::read_to_string(&motion_path).unwrap();
    let long = format!(
        "{motion}\n{}",
        "The Court should reconsider. ".repeat(10_000)
    );
    client.open(&motion_uri, &long, 1);
    let diagnostics = client.diagnostics(&motion_uri, Some(1));
    assert_eq!(codes(&diagnostics, "BL201"), 1, "{diagnostics:?}");
    assert_eq!(codes(&diagnostics, "BL202"), 3, "{diagnostics:?}");
    let index = client.request("brieflint/recordIndex", json!({}));
    let filings = index["filings"].to_string();
    for name in ["outside.md", "passwd.md", "fifo.md", "big.md"] {
        assert!(!filings.contains(name), "{name} indexed: {filings}");
    }
    assert_eq!(client.shutdown(), Some(0));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&elsewhere).ok();
}

#[test]
fn a_batched_change_to_a_motion_and_its_order_leaves_fresh_diagnostics() {
    let dir = philips_matter("batched");
    let mut client = LspClient::spawn();
    client.initialize(json!({}), Some(dir.to_str().unwrap()));
    let motion_uri = uri_of(&dir.join("03-motion-for-reconsideration.md"));
    let prior_path = dir.join("01-motion-for-protective-order.md");
    let prior_uri = uri_of(&prior_path);
    let motion = std::fs::read_to_string(dir.join("03-motion-for-reconsideration.md")).unwrap();
    let prior = std::fs::read_to_string(&prior_path).unwrap();
    client.open(&motion_uri, &motion, 1);
    client.open(&prior_uri, &prior, 1);
    assert_eq!(codes(&client.diagnostics(&motion_uri, Some(1)), "BL201"), 1);
    client.diagnostics(&prior_uri, Some(1));
    // One write: an edit to the motion, then one to the earlier filing that puts the
    // Data Security Law in the record.
    let cited = prior.replace(
        "as\nthe Li Decl. explains.",
        "and Article 36 of the Data Security Law, as\nthe Li Decl. explains.",
    );
    assert_ne!(cited, prior);
    let change = |uri: &str, version: i64, text: &str| {
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]}})
    };
    client.send_together(&[
        change(&motion_uri, 2, &format!("{motion}\n")),
        change(&prior_uri, 2, &cited),
    ]);
    // The latest diagnostics for the motion, once the server is quiet.
    std::thread::sleep(Duration::from_millis(500));
    client.request("brieflint/recordIndex", json!({}));
    let diagnostics = client.diagnostics(&motion_uri, Some(2));
    std::fs::write(&prior_path, &cited).unwrap();
    std::fs::write(
        dir.join("03-motion-for-reconsideration.md"),
        format!("{motion}\n"),
    )
    .unwrap();
    let (_, out, _) = run_cli(&dir, &["check", "03-motion-for-reconsideration.md"]);
    assert_eq!(out.matches("BL201").count(), 0, "{out}");
    assert_eq!(codes(&diagnostics, "BL201"), 0, "{diagnostics:?}");
    assert_eq!(client.shutdown(), Some(0));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_cut_record_is_reported_on_the_motion_and_in_the_index() {
    let dir = philips_matter("cut");
    for i in 0..5 {
        std::fs::write(dir.join(format!("zz-{i}.md")), "# NOTES\n\nText.\n").unwrap();
    }
    let mut client = LspClient::spawn();
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri_of(&dir), "capabilities": {},
               "initializationOptions": {"matter": {"maxFiles": 3}}}),
    );
    client.notify("initialized", json!({}));
    let index = client.request("brieflint/recordIndex", json!({}));
    assert_eq!(index["truncated"], true);
    let notice = index["notice"].as_str().unwrap();
    assert!(
        notice.contains("3 files") && notice.contains("brieflint.matter.maxFiles"),
        "{notice}"
    );
    let motion_path = dir.join("03-motion-for-reconsideration.md");
    let motion = std::fs::read_to_string(&motion_path).unwrap();
    client.open(&uri_of(&motion_path), &motion, 1);
    let diagnostics = client.diagnostics(&uri_of(&motion_path), Some(1));
    assert_eq!(codes(&diagnostics, "BL004"), 1, "{diagnostics:?}");
    // A document that is not a reconsideration motion gets no notice.
    let other = dir.join("zz-0.md");
    client.open(&uri_of(&other), "# NOTES\n\nText.\n", 1);
    assert_eq!(
        codes(&client.diagnostics(&uri_of(&other), Some(1)), "BL004"),
        0
    );
    assert_eq!(client.shutdown(), Some(0));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_server_exits_on_end_of_input_with_a_request_of_its_own_unanswered() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let send = |stdin: &mut std::process::ChildStdin, message: Value| {
        use std::io::Write;
        let body = message.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    // Dynamic registration: at `initialized` the server asks the client to register its
    // watchers, and this client never answers.
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": null, "capabilities": {"workspace": {
                "didChangeWatchedFiles": {"dynamicRegistration": true},
                "didChangeConfiguration": {"dynamicRegistration": true}}}}}),
    );
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    std::thread::sleep(Duration::from_millis(300));
    drop(stdin);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still running after its input ended"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn prior_paths_outside_the_folder_are_refused_and_yaml_bombs_are_plain_lines() {
    let dir = scratch("prior");
    let motion = "---\ntitle: Motion for Reconsideration\nkind: reconsideration\nprior:\n  - ../../../../etc/passwd\n  - /etc/shadow\n  - order.md\nprior2: &a [*a, *a, *a]\n---\n\n# MOTION FOR RECONSIDERATION\n\nThe Court should reconsider.\n";
    std::fs::write(dir.join("motion.md"), motion).unwrap();
    let (_, out, _) = run_cli(&dir, &["check", "--format", "json", "motion.md"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let messages: Vec<String> = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "BL001")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("../../../../etc/passwd") && m.contains("outside")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("/etc/shadow")),
        "{messages:?}"
    );
    assert!(!out.contains("root:"), "nothing read");
    // YAML-looking alias bombs and deep nesting are plain lines to this reader.
    let mut nested = String::from("---\n");
    for depth in 0..20_000 {
        nested.push_str(&" ".repeat(depth % 200));
        nested.push_str("a: [[[[[[&x *x *x *x]]]]]]\n");
    }
    nested.push_str("---\n\n# MOTION\n");
    let mut client = LspClient::spawn();
    client.initialize(json!({}), None);
    client.open("file:///tmp/nested.md", &nested, 1);
    let diagnostics = client.diagnostics("file:///tmp/nested.md", Some(1));
    assert!(codes(&diagnostics, "BL001") >= 1);
    assert_eq!(client.shutdown(), Some(0));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_file_rewritten_many_times_a_second_is_read_once_at_a_time_with_one_notice() {
    let dir = philips_matter("rewrites");
    let order_path = dir.join("02-order-2022-01-05.md");
    let order = std::fs::read_to_string(&order_path).unwrap();
    // Long enough that reading and summarizing it takes a while each time.
    let padding = "The parties shall meet and confer. ".repeat(40_000);
    std::fs::write(&order_path, format!("{order}\n{padding}\n")).unwrap();
    let mut client = LspClient::spawn();
    client.initialize(json!({}), Some(dir.to_str().unwrap()));
    let motion_path = dir.join("03-motion-for-reconsideration.md");
    let motion_uri = uri_of(&motion_path);
    client.open(
        &motion_uri,
        &std::fs::read_to_string(&motion_path).unwrap(),
        1,
    );
    assert_eq!(codes(&client.diagnostics(&motion_uri, Some(1)), "BL202"), 3);
    // 300 events for one file in one write, as a tool rewriting it in a loop would cause;
    // the file's final text puts the Huang Decl. in the record.
    std::fs::write(
        &order_path,
        format!(
            "{}\n{padding}\n",
            order.replace("the Li\nDecl.", "the Li\nDecl., the Huang Decl.")
        ),
    )
    .unwrap();
    let event = json!({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles",
        "params": {"changes": [{"uri": uri_of(&order_path), "type": 2}]}});
    client.send_together(&vec![event; 300]);
    client.request("brieflint/recordIndex", json!({}));
    // Wait for the motion's diagnostics on the file's final text (not for a quiet spell,
    // which a loaded machine can break), then for stragglers.
    let mut seen = Vec::new();
    loop {
        let message = client.next_notification();
        let done = message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == motion_uri
            && codes(
                message["params"]["diagnostics"].as_array().unwrap(),
                "BL202",
            ) == 2;
        seen.push(message);
        if done {
            break;
        }
    }
    seen.extend(client.settle(Duration::from_millis(500)).iter().cloned());
    let settled = seen;
    let notices = settled
        .iter()
        .filter(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("02-order-2022-01-05.md") && t.contains("faster"))
        })
        .count();
    assert_eq!(notices, 1, "one notice for the file");
    let latest = settled
        .iter()
        .rev()
        .find(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == motion_uri
        })
        .expect("the motion analyzed again");
    let diagnostics = latest["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(
        codes(diagnostics, "BL202"),
        2,
        "the file's latest text was read: {diagnostics:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
    std::fs::remove_dir_all(&dir).ok();
}
