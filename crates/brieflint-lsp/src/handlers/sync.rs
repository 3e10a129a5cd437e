//! Document and workspace synchronization: `didOpen`, `didChange`, `didClose`,
//! `didChangeConfiguration`, `didChangeWatchedFiles`. Each mutates the state before its
//! first `.await` and queues the analyses that follow.

use crate::document::Document;
use crate::record;
use crate::scheduler::Job;
use crate::server::Backend;
use crate::session::lock;
use crate::settings::Settings;
use crate::transport::large_open;
use brieflint_core::config;
use std::path::PathBuf;
use tower_lsp::lsp_types::*;

pub fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    let opened = Document::new(&document.text, document.version);
    open(backend, document.uri, opened);
}

/// `brieflint/screenedOpen`: a long `didOpen`, decoded on the input thread
/// (`transport::large_open`).
pub async fn screened_open(backend: &Backend, key: large_open::ScreenedOpenKey) {
    let Some(screened) = large_open::take(key) else {
        tracing::warn!("a screened didOpen was not found; ignored");
        return;
    };
    let opened = Document::from_rope(screened.rope, screened.version);
    open(backend, screened.uri, opened);
}

fn open(backend: &Backend, uri: Url, document: Document) {
    let mut state = lock(&backend.state);
    state.documents.insert(uri.clone(), document);
    state.schedule(Job::Analyze(uri));
}

pub fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let mut state = lock(&backend.state);
    let encoding = state.encoding;
    let Some(document) = state.documents.get_mut(&uri) else {
        tracing::warn!(%uri, "change to a document that is not open; ignored");
        return;
    };
    for change in &params.content_changes {
        document.apply(change, encoding);
    }
    document.version = params.text_document.version;
    tracing::trace!(
        %uri,
        version = document.version,
        changes = params.content_changes.len(),
        "change applied"
    );
    // Open reconsideration motions compared with this filing are analyzed again once
    // its new summary is stored (`record::store_summary`).
    state.schedule(Job::Analyze(uri));
}

pub fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let mut state = lock(&backend.state);
    state.documents.remove(&uri);
    state.schedule(Job::Clear(uri));
}

/// Tells the user that settings were refused, and why.
pub fn warn_settings(backend: &Backend, error: String) {
    tracing::warn!("{error}");
    let client = backend.client.clone();
    let message = format!("brieflint: {error} (settings ignored)");
    tokio::spawn(async move { client.show_message(MessageType::WARNING, message).await });
}

pub fn did_change_configuration(backend: &Backend, params: DidChangeConfigurationParams) {
    let settings = match Settings::from_editor(&params.settings) {
        Ok(settings) => settings,
        Err(error) => {
            warn_settings(backend, error);
            Settings::default()
        }
    };
    let mut state = lock(&backend.state);
    let limits_changed = settings.scan_limits() != state.settings.scan_limits();
    state.set_settings(settings);
    if limits_changed && state.root.is_some() {
        // The record is rebuilt with the new limits before the documents are analyzed
        // again (the worker runs jobs in order).
        state.schedule(Job::Scan(state.root.clone()));
    }
    state.reanalyze_all();
}

pub async fn did_change_watched_files(backend: &Backend, params: DidChangeWatchedFilesParams) {
    let touches_config = params
        .changes
        .iter()
        .any(|c| c.uri.path().ends_with(config::FILE_NAME));
    // Filings changed on disk update the record index, unless open (unsaved text wins).
    let changed = {
        let mut state = lock(&backend.state);
        if touches_config {
            state.reload_configs();
        }
        let changed: Vec<(PathBuf, bool)> = params
            .changes
            .iter()
            .filter_map(|change| {
                let path = change.uri.to_file_path().ok()?;
                // The same bounds as the scan: inside the workspace, no skipped folder.
                (state.indexes(&path) && !state.documents.contains_key(&change.uri))
                    .then_some((path, change.typ == FileChangeType::DELETED))
            })
            .collect();
        // A re-read already queued for a file will read its latest text: this event
        // adds nothing (a file rewritten many times a second would otherwise queue a
        // read per write and hold the analysis thread).
        let mut coalesced = Vec::new();
        let changed: Vec<(PathBuf, bool)> = changed
            .into_iter()
            .filter(|(path, deleted)| {
                let queue = *deleted || state.rereads_queued.insert(path.clone());
                if !queue && state.rereads_noticed.insert(path.clone()) {
                    coalesced.push(path.clone());
                }
                queue
            })
            .collect();
        for path in coalesced {
            notice_coalesced(backend, &path);
        }
        changed
    };
    let record_changed = record::files_changed(&backend.state, changed).await;
    if touches_config || record_changed {
        lock(&backend.state).reanalyze_all();
    }
}

/// Says, once per file, that a file changing faster than it is read is read once at a
/// time.
fn notice_coalesced(backend: &Backend, path: &std::path::Path) {
    tracing::info!(
        "a filing changes on disk faster than it is re-read; its latest text is read once at a time"
    );
    let client = backend.client.clone();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tokio::spawn(async move {
        client
            .log_message(
                MessageType::INFO,
                format!("brieflint: {name} changes on disk faster than it can be re-read; brieflint reads its latest version once at a time"),
            )
            .await
    });
}
