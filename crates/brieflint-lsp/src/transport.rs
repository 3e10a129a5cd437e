//! A guard in front of tower-lsp's stdio transport.
//!
//! tower-lsp 0.20 stops reading its input after the first frame it cannot decode
//! (its framed reader ends on a decode error), so one malformed message would end the
//! session. Here every frame is read and checked first: well-formed JSON-RPC goes on to
//! tower-lsp unchanged; anything else is answered with a JSON-RPC error (-32700 parse
//! error or -32600 invalid request) and the session continues. Output frames from
//! tower-lsp and these error responses are written to stdout whole, never interleaved.

use serde_json::{json, Value};
use std::future::Future;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::{Request, Response};

mod frames;
pub(crate) mod large_open;

use frames::{read_frame, Frame, MAX_FRAME};

pub(crate) fn frame_bytes(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_response(id: Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "error": {"code": code, "message": message}, "id": id});
    frame_bytes(body.to_string().as_bytes())
}

/// Checks a frame body; returns the error response to send instead, if any.
/// What tower-lsp 0.20's codec decodes a body into, in the same order: a body passes
/// `check` exactly when tower-lsp would accept it.
#[derive(serde::Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
    Response(Response),
    Request(Request),
}

fn check(body: &[u8]) -> Option<Vec<u8>> {
    // tower-lsp decodes the body as UTF-8, then parses it into its untagged `Message`,
    // which reads every string (a lone surrogate escape in an ignored field fails there,
    // while `from_slice::<Request>` skips it). Both found by the `jsonrpc` fuzz target.
    let Ok(text) = std::str::from_utf8(body) else {
        tracing::warn!(
            bytes = body.len(),
            "dropped a message that is not valid UTF-8"
        );
        return Some(error_response(
            Value::Null,
            -32700,
            "Parse error: the message is not valid UTF-8",
        ));
    };
    if serde_json::from_str::<Message>(text).is_ok() {
        return None;
    }
    match serde_json::from_slice::<Value>(body) {
        Err(_) => {
            tracing::warn!(bytes = body.len(), "dropped a message that is not JSON");
            Some(error_response(
                Value::Null,
                -32700,
                "Parse error: the message is not valid JSON",
            ))
        }
        Ok(value) => {
            tracing::warn!(
                "dropped a message that is not a JSON-RPC 2.0 request, notification or response"
            );
            let id = value
                .get("id")
                .filter(|id| id.is_number() || id.is_string())
                .cloned();
            Some(error_response(
                id.unwrap_or(Value::Null),
                -32600,
                "Invalid request: not a JSON-RPC 2.0 message",
            ))
        }
    }
}

/// `body` with every unpaired UTF-16 surrogate escape (`\ud800`-`\udfff` without its
/// partner) replaced by `\ufffd`, or `None` when it has none. serde_json (and so
/// tower-lsp) rejects a whole message for one: an edit typed next to a broken emoji
/// would be dropped and the document would diverge from the editor's.
fn repair_lone_surrogates(body: &str) -> Option<String> {
    fn escape_at(bytes: &[u8], i: usize) -> Option<u16> {
        let hex = bytes.get(i + 2..i + 6)?;
        (bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'u'))
            .then(|| u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok())
            .flatten()
    }
    let bytes = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut repaired = false;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = escape_at(bytes, i) else {
            i += 2; // any other escape, `\\` included
            continue;
        };
        let paired = (0xD800..0xDC00).contains(&unit)
            && escape_at(bytes, i + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if paired {
            i += 12;
        } else if (0xD800..0xE000).contains(&unit) {
            out.push_str(&body[copied..i]);
            out.push_str("\\ufffd");
            i += 6;
            copied = i;
            repaired = true;
        } else {
            i += 6;
        }
    }
    repaired.then(|| {
        out.push_str(&body[copied..]);
        out
    })
}

/// The method and id of a message, read without building its params (a didChange
/// carries the whole document): all the screen and the input loop need to know of it.
#[derive(serde::Deserialize)]
struct Head {
    method: Option<String>,
    id: Option<Value>,
}

/// The answer to a request that no handler may take: LSP reserves `$/` methods for
/// notifications a server may ignore, but a `$/` request must still be answered, with
/// MethodNotFound (tower-lsp drops it unanswered).
fn dollar_request_answer(head: &Head) -> Option<Vec<u8>> {
    let method = head.method.as_deref()?;
    let id = head.id.clone().filter(|id| !id.is_null())?;
    method
        .starts_with("$/")
        .then(|| error_response(id, -32601, &format!("Method not found: {method}")))
}

/// How long the server may take to finish after its input ends: handlers may be waiting
/// on answers from a client that is gone, which would otherwise keep it alive forever.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// What becomes of a frame read from the client.
#[doc(hidden)]
pub enum Screened {
    /// This body goes on to tower-lsp (it decodes it), with its method if it has one.
    Forward(Vec<u8>, Option<String>),
    /// This frame is answered here, in tower-lsp's stead, and goes no further.
    Answer(Vec<u8>),
}

