//! The panic boundary around every request and notification handler.
//!
//! tower-lsp polls handler futures inside its own serve loop, so a panic in one (a
//! slice inside a multi-byte character, say) would unwind through the loop and end the
//! process. Here each handler's future is polled under `catch_unwind`: a request whose
//! handler panics gets a JSON-RPC internal error, a notification is dropped, one line is
//! logged (method only; the panic hook withholds the message, which can quote the
//! document), and the server goes on. Document state stays consistent: handlers that change it
//! (`didOpen`, `didChange`, `didClose`) validate first and mutate last, under one mutex
//! whose poisoning is ignored (`lock`).

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};
use tower_lsp::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_service::Service;

/// A method whose handler must panic, for testing this boundary through the real
/// binary: `BRIEFLINT_FAULT_INJECT=textDocument/hover`. Read once.
fn fault_injected(method: &str) -> bool {
    static INJECTED: std::sync::LazyLock<Option<String>> =
        std::sync::LazyLock::new(|| std::env::var("BRIEFLINT_FAULT_INJECT").ok());
    INJECTED.as_deref() == Some(method)
}

/// `inner` with every handler behind a panic boundary.
pub struct CatchPanics<S> {
    inner: S,
}

impl<S> CatchPanics<S> {
    pub fn new(inner: S) -> CatchPanics<S> {
        CatchPanics { inner }
    }
}

/// Polls a future, turning a panic in any poll into `Err(())`.
struct Unwinding<F> {
    future: Pin<Box<F>>,
}

impl<F: Future> Future for Unwinding<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let future = self.future.as_mut();
        match catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

fn failed(method: &str, id: Option<Id>) -> Option<Response> {
    tracing::error!(
        method,
        "a handler failed; the server goes on (a request gets an error)"
    );
    Some(Response::from_error(
        id?,
        Error {
            code: ErrorCode::InternalError,
            message: format!("brieflint failed on {method}; the server is still running").into(),
            data: None,
        },
    ))
}

impl<S> Service<Request> for CatchPanics<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Option<Response>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // Only what answering needs is kept; the params (document text) are not.
        let method = request.method().to_string();
        let id = request.id().cloned();
        let inject = fault_injected(&method);
        let inner = &mut self.inner;
        let Ok(future) = catch_unwind(AssertUnwindSafe(|| inner.call(request))) else {
            return Box::pin(std::future::ready(Ok(failed(&method, id))));
        };
        let guarded = Unwinding {
            future: Box::pin(async move {
                if inject {
                    panic!("fault injected into a handler");
                }
                future.await
            }),
        };
        Box::pin(async move {
            tracing::trace!(method, ?id, "handler started");
            let done = guarded.await;
            tracing::trace!(method, ?id, "handler finished");
            match done {
                Ok(result) => result,
                Err(()) => Ok(failed(&method, id)),
            }
        })
    }
}
