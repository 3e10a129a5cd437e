//! End-to-end latency of the real server (`cargo bench --bench latency`): initialize,
//! open-to-first-diagnostics, keystroke-to-diagnostics on 100- and 500-page responses,
//! hover and code-action latency, resident memory, a 300-filing matter, and
//! `brieflint check` throughput on 1,000 filings. Prints figures; asserts nothing.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    /// Messages read while waiting for a response, not yet handed out.
    pending: std::collections::VecDeque<Vec<u8>>,
}

impl Server {
    fn spawn() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brieflint"))
            .arg("lsp")
            .env("BRIEFLINT_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn brieflint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Server {
            child,
            stdin,
            stdout,
            next_id: 1,
            pending: Default::default(),
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn read_body(&mut self) -> Vec<u8> {
        if let Some(body) = self.pending.pop_front() {
            return body;
        }
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        body
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let mut later = Vec::new();
        loop {
            let body = self.read_body();
            let message: Value = serde_json::from_slice(&body).unwrap();
            if message.get("method").is_some() && message.get("id").is_some() {
                let reply = json!({"jsonrpc": "2.0", "id": message["id"], "result": null});
                self.send(&reply);
                continue;
            }
            if message["id"] == json!(id) {
                // Notifications that came first are read again by what waits for them.
                self.pending.extend(later);
                return message;
            }
            later.push(body);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Waits for the diagnostics of `version` and returns how many there are. A
    /// diagnostics notification is skimmed, not built into a JSON tree: the figure is the
    /// server's latency, not this client's parser's.
    fn wait_diagnostics(&mut self, uri: &str, version: i64) -> usize {
        #[derive(serde::Deserialize)]
        struct Skim {
            method: Option<String>,
            id: Option<Value>,
            params: Option<SkimParams>,
        }
        #[derive(serde::Deserialize)]
        struct SkimParams {
            uri: Option<String>,
            version: Option<i64>,
            diagnostics: Option<Vec<serde::de::IgnoredAny>>,
        }
        loop {
            let body = self.read_body();
            let Ok(message) = serde_json::from_slice::<Skim>(&body) else {
                continue;
            };
            if let (Some(_), Some(id)) = (&message.method, &message.id) {
                let reply = json!({"jsonrpc": "2.0", "id": id, "result": null});
                self.send(&reply);
                continue;
            }
            if message.method.as_deref() == Some("textDocument/publishDiagnostics") {
                if let Some(params) = message.params {
                    if params.uri.as_deref() == Some(uri) && params.version == Some(version) {
                        return params.diagnostics.map_or(0, |d| d.len());
                    }
                }
            }
        }
    }

    fn memory_kb(&self, field: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(field))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse().ok())
            })
            .unwrap_or(0)
    }

    fn initialize(&mut self, root: Option<&Path>) -> Duration {
        let started = Instant::now();
        let root_uri = root.map(|r| format!("file://{}", r.display()));
        self.request(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "capabilities": {}}),
        );
        let elapsed = started.elapsed();
        self.notify("initialized", json!({}));
        elapsed
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn summary(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let pick = |q: f64| ms(samples[((samples.len() - 1) as f64 * q).round() as usize]);
    println!(
        "{label:<44} n={:<4} min {:>7.2}  median {:>7.2}  p95 {:>7.2}  max {:>7.2} ms",
        samples.len(),
        pick(0.0),
        pick(0.5),
        pick(0.95),
        pick(1.0)
    );
}

/// The two generated shapes: discovery responses and citation-dense briefs.
#[derive(Clone, Copy)]
enum Shape {
    Response,
    Brief,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Response => "response",
            Shape::Brief => "brief",
        }
    }

    fn generate(self, pages: usize) -> String {
        match self {
            Shape::Response => brieflint_generate::discovery_response(pages, 42),
            Shape::Brief => brieflint_generate::brief(pages, 42),
        }
    }
}

fn keystrokes(shape: Shape, pages: usize, edits: usize) {
    let mut server = Server::spawn();
    let init = server.initialize(None);
    let text = shape.generate(pages);
    let kind = shape.name();
    let uri = format!("file:///bench/{kind}-{pages}.md");
    let started = Instant::now();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    // The first analysis runs beside the message loop: a request sent now is answered
    // before it ends.
    let asked = Instant::now();
    server.request("brieflint/ruleDocumentation", json!({"code": "BL101"}));
    let answered = asked.elapsed();
    let findings = server.wait_diagnostics(&uri, 1);
    let open = started.elapsed();
    println!(
        "{pages}-page {kind}: a request sent during the first analysis answered in {:.2} ms",
        ms(answered)
    );
    println!("{pages}-page {kind} ({} KB, {findings} findings): initialize {:.2} ms, open to first diagnostics {:.2} ms", text.len() / 1024, ms(init), ms(open));
    // Type in the middle of the document, one character per change, as an editor sends.
    let line = text.lines().count() / 2;
    let mut samples = Vec::new();
    for i in 0..edits {
        let version = i as i64 + 2;
        let change = json!({"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "x"});
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        server.wait_diagnostics(&uri, version);
        samples.push(started.elapsed());
    }
    summary(
        &format!("keystroke -> diagnostics, {pages}-page {kind}"),
        samples,
    );
    let mut hovers = Vec::new();
    let mut actions = Vec::new();
    for i in 0..30 {
        let position = json!({"line": 10 + i * 7, "character": 60});
        let started = Instant::now();
        server.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position}),
        );
        hovers.push(started.elapsed());
        let range = json!({"start": position, "end": position});
        let started = Instant::now();
        server.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        actions.push(started.elapsed());
    }
    summary(&format!("hover, {pages}-page {kind}"), hovers);
    summary(&format!("code action, {pages}-page {kind}"), actions);
    println!(
        "resident memory, {pages}-page {kind} open: {:.1} MB (peak {:.1} MB)",
        server.memory_kb("VmRSS:") as f64 / 1024.0,
        server.memory_kb("VmHWM:") as f64 / 1024.0
    );
}