/// Decides what becomes of `frame`: unpaired surrogates repaired, `$/` requests
/// answered, anything tower-lsp cannot decode answered with an error.
fn screen(frame: Frame) -> Screened {
    let mut body = match frame {
        Frame::Body(body) => body,
        Frame::Invalid(reason) => {
            tracing::warn!("dropped a frame: {reason}");
            return Screened::Answer(error_response(
                Value::Null,
                -32700,
                &format!("Parse error: {reason}"),
            ));
        }
    };
    if let Some(stand_in) = large_open::screen(&body) {
        return Screened::Forward(stand_in, Some(large_open::METHOD.to_string()));
    }
    let mut refused = check(&body);
    if refused.is_some() {
        if let Some(repaired) = std::str::from_utf8(&body)
            .ok()
            .and_then(repair_lone_surrogates)
        {
            tracing::warn!("replaced unpaired surrogates in a message with U+FFFD");
            body = repaired.into_bytes();
            refused = check(&body);
        }
    }
    if let Some(error) = refused {
        return Screened::Answer(error);
    }
    // It decodes as a JSON-RPC message, so its head does too.
    let head = serde_json::from_slice::<Head>(&body).unwrap_or(Head {
        method: None,
        id: None,
    });
    if let Some(answer) = dollar_request_answer(&head) {
        return Screened::Answer(answer);
    }
    Screened::Forward(body, head.method)
}

/// `screen` for one body, as if read whole from a frame (the fuzz target's other half).
#[doc(hidden)]
pub fn screen_body(body: Vec<u8>) -> Screened {
    screen(Frame::Body(body))
}

/// The input path without the server, for the `jsonrpc` fuzz target and tests: `input`
/// cut into frames by the same reader, each screened. The reader never waits on a
/// byte slice, so one poll finishes it.
#[doc(hidden)]
pub fn screen_stream(input: &[u8]) -> Vec<Screened> {
    let mut reader = input;
    let mut read = std::pin::pin!(async {
        let mut out = Vec::new();
        while let Ok(Some(frame)) = read_frame(&mut reader, MAX_FRAME).await {
            out.push(screen(frame));
        }
        out
    });
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match read.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => unreachable!("reading a byte slice never waits"),
    }
}

/// Forwards valid frames from `input` to `to_server`; sends error responses for the rest.
pub async fn filter_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    errors: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut reader = BufReader::new(input);
    let mut shutdown_requested = false;
    loop {
        let frame = match read_frame(&mut reader, MAX_FRAME).await {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(e) => {
                tracing::warn!("reading input failed: {e}");
                break;
            }
        };
        match screen(frame) {
            Screened::Forward(body, method) => {
                match method.as_deref() {
                    Some("shutdown") => shutdown_requested = true,
                    // LSP: exit with 0 after a shutdown request, 1 otherwise. Every
                    // response was written before the client could send `exit`.
                    Some("exit") => std::process::exit(if shutdown_requested { 0 } else { 1 }),
                    _ => {}
                }
                if to_server.write_all(&frame_bytes(&body)).await.is_err() {
                    break;
                }
            }
            Screened::Answer(answer) => {
                let _ = errors.send(answer);
            }
        }
    }
    // End of input ends the session, as a closed stdin always has: tower-lsp finishes
    // what it can, and whatever still waits (on a client that will never answer) is cut
    // off after a grace period, from a thread of its own in case the loop is busy.
    let _ = to_server.shutdown().await;
    let code = if shutdown_requested { 0 } else { 1 };
    let _ = std::thread::Builder::new()
        .name("brieflint-exit".to_string())
        .spawn(move || {
            std::thread::sleep(EXIT_GRACE);
            tracing::warn!("input ended with work still pending; exiting");
            std::process::exit(code);
        });
}

/// A notification, serialized straight into a frame. `publishDiagnostics` for a long
/// filing carries thousands of diagnostics: tower-lsp would build a `serde_json::Value`
/// of them first and serialize that, which takes longer than the analysis.
pub fn notification_frame(method: &str, params: &impl serde::Serialize) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    let body = serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method,
        params,
    })
    .expect("LSP types serialize");
    frame_bytes(&body)
}

/// Copies whole frames to `output`: tower-lsp's, and those sent on `direct` (the error
/// responses, and diagnostics the server serializes itself).
///
/// tower-lsp's output is read into frames on a task of its own and handed over by
/// channel: reading a frame is not cancel-safe, so racing it against `direct` in one
/// `select!` would lose the part of a response already read whenever a diagnostics
/// frame won the race, and that request would never be answered.
pub async fn merge_output(
    from_server: impl AsyncRead + Unpin + Send + 'static,
    mut direct: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    let (server_frames, mut from_server_frames) = mpsc::unbounded_channel();
    let reading = tokio::spawn(async move {
        let mut reader = BufReader::new(from_server);
        // tower-lsp writes well-formed frames; none is too large to pass on.
        while let Ok(Some(Frame::Body(body))) = read_frame(&mut reader, usize::MAX).await {
            if server_frames.send(frame_bytes(&body)).is_err() {
                break;
            }
        }
    });
    let mut direct_open = true;
    loop {
        let frame = tokio::select! {
            frame = from_server_frames.recv() => match frame {
                Some(frame) => frame,
                None => break,
            },
            frame = direct.recv(), if direct_open => match frame {
                Some(frame) => frame,
                None => {
                    direct_open = false;
                    continue;
                }
            },
        };
        if output.write_all(&frame).await.is_err() || output.flush().await.is_err() {
            break;
        }
    }
    reading.abort();
}

#[cfg(test)]
mod tests;
