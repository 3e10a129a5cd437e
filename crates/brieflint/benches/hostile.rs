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

#[path = "../../../tests/support/lsp_client.rs"]
mod lsp_client;
use lsp_client::LspClient;
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

/// The slowest answer to a hover on a small document while `text` is opened and edited
/// five times in another, and the time from opening it to its first diagnostics.
fn message_loop(text: &str) -> (Duration, Duration) {
    let mut client = LspClient::spawn_with_env(&[("BRIEFLINT_LOG", "warn")]);
    client.initialize(json!({}), None);
    let probe = "file:///probe.md";
    let big = "file:///big.md";
    client.open(probe, "Acme objects to this Request as overly broad.\n", 1);
    client.diagnostics(probe, Some(1));
    let mut worst = Duration::ZERO;
    let published = |client: &mut LspClient, version: i64| {
        client.notifications.iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == big
                && m["params"]["version"] == json!(version)
        })
    };
    let mut hover_until_published = |client: &mut LspClient, version: i64| {
        while !published(client, version) {
            let id = client.take_id();
            let asked = Instant::now();
            client.send(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
                "params": {"textDocument": {"uri": probe}, "position": {"line": 0, "character": 36}}}));
            client.response(id);
            worst = worst.max(asked.elapsed());
            std::thread::sleep(Duration::from_millis(2));
        }
    };
    let opened = Instant::now();
    client.open(big, text, 1);
    hover_until_published(&mut client, 1);
    let first = opened.elapsed();
    let end = text.lines().count();
    for version in 2..=6 {
        client.change(
            big,
            version,
            json!([{"range": {"start": {"line": end, "character": 0}, "end": {"line": end, "character": 0}}, "text": "x"}]),
        );
        hover_until_published(&mut client, version);
    }
    client.shutdown();
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
    let config = Config::default();
    analysis::analyze("warm up the patterns", &config);
    println!(
        "{:<22} {:>7} {:>11} {:>12} {:>9}  budget (1 MB: 100 ms, 10x)",
        "input", "size", "median", "peak heap", "x input"
    );
    for &bytes in sizes {
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
