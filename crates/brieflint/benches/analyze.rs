//! `cargo bench`: analysis time on generated 10-, 100- and 500-page discovery responses,
//! side by side with pulldown-cmark parsing the same text, and the language server's
//! resident memory with the 100-page response open.
//!
//! Times are medians of repeated runs; this is a bench to rerun and read, never a
//! pass/fail test.

use brieflint_core::{self as analysis, config::Config};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn median_time(mut f: impl FnMut(), budget: Duration) -> Duration {
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 5 || (start.elapsed() < budget && samples.len() < 2000) {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn parse_only(text: &str) -> usize {
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    pulldown_cmark::Parser::new_ext(text, options)
        .into_offset_iter()
        .count()
}

fn send(stdin: &mut impl Write, body: &str) {
    write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
    stdin.flush().unwrap();
}

fn read_message(reader: &mut impl BufRead) -> String {
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

/// Resident memory (kB) of `brieflint lsp` after opening `text` and receiving diagnostics.
fn server_rss_kb(text: &str) -> Option<u64> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let mut stdout = BufReader::new(child.stdout.take()?);
    send(
        &mut stdin,
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
    );
    read_message(&mut stdout);
    send(
        &mut stdin,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    );
    let open = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///bench.md", "languageId": "markdown", "version": 1, "text": text}}});
    send(&mut stdin, &open.to_string());
    while !read_message(&mut stdout).contains("publishDiagnostics") {}
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    let rss = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok());
    let _ = child.kill();
    let _ = child.wait();
    rss
}

fn main() {
    // `cargo test --benches` passes --bench-less flags; keep that run short.
    let quick = std::env::args().all(|a| a != "--bench");
    let budget = if quick {
        Duration::from_millis(50)
    } else {
        Duration::from_secs(3)
    };
    let config = Config::default();
    println!(
        "{:<10} {:>9} {:>9} {:>9} {:>13} {:>13} {:>7} {:>17}",
        "pages", "words", "bytes", "findings", "analyze", "pulldown", "ratio", "after a keystroke"
    );
    for pages in [10, 100, 500] {
        let text = brieflint_generate::discovery_response(pages, 42);
        let words = text.split_whitespace().count();
        let findings = analysis::analyze(&text, &config).len();
        let analyze = median_time(
            || drop(std::hint::black_box(analysis::analyze(&text, &config))),
            budget,
        );
        let parse = median_time(
            || {
                std::hint::black_box(parse_only(&text));
            },
            budget,
        );
        // Re-analysis after a one-character edit in the middle, with the cache of the
        // analysis before it (what the server does on a keystroke).
        let cache = analysis::incremental::Cache::new();
        analysis::analyze_incremental(&text, &config, None, &cache);
        let middle = (text.len() / 2..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let mut edited = text.clone();
        let keystroke = median_time(
            || {
                edited.insert(middle, 'x');
                drop(std::hint::black_box(analysis::analyze_incremental(
                    &edited, &config, None, &cache,
                )));
            },
            budget,
        );
        println!(
            "{:<10} {:>9} {:>9} {:>9} {:>10.3} ms {:>10.3} ms {:>6.2}x {:>14.3} ms",
            pages,
            words,
            text.len(),
            findings,
            analyze.as_secs_f64() * 1e3,
            parse.as_secs_f64() * 1e3,
            analyze.as_secs_f64() / parse.as_secs_f64(),
            keystroke.as_secs_f64() * 1e3
        );
    }
    let text = brieflint_generate::discovery_response(100, 42);
    match server_rss_kb(&text) {
        Some(kb) => println!(
            "server resident memory, 100-page response open: {:.1} MB",
            kb as f64 / 1024.0
        ),
        None => println!("server resident memory: unavailable (no /proc?)"),
    }
}
