//! The command line: `brieflint check`, `brieflint rules`, `brieflint lsp`.

mod ingest;
mod output;

use brieflint_core::config::Config;
use brieflint_core::filings;
use brieflint_core::finding::Severity;
use brieflint_core::letter;
use brieflint_core::{self as analysis, rules};
use brieflint_workspace::configs::ConfigFiles;
use brieflint_workspace::walk;
use clap::{Parser, Subcommand, ValueEnum};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "brieflint",
    version,
    about = "Lints litigation filings drafted in Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum Level {
    Error,
    Warning,
    Information,
    Hint,
}

#[derive(Subcommand)]
enum Command {
    /// Lint Markdown files and folders (recursing into *.md and *.markdown, *.docx, *.docm
    /// and *.pdf); .docx and .pdf files (the other side's responses) are converted to
    /// Markdown first.
    Check {
        /// Files or folders; the current folder when none is given.
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Exit 1 when a finding at or above this level is reported.
        #[arg(long, value_enum, default_value = "warning")]
        fail_on: Level,
        /// Exit 0 whatever is found (for demonstrations and reports).
        #[arg(long)]
        exit_zero: bool,
        /// Use this configuration file instead of the nearest brieflint.toml.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// List the rules, or print one rule's documentation.
    Rules {
        /// A rule code (BL101) or name (boilerplate-objection).
        code: Option<String>,
    },
    /// Print the table of authorities of each file: every authority cited, where, and
    /// how often.
    Authorities {
        /// Markdown files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON instead of Markdown.
        #[arg(long)]
        json: bool,
    },
    /// Draft the meet-and-confer (deficiency) letter about the other side's discovery
    /// responses (.docx, .pdf or Markdown), in Markdown, from brieflint's findings.
    Letter {
        /// The responses.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Use this configuration file instead of the nearest brieflint.toml.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Write the letter to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print the Markdown that `check` and `letter` analyze for a .docx or .pdf.
    Render {
        /// A .docx, .docm or .pdf file.
        file: PathBuf,
    },
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

/// Panic messages can quote the document (a slicing error names the character), so
/// they are withheld unless `BRIEFLINT_DEBUG_PANICS` is set.
fn install_panic_hook() {
    let debug = std::env::var_os("BRIEFLINT_DEBUG_PANICS").is_some();
    std::panic::set_hook(Box::new(move |info| {
        // A .docx or .pdf parser that panics is caught by brieflint-ingest's boundary,
        // and the file gets a notice saying it could not be read.
        if !debug && std::thread::current().name() == Some("brieflint-ingest") {
            return;
        }
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if debug {
            eprintln!("brieflint: internal error at {location}: {info}");
        } else {
            eprintln!("brieflint: internal error at {location} (details withheld; set BRIEFLINT_DEBUG_PANICS=1 to see them)");
        }
    }));
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Lsp { .. } => {
            brieflint_lsp::run_stdio();
            0
        }
        Command::Rules { code } => rules_command(code.as_deref()),
        Command::Authorities { files, json } => authorities_command(&files, json),
        Command::Render { file } => match ingest::format_of(&file) {
            None => {
                eprintln!(
                    "brieflint: {}: not a .docx, .docm or .pdf (Markdown is analyzed as it is)",
                    file.display()
                );
                2
            }
            Some(format) => match ingest::render(&file, format) {
                Ok(rendered) => {
                    for notice in &rendered.notices {
                        eprintln!("brieflint: note: {}: {notice}", file.display());
                    }
                    use std::io::Write;
                    let _ = std::io::stdout()
                        .lock()
                        .write_all(rendered.markdown.as_bytes());
                    0
                }
                Err(
                    ingest::NotRendered::Refused(reason) | ingest::NotRendered::Unreadable(reason),
                ) => {
                    eprintln!("brieflint: {}: {reason}", file.display());
                    2
                }
            },
        },
        Command::Letter {
            files,
            config,
            output,
        } => match letter_command(&files, config.as_deref(), output.as_deref()) {
            Ok(()) => 0,
            Err(reason) => {
                eprintln!("brieflint: {reason}");
                2
            }
        },
        Command::Check {
            paths,
            format,
            fail_on,
            exit_zero,
            config,
        } => {
            let fail_on = match fail_on {
                Level::Error => Severity::Error,
                Level::Warning => Severity::Warning,
                Level::Information => Severity::Information,
                Level::Hint => Severity::Hint,
            };
            match check(&paths, format, config.as_deref()) {
                Ok(worst) => {
                    if !exit_zero && worst.is_some_and(|w| w >= fail_on) {
                        1
                    } else {
                        0
                    }
                }
                Err(reason) => {
                    eprintln!("brieflint: {reason}");
                    2
                }
            }
        }
    }
}

/// Reads a file named on the command line, within `limit` bytes: only a regular file,
/// never a FIFO or a symbolic link (see `files`).
fn read_named(path: &Path, limit: u64) -> Result<String, String> {
    brieflint_workspace::files::read_text(path, limit)
        .map_err(|skipped| format!("{}: {skipped}", path.display()))
}

/// Warns, once per file, that invalid UTF-8 was replaced: only for a file that is then
/// analyzed as text (a binary file gets BL002 instead, which says so).
fn warn_if_replaced(path: &Path, text: &str, config: &Config) {
    if text.contains('\u{FFFD}')
        && brieflint_core::rules::bl002_not_analyzed::skip_reason(text, config.max_document_bytes())
            .is_none()
        && std::fs::read(path).is_ok_and(|bytes| std::str::from_utf8(&bytes).is_err())
    {
        eprintln!(
            "brieflint: warning: {}: not valid UTF-8; invalid bytes were replaced before linting",
            path.display()
        );
    }
}

fn authorities_command(paths: &[PathBuf], json: bool) -> i32 {
    let files = match collect(paths, walk::Collect::Filings) {
        Ok(files) => files,
        Err(reason) => {
            eprintln!("brieflint: {reason}");
            return 2;
        }
    };
    let mut tables = Vec::new();
    let mut configs = command_line_configs();
    let mut failed = false;
    for file in &files {
        let limit = configs
            .for_file(file)
            .map_or(DEFAULT_LIMIT, |c| c.config.max_document_bytes() as u64);
        let text = match read_named(file, limit) {
            Ok(text) => text,
            Err(reason) => {
                eprintln!("brieflint: {reason}");
                failed = true;
                continue;
            }
        };
        let structure = brieflint_core::markdown::parse(&text);
        let citations = brieflint_core::citations::recognize(&text, &structure.opaque);
        tables.push((
            file.display().to_string(),
            brieflint_core::toa::entries(&text, &citations),
        ));
    }
    let mut text = String::new();
    if json {
        let value: Vec<_> = tables
            .iter()
            .map(|(path, entries)| serde_json::json!({"path": path, "authorities": entries}))
            .collect();
        text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    } else {
        for (path, entries) in &tables {
            if tables.len() > 1 {
                text += &format!("<!-- {path} -->\n");
            }
            text += &brieflint_core::toa::markdown(entries);
        }
    }
    if let Err(e) = write_stdout(&text) {
        eprintln!("brieflint: writing the table of authorities: {e}");
        return 2;
    }
    if failed {
        2
    } else {
        0
    }
}

/// `brieflint letter`: the configuration of the first file (or `--config`) gives the
/// court and the `[letter]` table; each file is analyzed on its own.
fn letter_command(
    files: &[PathBuf],
    config_path: Option<&Path>,
    output: Option<&Path>,
) -> Result<(), String> {
    let config_file = match config_path {
        Some(path) => Some(path.to_path_buf()),
        None => files.first().and_then(|file| {
            let dir = std::fs::canonicalize(file).ok()?.parent()?.to_path_buf();
            dir.ancestors()
                .map(|a| a.join(brieflint_core::config::FILE_NAME))
                .find(|candidate| candidate.is_file())
        }),
    };
    let (config, settings) = match &config_file {
        Some(path) => {
            let text =
                brieflint_workspace::files::read_text(path, brieflint_core::config::MAX_FILE_BYTES)
                    .map_err(|skipped| format!("{}: {skipped}", path.display()))?;
            (
                load_config(path)?,
                letter::LetterSettings::from_toml(&text)
                    .map_err(|e| format!("{}: {e}", path.display()))?,
            )
        }
        None => (Config::default(), letter::LetterSettings::default()),
    };
    let responses: Vec<letter::Responses> = files
        .iter()
        .map(|file| read_responses(file, &config))
        .collect::<Result<_, _>>()?;
    let text = letter::draft(&responses, &settings, config.court.as_deref());
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => write_stdout(&text).map_err(|e| format!("writing the letter: {e}")),
    }
}

/// Reads one responses file (Markdown, .docx or .pdf) and analyzes it for the letter.
fn read_responses(path: &Path, config: &Config) -> Result<letter::Responses, String> {
    let display = path.to_string_lossy().replace('\\', "/");
    let (text, places) = match ingest::format_of(path) {
        Some(format) => match ingest::render(path, format) {
            Ok(rendered) => {
                for notice in &rendered.notices {
                    eprintln!("brieflint: note: {display}: {notice}");
                }
                let places: letter::Places = Box::new(rendered.map.places());
                (rendered.markdown, Some(places))
            }
            Err(ingest::NotRendered::Refused(reason) | ingest::NotRendered::Unreadable(reason)) => {
                return Err(format!("{display}: {reason}"))
            }
        },
        None => {
            let text =
                brieflint_workspace::files::read_text(path, config.max_document_bytes() as u64)
                    .map_err(|skipped| format!("{display}: {skipped}"))?;
            (text, None)
        }
    };
    Ok(letter::Responses::analyze(display, text, places, config))
}

/// The size limit for a file whose configuration cannot be read.
const DEFAULT_LIMIT: u64 =
    brieflint_core::rules::bl002_not_analyzed::DEFAULT_MAX_DOCUMENT_BYTES as u64;

/// However many files a folder holds, `check` reads them all.
const NO_FILE_LIMIT: usize = usize::MAX;

fn rules_command(code: Option<&str>) -> i32 {
    use std::fmt::Write;
    let mut text = String::new();
    match code {
        None => {
            for rule in rules::all() {
                let m = rule.meta();
                let _ = writeln!(
                    text,
                    "{:<6} {:<40} {:<11} {}",
                    m.code,
                    m.name,
                    m.default_severity.as_str(),
                    m.summary
                );
            }
        }
        Some(code) => match rules::lookup(code) {
            Some(m) => {
                let _ = writeln!(text, "# {} {}\n", m.code, m.name);
                let _ = writeln!(text, "Default severity: {}\n", m.default_severity.as_str());
                let _ = writeln!(text, "{}", m.doc_markdown());
                let _ = writeln!(text, "\nMore: {}", m.help_uri());
            }
            None => {
                eprintln!("brieflint: unknown rule {code:?} (run `brieflint rules` for the list)");
                return 2;
            }
        },
    }
    match write_stdout(&text) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("brieflint: writing the rules: {e}");
            2
        }
    }
}

