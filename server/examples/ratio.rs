//! For instruction counting under callgrind (repeatable on a busy machine):
//! `ratio analyze|parse PAGES RUNS` does that work RUNS times on a generated response.
//! The difference between RUNS=2 and RUNS=1 is the cost of one run, start-up excluded.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("analyze", String::as_str);
    let pages: usize = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(100);
    let runs: usize = args.get(3).and_then(|p| p.parse().ok()).unwrap_or(1);
    let text = brieflint::generate::discovery_response(pages, 42);
    let config = brieflint::analysis::config::Config::default();
    for _ in 0..runs {
        match what {
            "parse" => {
                let options = pulldown_cmark::Options::ENABLE_TABLES
                    | pulldown_cmark::Options::ENABLE_FOOTNOTES
                    | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
                    | pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
                std::hint::black_box(
                    pulldown_cmark::Parser::new_ext(&text, options)
                        .into_offset_iter()
                        .count(),
                );
            }
            _ => {
                std::hint::black_box(brieflint::analysis::analyze_document(&text, &config));
            }
        }
    }
}
