//! `cargo bench --bench hostile`: analysis time and peak heap on inputs built to find
//! superlinear paths, each at 1 MB and 4 MB, against the budgets in BENCHMARKS.md
//! (at 1 MB: under 100 ms and under 10x the input in memory). A bench to rerun and
//! read, never a pass/fail test: it prints a table and flags what is over budget.
//!
//! Then the message loop: the real server opens each input and takes five keystrokes in
//! it while a second, small document is hovered every few milliseconds; the slowest
//! hover answer is how long one document held the loop (budget: 50 ms).

use brieflint_core::{self as analysis, config::Config};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

/// The system allocator, counting the bytes live and the most ever live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    /// The system's realloc, counted as the resize it is: a large block is grown in
    /// place (glibc remaps it), not held twice as `GlobalAlloc`'s default (alloc, copy,
    /// free) would count it.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grown = unsafe { System.realloc(ptr, layout, new_size) };
        if !grown.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        grown
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// `unit(i)` repeated until the text is `bytes` long.
fn repeated(prefix: &str, bytes: usize, unit: impl Fn(usize) -> String) -> String {
    let mut text = prefix.to_string();
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&unit(i));
        i += 1;
    }
    text
}

fn inputs(bytes: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "definitions",
            repeated("# BRIEF\n\n", bytes, |i| {
                format!(
                    "Acme Holdings Number {i} (\"AHN{i}\") agrees with AHN{}.\n\n",
                    i / 2
                )
            }),
        ),
        (
            "suppression comments",
            repeated("", bytes, |i| {
                format!("<!-- brieflint-disable-next-line BL101 -->\nLine {i} objects as overly broad.\n")
            }),
        ),
        (
            "HTML comments",
            repeated("", bytes, |i| {
                format!("<!-- note {i} -->\n`code {i}` text.\n\n")
            }),
        ),
        (
            "case citations",
            repeated("", bytes, |i| {
                format!(
                    "See {} F.3d {}, {} (2d Cir. 2010). ",
                    100 + i % 800,
                    i % 999 + 1,
                    i % 50 + 2
                )
            }),
        ),
        (
            "Id. chains",
            repeated(
                "Smith v. Jones, 500 F.3d 100 (2d Cir. 2007). ",
                bytes,
                |i| format!("Id. at {}. ", i % 900 + 1),
            ),
        ),
        ("prior: list", {
            let list = repeated("", bytes, |i| format!("order-{i}.md, "));
            format!("---\nprior: [{list}x.md]\n---\n# MOTION FOR RECONSIDERATION\n\nText.\n")
        }),
    ]
}

/// The real server, read raw: a large frame (thousands of diagnostics) is not parsed,
/// so the time measured is the server's, not this client's JSON parser's.
struct RawServer {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    frames: std::sync::mpsc::Receiver<Vec<u8>>,
}