/// Writes `text` to standard output. A reader that stopped reading (`| head`) is not an
/// error: the output it wanted was written.
fn write_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written,
    }
}

/// A file to lint, with the path to print for it.
pub struct Input {
    pub display: String,
    pub text: String,
    /// For a converted .docx or .pdf: where each part of `text` came from.
    pub source: Option<brieflint_ingest::SourceMap>,
    /// The count under the length limit that governs the file, when one does.
    pub length: Option<String>,
}

/// Collects the files of kind `kind` under `paths` (see `brieflint_workspace::walk`),
/// sorted.
fn collect(paths: &[PathBuf], kind: walk::Collect) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        // A named folder may be a link (`check ~/matters/current`); what is inside is
        // walked without following links.
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            let found = walk::files_under(path, NO_FILE_LIMIT, kind);
            if let Some((folder, reason)) = found.unreadable.first() {
                return Err(format!("{}: {reason}", folder.display()));
            }
            files.extend(found.filings);
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Maps `items` on every core, keeping their order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // BRIEFLINT_THREADS caps the threads (for measuring); the default is every core.
    let cores = std::env::var("BRIEFLINT_THREADS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let threads = cores.min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let f = &f;
                scope.spawn(move || part.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// A matter filing's name: its file name within its matter folder, as the editor names
/// it too (`FilingSummary::path`).
fn filing_name(path: &Path) -> String {
    filings::file_name_of(&filings::normalize(&path.to_string_lossy())).to_string()
}

/// The `brieflint.toml` lookup of `check` and `authorities`: no higher than each file's
/// workspace root (its repository, else the current directory; see
/// `ConfigFiles::for_command_line`).
fn command_line_configs() -> ConfigFiles {
    match std::env::current_dir() {
        Ok(current_dir) => ConfigFiles::for_command_line(&current_dir),
        // No current directory (it was deleted): each file's repository is its root.
        Err(_) => ConfigFiles::for_command_line(Path::new("/nonexistent-current-directory")),
    }
}

/// The configuration file given with `--config`.
fn load_config(path: &Path) -> Result<Config, String> {
    ConfigFiles::unbounded()
        .load(path)
        .map(|config| (*config).clone())
        .map_err(|e| e.located_message())
}

/// Lints `paths` and prints the report; returns the most severe finding's level.
fn check(
    paths: &[PathBuf],
    format: Format,
    config: Option<&Path>,
) -> Result<Option<Severity>, String> {
    let default_paths = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default_paths[..]
    } else {
        paths
    };
    // Folders give their Markdown filings and the .docx and .pdf responses in them.
    let files = collect(paths, walk::Collect::FilingsAndResponses)?;
    if files.is_empty() {
        eprintln!(
            "brieflint: no Markdown files (.md, .markdown) or responses (.docx, .docm, .pdf) found; nothing was checked"
        );
    }
    let fixed_config = config.map(load_config).transpose()?;
    let mut finder = command_line_configs();
    // Every file is read once. The matter of each folder is every filing in it, so a
    // motion for reconsideration is compared with the rest of its record.
    let mut folders: Vec<PathBuf> = files
        .iter()
        .map(|f| f.parent().map(Path::to_path_buf).unwrap_or_default())
        .collect();
    folders.sort();
    folders.dedup();
    let mut to_read: Vec<PathBuf> = files.clone();
    for folder in &folders {
        let (filings, others) = walk::filings_in(folder);
        to_read.extend(filings);
        for path in others {
            if let Err(skipped) = brieflint_workspace::files::read_regular(&path, 0) {
                // Looked at, not opened: a link or a FIFO under a Markdown name.
                eprintln!("brieflint: note: {}: {skipped}", path.display());
            }
        }
    }
    to_read.sort();
    to_read.dedup();
    let config_of = |path: &Path, finder: &mut ConfigFiles| match &fixed_config {
        Some(config) => Ok(config.clone()),
        None => finder
            .for_file(path)
            .map(|applied| (*applied.config).clone())
            .map_err(|e| e.located_message()),
    };
    let configs: Vec<Config> = files
        .iter()
        .map(|file| config_of(file, &mut finder))
        .collect::<Result<_, _>>()?;
    let asked: HashMap<&PathBuf, &Config> = files.iter().zip(&configs).collect();
    // Every file is read once, within its size limit; one that cannot be read is a
    // notice about that file, never the end of the run.
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    let mut too_large: HashMap<PathBuf, String> = HashMap::new();
    let mut unread_asked = 0;
    let mut source_maps: HashMap<PathBuf, brieflint_ingest::SourceMap> = HashMap::new();
    // A .docx or .pdf named on the command line or found in a folder: converted (on
    // every core: a PDF takes tens of milliseconds), then analyzed as Markdown.
    let to_convert: Vec<(&PathBuf, brieflint_ingest::Format)> = files
        .iter()
        .filter_map(|path| ingest::format_of(path).map(|format| (path, format)))
        .collect();
    let mut converted: HashMap<&PathBuf, Result<ingest::Rendered, ingest::NotRendered>> =
        to_convert
            .iter()
            .map(|(path, _)| *path)
            .zip(parallel_map(&to_convert, |(path, format)| {
                ingest::render(path, *format)
            }))
            .collect();
    for path in &to_read {
        if let Some(result) = converted.remove(path) {
            match result {
                Ok(rendered) => {
                    for notice in &rendered.notices {
                        eprintln!("brieflint: note: {}: {notice}", path.display());
                    }
                    source_maps.insert(path.clone(), rendered.map);
                    texts.insert(path.clone(), rendered.markdown);
                }
                Err(ingest::NotRendered::Refused(reason)) => {
                    too_large.insert(path.clone(), reason);
                }
                Err(ingest::NotRendered::Unreadable(reason)) => {
                    eprintln!("brieflint: {}: {reason}", path.display());
                    unread_asked += 1;
                }
            }
            continue;
        }
        let config = match asked.get(path) {
            Some(config) => (*config).clone(),
            None => config_of(path, &mut finder).unwrap_or_default(),
        };
        let limit = config.max_document_bytes() as u64;
        match brieflint_workspace::files::read_text(path, limit) {
            Ok(text) => {
                if asked.contains_key(path) {
                    warn_if_replaced(path, &text, &config);
                }
                texts.insert(path.clone(), text);
            }
            Err(brieflint_workspace::files::Skipped::TooLarge { bytes, limit })
                if asked.contains_key(path) =>
            {
                too_large.insert(
                    path.clone(),
                    brieflint_core::rules::bl002_not_analyzed::too_large(bytes, limit),
                );
            }
            Err(skipped) if asked.contains_key(path) => {
                eprintln!("brieflint: {}: {skipped}", path.display());
                unread_asked += 1;
            }
            Err(skipped) => {
                eprintln!(
                    "brieflint: note: {}: {skipped}; left out of the matter's record",
                    path.display()
                );
            }
        }
    }
    // The matter is the folder's Markdown filings; converted responses are not part of it.
    let readable: Vec<&PathBuf> = to_read
        .iter()
        .filter(|p| texts.contains_key(*p) && !source_maps.contains_key(*p))
        .collect();
    let summaries = parallel_map(&readable, |path| {
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (
            folder.clone(),
            brieflint_core::matter::summarize_text(&filing_name(path), &texts[*path]),
        )
    });
    let mut matters: HashMap<PathBuf, Vec<brieflint_core::matter::FilingSummary>> = HashMap::new();
    for (folder, summary) in summaries {
        matters.entry(folder).or_default().push(summary);
    }
    let matter_refs: HashMap<&PathBuf, Vec<&brieflint_core::matter::FilingSummary>> = matters
        .iter()
        .map(|(folder, m)| (folder, m.iter().collect()))
        .collect();
    let indexed: Vec<(usize, &PathBuf)> = files
        .iter()
        .enumerate()
        .filter(|(_, file)| texts.contains_key(*file) || too_large.contains_key(*file))
        .collect();
    let results = parallel_map(&indexed, |(index, file)| {
        let display = file.to_string_lossy().replace('\\', "/");
        let display = display.strip_prefix("./").unwrap_or(&display).to_string();
        if let Some(reason) = too_large.get(*file) {
            let findings = analysis::not_analyzed(reason.clone(), &configs[*index]).findings;
            return (
                Input {
                    display,
                    text: String::new(),
                    source: None,
                    length: None,
                },
                findings,
            );
        }
        let text = texts[*file].clone();
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let matter = matter_refs
            .get(&folder)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let analysis = analysis::analyze_in_matter(
            &text,
            &configs[*index],
            Some((&filing_name(file), matter)),
        );
        let length = analysis.length.map(|l| l.summary);
        let source = source_maps.get(*file).cloned();
        (
            Input {
                display,
                text,
                source,
                length,
            },
            analysis.findings,
        )
    });
    let worst = results
        .iter()
        .flat_map(|(_, f)| f.iter().map(|f| f.severity))
        .max();
    // Stdout is line-buffered; a report of thousands of lines needs a real buffer.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match format {
        Format::Human => output::human(&mut out, &results),
        Format::Json => output::json(&mut out, &results),
        Format::Sarif => output::sarif(&mut out, &results),
    }
    .and_then(|()| std::io::Write::flush(&mut out));
    // A closed pipe (`| head`) is not an error worth reporting.
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("writing the report: {e}"));
        }
    }
    if unread_asked > 0 {
        return Err(format!(
            "{unread_asked} of {} file(s) could not be read (see above); the others were checked",
            files.len()
        ));
    }
    Ok(worst)
}
