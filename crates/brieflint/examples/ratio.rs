//! For instruction counting under callgrind (repeatable on a busy machine):
//! `ratio analyze|parse PAGES RUNS` does that work RUNS times on a generated response.
//! The difference between RUNS=2 and RUNS=1 is the cost of one run, start-up excluded.
//! `ratio keystroke PAGES RUNS` re-analyzes incrementally after RUNS one-character edits
//! at the start of the middle line, where the latency bench types (`RATIO_AT_BYTE` set:
//! at the middle byte);
//! `ratio analyze-brief|keystroke-brief PAGES RUNS` the same on the generated brief (with
//! `RATIO_STATS` set, each keystroke prints how much of the incremental cache it reused).
//! `ratio file PATH RUNS` analyzes the file at PATH (the hostile inputs, a real filing).
//! With `RATIO_ONE_THREAD` set, every analysis runs on one thread (`on_one_thread`); the
//! time of each run (median and quartiles, milliseconds) goes to stderr.
fn main() {
    if std::env::var_os("RATIO_ONE_THREAD").is_some() {
        brieflint_core::on_one_thread(run);
    } else {
        run();
    }
}

fn run() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("analyze", String::as_str);
    let pages: usize = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(100);
    let runs: usize = args.get(3).and_then(|p| p.parse().ok()).unwrap_or(1);
    let config = brieflint_core::config::Config::default();
    let text = match (what, args.get(2)) {
        ("file", Some(path)) => std::fs::read_to_string(path).expect("a readable UTF-8 file"),
        (w, _) if w.ends_with("-brief") => brieflint_generate::brief(pages, 42),
        _ => brieflint_generate::discovery_response(pages, 42),
    };
    let cache = brieflint_core::incremental::Cache::new();
    let mut edited = text.clone();
    let what = what.strip_suffix("-brief").unwrap_or(what);
    if what == "keystroke" {
        brieflint_core::analyze_incremental(&text, &config, None, &cache);
    }
    // Where the latency bench types: the start of the middle line.
    let line = text.lines().count() / 2;
    // (With `RATIO_AT_BYTE` set, the middle byte instead.)
    let middle = if std::env::var_os("RATIO_AT_BYTE").is_some() {
        (text.len() / 2..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0)
    } else {
        text.split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = std::time::Instant::now();
        match what {
            "keystroke" => {
                edited.insert(middle, 'x');
                std::hint::black_box(brieflint_core::analyze_incremental(
                    &edited, &config, None, &cache,
                ));
                if std::env::var_os("RATIO_STATS").is_some() {
                    eprintln!("{:?}", cache.stats());
                }
            }
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
                std::hint::black_box(brieflint_core::analyze_document(&text, &config));
            }
        }
        times.push(started.elapsed());
    }
    times.sort();
    if let (Some(q1), Some(median), Some(q3)) = (
        times.get(runs / 4),
        times.get(runs / 2),
        times.get(runs * 3 / 4),
    ) {
        let ms = |d: &std::time::Duration| d.as_secs_f64() * 1e3;
        eprintln!(
            "{what}: median {:.3} ms (quartiles {:.3}-{:.3})",
            ms(median),
            ms(q1),
            ms(q3)
        );
    }
}
