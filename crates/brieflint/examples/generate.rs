//! Prints a generated discovery response (the benchmarks' documents):
//! `cargo run --release --example generate -- PAGES [SEED] > response.md`.
fn main() {
    let mut args = std::env::args().skip(1);
    let pages = args.next().and_then(|p| p.parse().ok()).unwrap_or(100);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    print!("{}", brieflint_generate::discovery_response(pages, seed));
}
