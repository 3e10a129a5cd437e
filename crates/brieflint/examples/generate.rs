//! Prints a generated filing (the benchmarks' documents):
//! `cargo run --release --example generate -- [--brief] PAGES [SEED] > filing.md`.
//! Without `--brief`, a discovery response; with it, a citation-dense motion brief.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let brief = args.iter().any(|a| a == "--brief");
    let mut numbers = args.iter().filter(|a| !a.starts_with("--"));
    let pages = numbers.next().and_then(|p| p.parse().ok()).unwrap_or(100);
    let seed = numbers.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    if brief {
        print!("{}", brieflint_generate::brief(pages, seed));
    } else {
        print!("{}", brieflint_generate::discovery_response(pages, seed));
    }
}
