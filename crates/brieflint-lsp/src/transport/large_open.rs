//! A `didOpen` of a long document, decoded once on the input thread.
//!
//! Every message is decoded twice before a handler sees it: by the screen (`check`, to
//! know tower-lsp will accept it) and by tower-lsp. For a 4 MB filing each decoding
//! copies the text through serde's buffer, and a request sent right after the `didOpen`
//! waited for both, about 50 ms. A `didOpen` over `LARGE_MESSAGE_BYTES` is instead
//! decoded here, into its typed parameters, and its rope built here; tower-lsp gets a
//! small `brieflint/screenedOpen` notification carrying a key, which its handler
//! exchanges for the document (`take`). The notification keeps the `didOpen`'s place in
//! the order of messages, so edits that follow it still apply after it.
//!
//! A message this decoding refuses (not a notification, a malformed or unusual
//! `didOpen`, a lone surrogate in the text) goes the ordinary way, through `check` and
//! tower-lsp. The one difference from that way: fields a `didOpen` does not have are
//! skipped unread here, so a long `didOpen` whose extra field tower-lsp could not decode
//! (an unpaired surrogate escape, a number out of range) opens its document instead of
//! being answered with an error.

use ropey::Rope;
use serde::Deserialize;
use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tower_lsp::lsp_types::{DidOpenTextDocumentParams, Url};

/// Messages at least this long are tried as a `didOpen` first.
pub(crate) const LARGE_MESSAGE_BYTES: usize = 256 * 1024;

/// The method tower-lsp receives in the `didOpen`'s place.
pub(crate) const METHOD: &str = "brieflint/screenedOpen";

/// A document opened by a long `didOpen`: what `handlers::sync::did_open` needs of it.
pub(crate) struct ScreenedOpen {
    pub uri: Url,
    pub version: i32,
    pub rope: Rope,
}

/// The parameters of `brieflint/screenedOpen`.
#[derive(Deserialize)]
pub struct ScreenedOpenKey {
    key: u64,
}

/// Opens decoded on the input thread and not yet taken by the message loop, by key.
static PENDING: Mutex<Vec<(u64, ScreenedOpen)>> = Mutex::new(Vec::new());
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// A JSON-RPC notification of `didOpen` as tower-lsp would decode it: version "2.0"
/// (tower-lsp's `Version`), the method, typed parameters, and no `id` (a message with
/// one is a request, left to tower-lsp).
#[derive(Deserialize)]
struct OpenNotification<'a> {
    #[serde(borrow)]
    jsonrpc: Cow<'a, str>,
    #[serde(borrow)]
    method: Cow<'a, str>,
    params: DidOpenTextDocumentParams,
    #[serde(default, deserialize_with = "present")]
    id: bool,
}

fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(deserializer).map(|_| true)
}

/// The body tower-lsp receives instead of `body`, if `body` is a long `didOpen`
/// notification; the document is kept for `take`.
pub(crate) fn screen(body: &[u8]) -> Option<Vec<u8>> {
    if body.len() < LARGE_MESSAGE_BYTES {
        return None;
    }
    let open: OpenNotification = serde_json::from_slice(body).ok()?;
    if open.jsonrpc != "2.0" || open.method != "textDocument/didOpen" || open.id {
        return None;
    }
    let document = open.params.text_document;
    let screened = ScreenedOpen {
        uri: document.uri,
        version: document.version,
        rope: Rope::from_str(&document.text),
    };
    let key = NEXT_KEY.fetch_add(1, Ordering::Relaxed);
    pending().push((key, screened));
    let stand_in = serde_json::json!({
        "jsonrpc": "2.0", "method": METHOD, "params": {"key": key}
    });
    Some(stand_in.to_string().into_bytes())
}

/// The document kept under `key`. Messages are handled in the order they were read, so
/// any document kept under an earlier key was dropped by tower-lsp (a `didOpen` before
/// `initialize`) and is freed here.
pub(crate) fn take(key: ScreenedOpenKey) -> Option<ScreenedOpen> {
    let mut pending = pending();
    let taken = pending
        .iter()
        .position(|(k, _)| *k == key.key)
        .map(|i| pending.remove(i).1);
    pending.retain(|(k, _)| *k > key.key);
    taken
}

fn pending() -> std::sync::MutexGuard<'static, Vec<(u64, ScreenedOpen)>> {
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
