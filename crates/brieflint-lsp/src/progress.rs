//! Work-done progress (`window/workDoneProgress`) for the workspace scan, so an editor
//! shows "indexing" while the record of a large matter is read. Only for clients that
//! said they support it; a client that does not answer the create request within two
//! seconds gets none, and the scan goes on.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tower_lsp::lsp_types::notification::Progress;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::*;
use tower_lsp::Client;

/// A progress the client agreed to show; `end` closes it.
pub struct WorkDone {
    client: Client,
    token: NumberOrString,
}

impl WorkDone {
    /// Asks the client to show a progress titled `title`; `None` if it cannot.
    pub async fn begin(client: &Client, supported: bool, title: &str) -> Option<WorkDone> {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        if !supported {
            return None;
        }
        let token = NumberOrString::String(format!(
            "brieflint/index/{}",
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let created = tokio::time::timeout(
            Duration::from_secs(2),
            client.send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                token: token.clone(),
            }),
        )
        .await;
        if !matches!(created, Ok(Ok(()))) {
            tracing::debug!("the client did not create a work-done progress");
            return None;
        }
        let begin = WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: title.to_string(),
            cancellable: Some(false),
            message: None,
            percentage: None,
        });
        client
            .send_notification::<Progress>(ProgressParams {
                token: token.clone(),
                value: ProgressParamsValue::WorkDone(begin),
            })
            .await;
        Some(WorkDone {
            client: client.clone(),
            token,
        })
    }

    /// Ends the progress with `message` (counts only: never document text).
    pub async fn end(self, message: String) {
        let end = WorkDoneProgress::End(WorkDoneProgressEnd {
            message: Some(message),
        });
        self.client
            .send_notification::<Progress>(ProgressParams {
                token: self.token,
                value: ProgressParamsValue::WorkDone(end),
            })
            .await;
    }
}
