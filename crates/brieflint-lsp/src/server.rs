//! The server: start-up and logging, the tower-lsp service, and the `LanguageServer`
//! implementation, which only hands each request to its handler (`handlers`).

use crate::handlers;
use crate::scheduler::{worker, Job};
use crate::session::State;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer, LspService, Server};

pub struct Backend {
    pub(crate) client: Client,
    pub(crate) state: Arc<Mutex<State>>,
    /// Becomes true once the workspace scan queued at `initialized` is done.
    pub(crate) index_ready: tokio::sync::watch::Receiver<bool>,
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::lifecycle::initialize(self, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        handlers::lifecycle::initialized(self).await
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::sync::did_open(self, params)
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::sync::did_change(self, params)
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::sync::did_close(self, params)
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::sync::did_change_configuration(self, params)
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::sync::did_change_watched_files(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(handlers::actions::code_action(self, params).await)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(handlers::hover::hover(self, params).await)
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        Ok(handlers::navigation::document_link(self, params).await)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(handlers::navigation::document_symbol(self, params).await)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        Ok(handlers::navigation::goto_definition(self, params).await)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        Ok(handlers::navigation::references(self, params).await)
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        Ok(handlers::navigation::prepare_rename(self, params).await)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        handlers::navigation::rename(self, params).await
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        handlers::letter::execute_command(self, params).await
    }
}

/// The language server as a tower service, without stdio or the panic boundary: what
/// `run_stdio` serves, and what the `requests` fuzz target calls directly (where a panic
/// must surface). Must be called inside a tokio runtime (the worker is spawned on it);
/// the worker's diagnostics frames go to `frames`.
#[doc(hidden)]
pub fn build_service(
    frames: mpsc::UnboundedSender<Vec<u8>>,
) -> (LspService<Backend>, tower_lsp::ClientSocket) {
    let (sender, receiver) = mpsc::unbounded_channel::<Job>();
    let state = Arc::new(Mutex::new(State {
        jobs: Some(sender),
        ..State::default()
    }));
    let (ready_tx, ready_rx) = tokio::sync::watch::channel(false);
    LspService::build(|client| {
        tokio::spawn(worker(
            frames,
            client.clone(),
            state.clone(),
            receiver,
            ready_tx,
        ));
        Backend {
            client,
            state: state.clone(),
            index_ready: ready_rx,
        }
    })
    .custom_method(
        crate::transport::large_open::METHOD,
        handlers::sync::screened_open,
    )
    .custom_method("brieflint/rules", handlers::custom::rule_list)
    .custom_method(
        "brieflint/ruleDocumentation",
        handlers::custom::rule_documentation,
    )
    .custom_method("brieflint/recordIndex", handlers::custom::record_index)
    .custom_method("brieflint/length", handlers::custom::length)
    .custom_method(
        "brieflint/reviewResponses",
        handlers::custom::review_responses,
    )
    .custom_method(
        "brieflint/tableOfAuthorities",
        handlers::custom::table_of_authorities,
    )
    .finish()
}

/// Serves LSP over stdin/stdout until the client exits.
pub fn run_stdio() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    let filter = tracing_subscriber::EnvFilter::try_from_env("BRIEFLINT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // tower-lsp traces every message it reads and writes, document text included: those
    // lines are dropped at any log level unless BRIEFLINT_LOG_TEXT=1 asks for them.
    let log_text = std::env::var_os("BRIEFLINT_LOG_TEXT").is_some_and(|v| v == "1");
    let privileged = tracing_subscriber::filter::filter_fn(move |meta| {
        log_text
            || !(meta.target().starts_with("tower_lsp::codec")
                && *meta.level() == tracing::Level::TRACE)
    });
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(false)
                .with_filter(filter)
                .with_filter(privileged),
        )
        .try_init();
    // One thread for the message loop, which also runs the analyses that take a few
    // milliseconds; one for the long ones and the workspace scan (`scheduler::analysis_thread`).
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("brieflint: cannot start the async runtime: {e}");
            std::process::exit(2);
        }
    };
    runtime.block_on(async {
        // Frames written to stdout beside tower-lsp's: error responses to malformed input
        // and the diagnostics the worker publishes.
        let (frames_tx, frames_rx) = mpsc::unbounded_channel();
        let (service, socket) = build_service(frames_tx.clone());
        // tower-lsp reads and writes through pipes; `transport` guards the real stdio.
        let (server_input, guard_input) = tokio::io::duplex(INPUT_PIPE_BYTES);
        let (server_output, guard_output) = tokio::io::duplex(1 << 16);
        // The input is read and screened on a thread of its own: screening decodes each
        // message once, which for a `didOpen` of a 4 MB filing took milliseconds that
        // every other request waited for on the message loop.
        let input = spawn_input_thread(guard_input, frames_tx);
        let output = tokio::spawn(crate::transport::merge_output(
            guard_output,
            frames_rx,
            tokio::io::stdout(),
        ));
        Server::new(server_input, server_output, socket)
            .serve(crate::guard::CatchPanics::new(service))
            .await;
        // (The input thread ends with the process.)
        drop(input);
        let _ = output.await;
    });
}

/// Bytes the input thread may write ahead of tower-lsp's reading: a large `didOpen`
/// passes in a few hand-overs rather than one per 64 KB.
const INPUT_PIPE_BYTES: usize = 1 << 20;

/// Runs `transport::filter_input` on stdin in a thread with a runtime of its own.
fn spawn_input_thread(
    to_server: tokio::io::DuplexStream,
    errors: mpsc::UnboundedSender<Vec<u8>>,
) -> std::thread::JoinHandle<()> {
    let spawned = std::thread::Builder::new()
        .name("brieflint-input".to_string())
        .spawn(move || {
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(crate::transport::filter_input(
                    tokio::io::stdin(),
                    to_server,
                    errors,
                )),
                Err(e) => {
                    eprintln!("brieflint: cannot start the input thread's runtime: {e}");
                    std::process::exit(2);
                }
            }
        });
    spawned.unwrap_or_else(|e| {
        eprintln!("brieflint: cannot start the input thread: {e}");
        std::process::exit(2);
    })
}
