//! Times converting a .docx or .pdf and analyzing the rendering, in process (best and
//! median of N runs): `cargo run --release --example ingest_profile -- FILE [RUNS]`.
//! The figures are in BENCHMARKS.md ("Reading .docx and .pdf").
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: ingest_profile FILE [RUNS]");
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let format = std::path::Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(brieflint_ingest::Format::from_extension)
        .expect("a .docx or .pdf");
    let bytes = std::fs::read(&path).expect("readable");
    let config = brieflint_core::config::Config::default();
    brieflint_core::analyze("warm up the patterns", &config);
    let (mut convert, mut analyze, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut findings = 0;
    let mut size = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let converted =
            brieflint_ingest::convert(bytes.clone(), format, &brieflint_ingest::Limits::default())
                .expect("converts");
        let converted_at = started.elapsed();
        findings = brieflint_core::analyze(&converted.markdown, &config).len();
        let done = started.elapsed();
        size = converted.markdown.len();
        convert.push(converted_at.as_secs_f64() * 1000.0);
        analyze.push((done - converted_at).as_secs_f64() * 1000.0);
        total.push(done.as_secs_f64() * 1000.0);
    }
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        (v[0], v[v.len() / 2])
    };
    let (c, a, t) = (stats(&mut convert), stats(&mut analyze), stats(&mut total));
    println!(
        "{path}: {} bytes -> {size} bytes of Markdown, {findings} findings; best/median of {runs}: convert {:.1}/{:.1} ms, analyze {:.1}/{:.1} ms, total {:.1}/{:.1} ms",
        bytes.len(), c.0, c.1, a.0, a.1, t.0, t.1
    );
}
