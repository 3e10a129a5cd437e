//! Prints the Markdown rendering of a .docx or .pdf (and, with `--map`, the source map):
//! `cargo run -p brieflint-ingest --example render -- FILE [--map]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: render FILE [--map]");
        std::process::exit(2);
    };
    let format = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(brieflint_ingest::Format::from_extension)
        .unwrap_or_else(|| {
            eprintln!("render: {path}: not a .docx or .pdf");
            std::process::exit(2)
        });
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("render: {path}: {e}");
        std::process::exit(2)
    });
    let started = std::time::Instant::now();
    match brieflint_ingest::convert(bytes, format, &brieflint_ingest::Limits::default()) {
        Ok(converted) => {
            print!("{}", converted.markdown);
            if args.iter().any(|a| a == "--map") {
                for span in &converted.map.spans {
                    println!("{:?} {}", span.rendered, span.origin.describe());
                }
            }
            for notice in &converted.notices {
                eprintln!("notice: {notice}");
            }
            eprintln!(
                "converted in {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        Err(refusal) => {
            eprintln!("refused: {refusal}");
            std::process::exit(1);
        }
    }
}
