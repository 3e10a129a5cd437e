//! A minimal LSP client over the real `brieflint lsp` process, for end-to-end tests.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);

pub struct LspClient {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pub notifications: Vec<Value>,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl LspClient {
    pub fn spawn() -> LspClient {
        LspClient::spawn_with_env(&[])
    }

    pub fn spawn_with_env(env: &[(&str, &str)]) -> LspClient {
        // BRIEFLINT_TEST_STDERR=1 shows the server's log when debugging a test.
        let stderr = if std::env::var_os("BRIEFLINT_TEST_STDERR").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        };
        LspClient::spawn_with(env, stderr)
    }

    /// A server whose log (stderr) goes to `log`.
    pub fn spawn_logging_to(env: &[(&str, &str)], log: &std::path::Path) -> LspClient {
        let file = std::fs::File::create(log).expect("create the log file");
        LspClient::spawn_with(env, Stdio::from(file))
    }

    fn spawn_with(env: &[(&str, &str)], stderr: Stdio) -> LspClient {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brieflint"))
            .arg("lsp")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawn brieflint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        LspClient {
            child,
            stdin,
            messages,
            next_id: 1,
            notifications: Vec::new(),
        }
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        self.send_raw(serde_json::to_string(message).unwrap().as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
    }

    /// Next message, answering server-to-client requests on the way.
    fn next_message(&mut self, deadline: Instant) -> Value {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.messages.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for the server"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            };
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            return message;
        }
    }

    /// Sends a request and returns its whole response (result or error).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
        self.response(id)
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    pub fn initialize(&mut self, capabilities: Value, root: Option<&str>) -> Value {
        let root_uri = root.map(|r| format!("file://{r}"));
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// Waits for diagnostics on `uri` (for `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        };
        if let Some(index) = self.notifications.iter().rposition(matches) {
            let message = self.notifications.remove(index);
            self.notifications.retain(|m| !matches(m));
            return message["params"]["diagnostics"].as_array().unwrap().clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.next_message(deadline);
            if matches(&message) {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.notifications.push(message);
        }
    }

    /// Every message that arrives within `quiet` of the last one, kept; then the
    /// notifications kept so far (answering server requests on the way).
    pub fn settle(&mut self, quiet: Duration) -> &[Value] {
        while let Ok(message) = self.messages.recv_timeout(quiet) {
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            self.notifications.push(message);
        }
        &self.notifications
    }

    /// The next notification from the server, in arrival order.
    pub fn next_notification(&mut self) -> Value {
        if !self.notifications.is_empty() {
            return self.notifications.remove(0);
        }
        self.next_message(Instant::now() + TIMEOUT)
    }

    /// Waits for the response to request `id`, keeping notifications for later.
    pub fn response(&mut self, id: i64) -> Value {
        // Responses can arrive out of order: one may have been kept while waiting for
        // another.
        if let Some(index) = self
            .notifications
            .iter()
            .position(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
        {
            return self.notifications.remove(index);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.next_message(deadline);
            if message.get("id") == Some(&json!(id)) {
                return message;
            }
            self.notifications.push(message);
        }
    }

    /// Sends several messages in one write, so that the server reads them together.
    pub fn send_together(&mut self, messages: &[Value]) {
        let mut bytes = Vec::new();
        for message in messages {
            let body = serde_json::to_string(message).unwrap();
            bytes.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
            bytes.extend_from_slice(body.as_bytes());
        }
        self.stdin.write_all(&bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next request id this client will use.
    pub fn take_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id - 1
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// Shuts down and exits; returns the exit status code.
    pub fn shutdown(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The client capabilities most tests run with: related information on diagnostics and
/// versioned document changes in workspace edits.
pub fn capabilities() -> Value {
    json!({
        "textDocument": {"publishDiagnostics": {"relatedInformation": true}},
        "workspace": {"workspaceEdit": {"documentChanges": true}}
    })
}

/// An independent model of an LSP text edit: applies `range` in UTF-16 (or UTF-8)
/// coordinates to `text`, the way a client does.
pub fn apply_edit(text: &str, range: &Value, new_text: &str, utf8: bool) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let mut start = 0;
        for _ in 0..line {
            let rest = &text[start..];
            let next = rest.find(['\n', '\r']).expect("line in range");
            start += next
                + if rest[next..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
        }
        let line_text = &text[start..];
        let line_len = line_text.find(['\n', '\r']).unwrap_or(line_text.len());
        let mut units = 0;
        for (i, c) in line_text[..line_len].char_indices() {
            if units >= character {
                return start + i;
            }
            units += if utf8 { c.len_utf8() } else { c.len_utf16() };
        }
        start + line_len
    };
    let start = offset(&range["start"]);
    let end = offset(&range["end"]);
    format!("{}{}{}", &text[..start], new_text, &text[end..])
}

/// `edit` (a workspace edit with versioned document changes, on `uri` at `version`)
/// applied to `text` the way a client applies it: last edit first, so earlier positions
/// stay valid.
pub fn apply_workspace_edit(text: &str, edit: &Value, uri: &str, version: i64) -> String {
    let document_edits = &edit["documentChanges"][0];
    assert_eq!(document_edits["textDocument"]["uri"], uri);
    assert_eq!(document_edits["textDocument"]["version"], version);
    let mut edits = document_edits["edits"].as_array().unwrap().clone();
    edits.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64().unwrap(),
            e["range"]["start"]["character"].as_u64().unwrap(),
        ))
    });
    edits.iter().fold(text.to_string(), |t, e| {
        apply_edit(&t, &e["range"], e["newText"].as_str().unwrap(), false)
    })
}
