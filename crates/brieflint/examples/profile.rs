//! Times each stage of the analysis and each rule on a generated response:
//! `cargo run --release --example profile -- [--brief] 100`.
use brieflint_core::{
    citations, config::Config, definitions, discovery, document, markdown, rules,
};
use std::time::Instant;

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) -> T {
    let mut best = f64::MAX;
    let mut out = f();
    for _ in 0..runs {
        let start = Instant::now();
        out = f();
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
    }
    println!("{label:<44} {best:>9.3} ms (best of {runs})");
    out
}

fn main() {
    // Start-up: the first step of the warm-up compiles the citation patterns (and loads
    // the reporter table); measured cold, before anything else ran.
    let steps = brieflint_core::warm_up_steps();
    let start = Instant::now();
    (steps[0])();
    println!(
        "{:<44} {:>9.3} ms (once, cold)",
        "warm-up: citation patterns",
        start.elapsed().as_secs_f64() * 1e3
    );
    let start = Instant::now();
    for step in &steps[1..] {
        step();
    }
    println!(
        "{:<44} {:>9.3} ms (once, cold)",
        "warm-up: every other pattern",
        start.elapsed().as_secs_f64() * 1e3
    );
    // `-- 100` profiles a 100-page discovery response; `-- --brief 100` a brief.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pages = args.iter().find_map(|p| p.parse().ok()).unwrap_or(100);
    let text = if args.iter().any(|a| a == "--brief") {
        brieflint_generate::brief(pages, 42)
    } else {
        brieflint_generate::discovery_response(pages, 42)
    };
    let runs = 20;
    let config = Config::default();
    let structure = time("markdown", runs, || markdown::parse(&text));
    let disc = time("discovery", runs, || {
        discovery::analyze(&text, &structure, None)
    });
    let cites = time("citations", runs, || {
        citations::recognize(&text, &structure.opaque)
    });
    let defs = time("definitions", runs, || definitions::find(&text, &structure));
    let info = time("document", runs, || {
        document::analyze(&text, &structure, !disc.units.is_empty())
    });
    let cx = rules::Context {
        text: &text,
        structure: &structure,
        discovery: &disc,
        citations: &cites,
        definitions: &defs,
        document: &info,
        record: &[],
        memo: Default::default(),
        cache: None,
        config: &config,
    };
    for rule in rules::all() {
        time(
            &format!("rule {} {}", rule.meta().code, rule.meta().name),
            runs,
            || {
                let mut out = Vec::new();
                rule.check(&cx, &mut out);
                out
            },
        );
    }
    time("all", runs, || {
        brieflint_core::analyze_document(&text, &config)
    });
    // A keystroke in the middle of the document, re-analyzed with the cache of the
    // analysis before it.
    let cache = brieflint_core::incremental::Cache::new();
    brieflint_core::analyze_incremental(&text, &config, None, &cache);
    let middle = text.len() / 2;
    let middle = (middle..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let mut edited = text.clone();
    let mut runs_done = 0;
    time("all, incremental after one keystroke", runs, || {
        runs_done += 1;
        edited.insert(middle, 'x');
        brieflint_core::analyze_incremental(&edited, &config, None, &cache)
    });
    // Real, citation-heavy text: the opinions of the eyecite differential test.
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/opinions");
    let mut opinions = String::new();
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        opinions.push_str(&std::fs::read_to_string(path).unwrap_or_default());
        opinions.push_str("\n\n");
    }
    if !opinions.is_empty() {
        let found = time(
            &format!(
                "citations, fixtures/opinions ({} KB)",
                opinions.len() / 1024
            ),
            runs,
            || citations::recognize(&opinions, &[]).len(),
        );
        println!("  {found} citations");
    }
    let stats = cache.stats();
    println!(
        "  cache after {runs_done} keystrokes: {} hits, {} misses, {} entries",
        stats.hits, stats.misses, stats.entries
    );
}