impl RawServer {
    fn spawn() -> RawServer {
        use std::io::{BufRead, Read};
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_brieflint"))
            .arg("lsp")
            .env("BRIEFLINT_LOG", "warn")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn brieflint lsp");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let (sender, frames) = std::sync::mpsc::channel();
        std::thread::spawn(move || loop {
            let mut length = 0;
            loop {
                let mut line = String::new();
                if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if stdout.read_exact(&mut body).is_err() || sender.send(body).is_err() {
                return;
            }
        });
        RawServer {
            child,
            stdin,
            frames,
        }
    }

    fn send(&mut self, message: &serde_json::Value) {
        use std::io::Write;
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Reads frames until one answers `id`; notes the versions of `uri` published.
    fn until_response(&mut self, id: i64, uri: &str, published: &mut Vec<i64>) {
        let id_field = format!("\"id\":{id}");
        loop {
            let body = self
                .frames
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers");
            let head = &body[..body.len().min(512)];
            let head = String::from_utf8_lossy(head);
            if head.contains("publishDiagnostics") && head.contains(uri) {
                let text = String::from_utf8_lossy(&body);
                if let Some(at) = text.rfind("\"version\":") {
                    let digits: String = text[at + 10..]
                        .chars()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    published.extend(digits.parse::<i64>().ok());
                }
            } else if body.len() < 64 * 1024 && head.contains(&id_field) {
                return;
            }
        }
    }
}

/// The slowest answer to a hover on a small document while `text` is opened and edited
/// five times in another, and the time from opening it to its first diagnostics.
fn message_loop(text: &str) -> (Duration, Duration) {
    let mut server = RawServer::spawn();
    let probe = "file:///probe.md";
    let big = "file:///big.md";
    let mut published = Vec::new();
    server.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
    server.until_response(1, big, &mut published);
    server.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let open = |server: &mut RawServer, uri: &str, text: &str| {
        server.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
        );
    };
    open(
        &mut server,
        probe,
        "Acme objects to this Request as overly broad.\n",
    );
    let mut next_id = 2;
    let mut hover = |server: &mut RawServer, published: &mut Vec<i64>| -> Duration {
        let id = next_id;
        next_id += 1;
        let asked = Instant::now();
        server.send(
            &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": probe}, "position": {"line": 0, "character": 36}}}),
        );
        server.until_response(id, big, published);
        asked.elapsed()
    };
    // The probe's first analysis (and the patterns compiled) before measuring.
    hover(&mut server, &mut published);
    let mut worst = Duration::ZERO;
    let mut hover_until_published =
        |server: &mut RawServer, version: i64, published: &mut Vec<i64>| {
            while !published.contains(&version) {
                worst = worst.max(hover(server, published));
                std::thread::sleep(Duration::from_millis(2));
            }
        };
    let opened = Instant::now();
    open(&mut server, big, text);
    hover_until_published(&mut server, 1, &mut published);
    let first = opened.elapsed();
    let end = text.lines().count();
    for version in 2..=6 {
        server.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": big, "version": version},
            "contentChanges": [{"range": {"start": {"line": end, "character": 0},
                "end": {"line": end, "character": 0}}, "text": "x"}]}}),
        );
        hover_until_published(&mut server, version, &mut published);
    }
    let _ = server.child.kill();
    let _ = server.child.wait();
    (worst, first)
}

fn main() {
    // `cargo test --all-targets` runs this without --bench: one small pass, as a smoke test.
    let quick = std::env::args().all(|a| a != "--bench");
    let (sizes, budget): (&[usize], _) = if quick {
        (&[64 << 10], Duration::ZERO)
    } else {
        (&[1 << 20, 4 << 20], Duration::from_secs(3))
    };
    // `cargo bench --bench hostile -- loop` measures only the message loop.
    let only_loop = std::env::args().any(|a| a == "loop");
    let config = Config::default();
    analysis::analyze("warm up the patterns", &config);
    println!(
        "{:<22} {:>7} {:>11} {:>12} {:>9}  budget (1 MB: 100 ms, 10x)",
        "input", "size", "median", "peak heap", "x input"
    );
    for &bytes in sizes.iter().filter(|_| !only_loop) {
        for (name, text) in inputs(bytes) {
            let mut samples = Vec::new();
            let started = Instant::now();
            let mut peak = 0;
            while samples.len() < 3 || (started.elapsed() < budget && samples.len() < 20) {
                let before = LIVE.load(Ordering::Relaxed);
                PEAK.store(before, Ordering::Relaxed);
                let t = Instant::now();
                let findings = analysis::analyze(&text, &config);
                samples.push(t.elapsed());
                peak = peak.max(PEAK.load(Ordering::Relaxed) - before);
                drop(findings);
            }
            samples.sort();
            let median = samples[samples.len() / 2];
            let ratio = peak as f64 / text.len() as f64;
            let over = bytes == 1 << 20 && (median > Duration::from_millis(100) || ratio > 10.0);
            println!(
                "{:<22} {:>5.2} MB {:>8.1} ms {:>9.1} MB {:>8.1}x  {}",
                name,
                bytes as f64 / (1 << 20) as f64,
                median.as_secs_f64() * 1000.0,
                peak as f64 / (1 << 20) as f64,
                ratio,
                if over { "OVER" } else { "" }
            );
        }
    }

    println!();
    println!(
        "{:<22} {:>7} {:>15} {:>18}  budget: 50 ms",
        "message loop", "size", "slowest hover", "open to diagnostics"
    );
    for &bytes in sizes {
        for (name, text) in inputs(bytes) {
            let (worst, first) = message_loop(&text);
            println!(
                "{:<22} {:>5.2} MB {:>12.1} ms {:>15.1} ms  {}",
                name,
                bytes as f64 / (1 << 20) as f64,
                worst.as_secs_f64() * 1000.0,
                first.as_secs_f64() * 1000.0,
                if worst > Duration::from_millis(50) {
                    "OVER"
                } else {
                    ""
                }
            );
        }
    }
}