/// A matter of `filings` generated filings of about ten pages, plus a motion for
/// reconsideration; returns the motion's path.
fn write_matter(dir: &Path, filings: usize) -> std::path::PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..filings {
        let body = brieflint_generate::discovery_response(10, i as u64);
        let text = format!(
            "---\nkind: discovery-response\nfiled: 2021-{:02}-{:02}\n---\n{body}",
            1 + i % 12,
            1 + i % 28
        );
        std::fs::write(dir.join(format!("filing-{i:04}.md")), text).unwrap();
    }
    let motion = dir.join("motion-for-reconsideration.md");
    std::fs::write(
        &motion,
        "---\nkind: reconsideration\nfiled: 2022-06-01\n---\n\n# DEFENDANTS' MOTION FOR RECONSIDERATION\n\nProduction would violate Article 36 of the Data Security Law, as the Huang Decl. explains. See Fed. R. Civ. P. 54(b).\n",
    )
    .unwrap();
    motion
}

fn matter(filings: usize) {
    let dir = std::env::temp_dir().join(format!("brieflint-bench-matter-{}", std::process::id()));
    let motion = write_matter(&dir, filings);
    let bytes: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    let mut server = Server::spawn();
    let started = Instant::now();
    server.initialize(Some(&dir));
    // The scan runs beside the message loop: a request sent now is answered at once.
    let asked = Instant::now();
    server.request("brieflint/ruleDocumentation", json!({"code": "BL201"}));
    let answered = asked.elapsed();
    let uri = format!("file://{}", motion.display());
    let text = std::fs::read_to_string(&motion).unwrap();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let findings = server.wait_diagnostics(&uri, 1);
    let indexed = started.elapsed();
    println!(
        "{filings}-filing matter ({:.1} MB): initialize + index + first diagnostics of the motion {:.0} ms ({findings} findings); a request during the scan answered in {:.2} ms",
        bytes as f64 / 1e6,
        ms(indexed),
        ms(answered)
    );
    let mut samples = Vec::new();
    for i in 0..100 {
        let version = i + 2;
        let change = json!({"range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}}, "text": "x"});
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        server.wait_diagnostics(&uri, version);
        samples.push(started.elapsed());
    }
    summary(
        &format!("keystroke in the motion, {filings}-filing matter"),
        samples,
    );
    println!(
        "resident memory with the matter indexed: {:.1} MB",
        server.memory_kb("VmRSS:") as f64 / 1024.0
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

fn throughput(filings: usize) {
    let dir = std::env::temp_dir().join(format!("brieflint-bench-check-{}", std::process::id()));
    write_matter(&dir, filings);
    let bytes: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    for threads in ["1", "0"] {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_brieflint"))
            .args(["check", "--format", "json", "--exit-zero"])
            .arg(&dir)
            .env("BRIEFLINT_THREADS", threads)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        let elapsed = started.elapsed();
        let label = if threads == "1" {
            "1 thread"
        } else {
            "all cores"
        };
        println!(
            "check {filings} filings ({:.1} MB), {label}: {:.2} s, {:.1} MB/s ({status})",
            bytes as f64 / 1e6,
            elapsed.as_secs_f64(),
            bytes as f64 / 1e6 / elapsed.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    // `cargo test --benches` runs this without --bench: keep that run tiny.
    let full = std::env::args().any(|a| a == "--bench");
    // `cargo bench --bench latency -- keystrokes` runs one part (keystrokes, matter,
    // throughput).
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let part = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    if full {
        if part("keystrokes") {
            for shape in [Shape::Response, Shape::Brief] {
                keystrokes(shape, 100, 200);
                keystrokes(shape, 500, 50);
            }
        }
        if part("matter") {
            matter(300);
        }
        if part("throughput") {
            throughput(1000);
        }
    } else {
        keystrokes(Shape::Response, 10, 5);
        keystrokes(Shape::Brief, 10, 5);
        matter(5);
        throughput(5);
    }
}
