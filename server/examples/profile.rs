//! Times each stage of the analysis on a generated response:
//! `cargo run --release --example profile -- 100`.
use brieflint::analysis::{citations, definitions, discovery, document, markdown};
use std::time::Instant;

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) -> T {
    let start = Instant::now();
    let mut out = f();
    for _ in 1..runs {
        out = f();
    }
    println!(
        "{label:<14} {:>9.3} ms",
        start.elapsed().as_secs_f64() * 1e3 / f64::from(runs)
    );
    out
}

fn main() {
    let pages = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(100);
    let text = brieflint::generate::discovery_response(pages, 42);
    let runs = 20;
    let structure = time("markdown", runs, || markdown::parse(&text));
    let disc = time("discovery", runs, || discovery::analyze(&text, &structure));
    let cites = time("citations", runs, || {
        citations::recognize(&text, &structure.opaque)
    });
    time("definitions", runs, || definitions::find(&text, &structure));
    time("document", runs, || {
        document::analyze(&text, &structure, !disc.units.is_empty())
    });
    let config = Default::default();
    time("all", runs, || {
        brieflint::analysis::analyze_document(&text, &config)
    });
    println!("{} citations", cites.len());
}
