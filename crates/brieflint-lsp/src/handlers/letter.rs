//! `workspace/executeCommand` `brieflint.letter.draft` (the editors' "brieflint: Draft
//! deficiency letter"): the meet-and-confer letter about the other side's responses, in
//! Markdown, for the client to open in a new buffer beside them. The same letter as
//! `brieflint letter FILE...`: `brieflint_core::letter` drafts it for both.
//!
//! Arguments: the responses' URIs (strings, or one array of them). A Markdown file open
//! in the editor is read from its buffer (unsaved text wins), any other from disk; a
//! .docx, .docm or .pdf is converted by `brieflint-ingest`, and the letter's headings name
//! its pages or paragraphs. The configuration of the first file gives the court and the
//! `[letter]` table (addressee, caption, signature), with the editor's settings applied.
//! Reading, converting and analyzing run on a thread of their own, off the message loop.
//! The answer: `{"markdown": ..., "notices": [...]}`; a file that cannot be read or
//! converted is an error naming it, as `brieflint letter` exits 2.

use crate::server::Backend;
use crate::session::lock;
use brieflint_core::config::Config;
use brieflint_core::filings;
use brieflint_core::letter::{self, LetterSettings, Places, Responses};
use brieflint_ingest::{Format, Limits};
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{ExecuteCommandParams, Url};

/// The command's name, as the server lists it in `executeCommandProvider`. Editors name
/// their own command differently ("brieflint.draftDeficiencyLetter"): VS Code's client
/// registers every listed server command under its own name.
pub const DRAFT_LETTER: &str = "brieflint.letter.draft";

/// The commands `executeCommandProvider` lists.
pub fn commands() -> Vec<String> {
    vec![DRAFT_LETTER.to_string()]
}

pub async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<serde_json::Value>> {
    match params.command.as_str() {
        DRAFT_LETTER => draft(backend, params.arguments).await.map(Some),
        other => Err(Error::invalid_params(format!("unknown command {other:?}"))),
    }
}

/// One file the letter is about, as the message loop found it.
struct Source {
    display: String,
    path: Option<PathBuf>,
    /// The open buffer's text, which wins over the file on disk.
    buffer: Option<String>,
    config: Arc<Config>,
}

/// The URIs in the arguments: strings, or arrays of strings.
fn uris(arguments: &[serde_json::Value]) -> Result<Vec<Url>> {
    let mut out = Vec::new();
    for argument in arguments {
        let items = match argument {
            serde_json::Value::Array(items) => items.iter().collect(),
            one => vec![one],
        };
        for item in items {
            let uri = item
                .as_str()
                .and_then(|s| Url::parse(s).ok())
                .ok_or_else(|| {
                    Error::invalid_params(format!(
                        "{DRAFT_LETTER} takes the responses' URIs; got {item}"
                    ))
                })?;
            out.push(uri);
        }
    }
    if out.is_empty() {
        return Err(Error::invalid_params(format!(
            "{DRAFT_LETTER} needs the URI of the responses (Markdown, .docx or .pdf)"
        )));
    }
    Ok(out)
}

async fn draft(backend: &Backend, arguments: Vec<serde_json::Value>) -> Result<serde_json::Value> {
    let uris = uris(&arguments)?;
    let (sources, settings_file) = {
        let mut state = lock(&backend.state);
        let mut sources = Vec::new();
        for uri in &uris {
            let path = uri.to_file_path().ok();
            let buffer = state.documents.get(uri).map(|d| d.rope.to_string());
            if path.is_none() && buffer.is_none() {
                return Err(Error::invalid_params(format!(
                    "{uri}: neither a file on disk nor an open document"
                )));
            }
            let display = match &path {
                Some(path) => state.record_key(path),
                None => uri.to_string(),
            };
            let config = state.config_for(path.as_deref());
            sources.push(Source {
                display,
                path,
                buffer,
                config,
            });
        }
        let settings_file = sources[0]
            .path
            .as_ref()
            .and_then(|path| state.configs.for_file(path).ok())
            .and_then(|applied| applied.source);
        (sources, settings_file)
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = reply.send(draft_off_the_loop(sources, settings_file));
    });
    match answer.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(reason)) => Err(Error::invalid_params(reason)),
        Err(_) => Err(Error::internal_error()),
    }
}

/// Reads, converts and analyzes each file, and drafts the letter; blocking.
fn draft_off_the_loop(
    sources: Vec<Source>,
    settings_file: Option<PathBuf>,
) -> std::result::Result<serde_json::Value, String> {
    let settings = match &settings_file {
        Some(path) => {
            let text =
                brieflint_workspace::files::read_text(path, brieflint_core::config::MAX_FILE_BYTES)
                    .map_err(|skipped| format!("{}: {skipped}", path.display()))?;
            LetterSettings::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => LetterSettings::default(),
    };
    let court = sources[0].config.court.clone();
    let mut notices = Vec::new();
    let mut all = Vec::new();
    for source in sources {
        let (text, places) = read(&source, &mut notices)?;
        all.push(Responses::analyze(
            source.display,
            text,
            places,
            &source.config,
        ));
    }
    Ok(serde_json::json!({
        "markdown": letter::draft(&all, &settings, court.as_deref()),
        "notices": notices,
    }))
}

/// The text of one file, converted when it is a .docx or .pdf, with its places.
fn read(
    source: &Source,
    notices: &mut Vec<String>,
) -> std::result::Result<(String, Option<Places>), String> {
    let display = &source.display;
    let format = source
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|name| name.to_string_lossy())
        .filter(|name| filings::is_responses_name(name))
        .and_then(|name| name.rsplit_once('.').map(|(_, e)| e.to_string()))
        .and_then(|extension| Format::from_extension(&extension));
    if let (Some(format), Some(path)) = (format, &source.path) {
        let limits = Limits::default();
        let bytes = brieflint_workspace::files::read_regular(path, limits.max_input_bytes)
            .map_err(|skipped| format!("{display}: {skipped}"))?;
        let converted = brieflint_ingest::convert(bytes, format, &limits)
            .map_err(|refusal| format!("{display}: Not analyzed: {refusal}"))?;
        notices.extend(
            converted
                .notices
                .into_iter()
                .map(|notice| format!("{display}: {notice}")),
        );
        let places: Places = Box::new(converted.map.places());
        return Ok((converted.markdown, Some(places)));
    }
    if let Some(text) = &source.buffer {
        return Ok((text.clone(), None));
    }
    let path = source.path.as_ref().expect("a file on disk or a buffer");
    let text =
        brieflint_workspace::files::read_text(path, source.config.max_document_bytes() as u64)
            .map_err(|skipped| format!("{display}: {skipped}"))?;
    Ok((text, None))
}
