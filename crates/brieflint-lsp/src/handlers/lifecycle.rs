//! `initialize` (capabilities, encoding, root, settings) and `initialized` (configuration,
//! warm-up, workspace scan, file watchers).

use crate::scheduler::Job;
use crate::server::Backend;
use crate::session::lock;
use crate::settings::Settings;
use brieflint_core::config;
use brieflint_core::position::Encoding;
use tower_lsp::lsp_types::*;

pub fn initialize(backend: &Backend, params: InitializeParams) -> InitializeResult {
    let (encoding, settings_error) = {
        let mut state = lock(&backend.state);
        let caps = &params.capabilities;
        let offers_utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        state.encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let text_document = caps.text_document.as_ref();
        state.related_information = text_document
            .and_then(|t| t.publish_diagnostics.as_ref())
            .and_then(|p| p.related_information)
            .unwrap_or(false);
        state.work_done_progress = caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        let workspace = caps.workspace.as_ref();
        state.document_changes = workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|w| w.document_changes)
            .unwrap_or(false);
        state.dynamic_watchers = workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        #[allow(deprecated)]
        let root_uri = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(params.root_uri.clone());
        state.set_root(root_uri.and_then(|u| u.to_file_path().ok()));
        let settings = params
            .initialization_options
            .as_ref()
            .map(Settings::from_editor)
            .unwrap_or(Ok(Settings::default()));
        let error = settings.as_ref().err().cloned();
        state.set_settings(settings.unwrap_or_default());
        (state.encoding, error)
    };
    if let Some(error) = settings_error {
        super::sync::warn_settings(backend, error);
    }
    tracing::info!(?encoding, "initialized");
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(match encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            document_link_provider: Some(DocumentLinkOptions {
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            document_symbol_provider: Some(OneOf::Left(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: super::letter::commands(),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "brieflint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}

/// Glob patterns of what the server watches: configuration files and filings (in any
/// case of their extension, as `filings::is_filing_name` reads them).
const WATCHED: [&str; 2] = [
    "**/brieflint.toml",
    "**/*.{md,MD,Md,mD,markdown,MARKDOWN,Markdown}",
];

pub async fn initialized(backend: &Backend) {
    // Load the configuration here, not in `initialize`: a diagnostic on a broken
    // brieflint.toml can only be published once the client is initialized.
    let dynamic = {
        let mut state = lock(&backend.state);
        state.reload_configs();
        // Scanning hundreds of filings takes longer than the message loop may wait:
        // the worker does it, before it analyzes any document opened after this.
        state.schedule(Job::WarmUp);
        state.schedule(Job::Scan(state.root.clone()));
        state.dynamic_watchers
    };
    debug_assert_eq!(WATCHED[0], format!("**/{}", config::FILE_NAME));
    if dynamic {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: WATCHED
                .iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.to_string()),
                    kind: None,
                })
                .collect(),
        };
        let registration = Registration {
            id: "brieflint-config-watcher".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = backend.client.register_capability(vec![registration]).await {
            tracing::warn!("could not register the configuration watcher: {e}");
        }
    }
}
